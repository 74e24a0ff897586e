package history

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func changesOf(t *testing.T) []change {
	t.Helper()
	before := domain.NewDoc().Set("name", "Org")
	after := domain.NewDoc().Set("name", "Org 2").List("contact", []domain.Item{{Key: "p1", Doc: domain.NewDoc().
		Set("name", "Erika").Set("email", "e@example.org").Set("phone", nil)}})
	changes := fromDiff(domain.Diff(before, after))
	changes = append(changes, change{Path: "/contact/p1/name", Kind: domain.Changed, Before: "Erika", After: "Erika M."},
		change{Path: "/contact/p1/email", Kind: domain.Removed, Before: "e@example.org"})
	return changes
}

func encode(t *testing.T, c []change) string {
	t.Helper()
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestRedactNullsErasedValuesAtAndInsideChanges(t *testing.T) {
	changes := changesOf(t)
	if !redact(changes, []string{"/contact/p1/name", "/contact/p1/email"}) {
		t.Fatal("redact reported no change")
	}
	want := `[{"path":"/name","kind":"CHANGED","before":"Org","after":"Org 2"},` +
		`{"path":"/contact/p1","kind":"ADDED","before":null,"after":{"email":null,"name":null,"phone":null},"redacted":true},` +
		`{"path":"/contact/p1/name","kind":"CHANGED","before":null,"after":null,"redacted":true},` +
		`{"path":"/contact/p1/email","kind":"REMOVED","before":null,"after":null,"redacted":true}]`
	if got := encode(t, changes); got != want {
		t.Errorf("redacted\n%s\nwant\n%s", got, want)
	}
	if redact(changes, []string{"/contact/p1/name", "/contact/p1/email"}) {
		t.Error("redacting twice changed something")
	}
}

func TestRedactingInStepsEqualsRedactingAtOnce(t *testing.T) {
	a, b := []string{"/contact/p1/name"}, []string{"/contact/p1/email", "/contact/p1/phone"}
	steps, once := changesOf(t), changesOf(t)
	redact(steps, a)
	redact(steps, b)
	all, _ := union(a, b)
	redact(once, all)
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
