package domain

import (
	"encoding/json"
	"reflect"
	"testing"
)

func changesOf(t *testing.T) []Change {
	t.Helper()
	before := NewDoc().Set("name", "Org")
	after := NewDoc().Set("name", "Org 2").List("contact", []Item{{Key: "p1", Doc: NewDoc().
		Set("name", "Erika").Set("email", "e@example.org").Set("phone", nil)}})
	changes := Diff(before, after)
	changes = append(changes, Change{Path: "/contact/p1/name", Kind: Changed, Before: "Erika", After: "Erika M."},
		Change{Path: "/contact/p1/email", Kind: Removed, Before: "e@example.org"})
	return changes
}

func encode(t *testing.T, c []Change) string {
	t.Helper()
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestRedactNullsErasedValuesAtAndInsideChanges(t *testing.T) {
	changes := changesOf(t)
	if !Redact(changes, []string{"/contact/p1/name", "/contact/p1/email"}) {
		t.Fatal("redact reported no change")
	}
	want := `[{"path":"/name","kind":"CHANGED","before":"Org","after":"Org 2"},` +
		`{"path":"/contact/p1","kind":"ADDED","before":null,"after":{"email":null,"name":null,"phone":null},"redacted":true},` +
		`{"path":"/contact/p1/name","kind":"CHANGED","before":null,"after":null,"redacted":true},` +
		`{"path":"/contact/p1/email","kind":"REMOVED","before":null,"after":null,"redacted":true}]`
	if got := encode(t, changes); got != want {
		t.Errorf("redacted\n%s\nwant\n%s", got, want)
	}
	if Redact(changes, []string{"/contact/p1/name", "/contact/p1/email"}) {
		t.Error("redacting twice changed something")
	}
}

func TestRedactingInStepsEqualsRedactingAtOnce(t *testing.T) {
	a, b := []string{"/contact/p1/name"}, []string{"/contact/p1/email", "/contact/p1/phone"}
	steps, once := changesOf(t), changesOf(t)
	Redact(steps, a)
	Redact(steps, b)
	all := append(append([]string{}, a...), b...)
	Redact(once, all)
	if !reflect.DeepEqual(encode(t, steps), encode(t, once)) {
		t.Errorf("in steps %s\nat once %s", encode(t, steps), encode(t, once))
	}
}

func TestRedactingAWholeItemKeepsItsPlace(t *testing.T) {
	v := map[string]any{"contact": []any{map[string]any{"key": "p1", "name": "Erika"}, map[string]any{"key": "p2", "name": "Max"}}}
	got, hit := redactIn(v, []string{"contact", "p1"})
	want := map[string]any{"contact": []any{map[string]any{"key": "p1", "name": nil}, map[string]any{"key": "p2", "name": "Max"}}}
	if !hit || !reflect.DeepEqual(got, want) {
		t.Errorf("redactIn = %v, %v", got, hit)
	}
	if v["contact"].([]any)[0].(map[string]any)["name"] != "Erika" {
		t.Error("redactIn modified its input")
	}
	if _, hit := redactIn(v, []string{"contact", "p3", "name"}); hit {
		t.Error("redactIn hit a missing item")
	}
}

func TestKeepErasedKeepsHiddenChangesOfTheRevisionsKeysOnly(t *testing.T) {
	erased := []string{"/contact/p1/email", "/contact/p1/name", "/contact/p2/name"}
	changes := []Change{{Path: "/website", Kind: Changed, Before: "a", After: "b"}, {Path: "/contact/p1/name", Kind: Changed}}
	got := KeepErased(changes, []string{"p1"}, erased)
	if len(got) != 3 || got[2] != (Change{Path: "/contact/p1/email", Kind: Changed, Redacted: true}) {
		t.Fatalf("KeepErased = %+v", got)
	}
	if got := KeepErased(nil, nil, erased); len(got) != 0 {
		t.Fatalf("a revision without personal data kept %+v", got)
	}
}
