package domain_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

// list builds a list of items without fields, keyed in order.
func list(keys string) []domain.Item {
	var items []domain.Item
	for _, k := range strings.Fields(keys) {
		items = append(items, domain.Item{Key: k, Doc: domain.NewDoc()})
	}
	return items
}

func item(key string, doc domain.Doc) domain.Item { return domain.Item{Key: key, Doc: doc} }

func wantDiff(t *testing.T, from, to domain.Doc, want ...domain.Change) {
	t.Helper()
	got := domain.Diff(from, to)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff:\n got %#v\nwant %#v", got, want)
	}
}

func TestDiffFields(t *testing.T) {
	from := domain.NewDoc().Set("title", "Old").Set("vision", "V").Set("gone", "x")
	to := domain.NewDoc().Set("title", "New").Set("vision", "V").Set("startYear", 2026)
	wantDiff(t, from, to,
		domain.Change{Path: "/gone", Kind: domain.Removed, Before: "x"},
		domain.Change{Path: "/startYear", Kind: domain.Added, After: 2026},
		domain.Change{Path: "/title", Kind: domain.Changed, Before: "Old", After: "New"},
	)
}

func TestDiffFieldToAndFromNull(t *testing.T) {
	from := domain.NewDoc().Set("region", "MV")
	to := domain.NewDoc().Set("region", nil)
	wantDiff(t, from, to, domain.Change{Path: "/region", Kind: domain.Changed, Before: "MV", After: nil})
	wantDiff(t, to, from, domain.Change{Path: "/region", Kind: domain.Changed, Before: nil, After: "MV"})
}

func TestDiffEqualDocumentsHaveNoChanges(t *testing.T) {
	build := func() domain.Doc {
		return domain.NewDoc().Set("title", "T").Set("years", []int{2026, 2027}).
			List("sections", []domain.Item{item("s1", domain.NewDoc().Set("body", "b").List("notes", list("n1 n2")))})
	}
	wantDiff(t, build(), build())
	wantDiff(t, domain.NewDoc(), domain.NewDoc())
	wantDiff(t, domain.Doc{}, domain.Doc{})
}

func TestDiffComparesNumbersAsJSON(t *testing.T) {
	wantDiff(t, domain.NewDoc().Set("n", 1), domain.NewDoc().Set("n", 1.0))
	wantDiff(t, domain.NewDoc().Set("n", int64(3)), domain.NewDoc().Set("n", float32(3)))
	wantDiff(t, domain.NewDoc().Set("m", map[string]any{"a": 1}), domain.NewDoc().Set("m", map[string]any{"a": 1.0}))
	wantDiff(t, domain.NewDoc().Set("l", []string{}), domain.NewDoc().Set("l", []string(nil)))
	wantDiff(t, domain.NewDoc().Set("l", []string{"a"}), domain.NewDoc().Set("l", []any{"a"}))
	wantDiff(t, domain.NewDoc().Set("n", 1), domain.NewDoc().Set("n", 1.5),
		domain.Change{Path: "/n", Kind: domain.Changed, Before: 1, After: 1.5})
	wantDiff(t, domain.NewDoc().Set("n", 0), domain.NewDoc().Set("n", nil),
		domain.Change{Path: "/n", Kind: domain.Changed, Before: 0, After: nil})
}

func TestEqual(t *testing.T) {
	for _, tc := range []struct {
		a, b any
		want bool
	}{
		{1, 1.0, true},
		{[]string{}, nil, true},
		{[]any{}, []int(nil), true},
		{"1", 1, false},
		{false, nil, false},
		{map[string]any{"a": []int{1}}, map[string]any{"a": []float64{1}}, true},
		{map[string]any{}, nil, false},
	} {
		if got := domain.Equal(tc.a, tc.b); got != tc.want {
			t.Errorf("Equal(%#v, %#v) = %v", tc.a, tc.b, got)
		}
	}
}

func TestDiffItemsAddedAndRemovedWithWholeValues(t *testing.T) {
	from := domain.NewDoc().List("sections", []domain.Item{
		item("s1", domain.NewDoc().Set("heading", "One")),
		item("s2", domain.NewDoc().Set("heading", "Two").List("notes", list("n1"))),
	})
	to := domain.NewDoc().List("sections", []domain.Item{
		item("s1", domain.NewDoc().Set("heading", "One")),
		item("s3", domain.NewDoc().Set("heading", "Three")),
	})
	wantDiff(t, from, to,
		domain.Change{Path: "/sections/s2", Kind: domain.Removed, Before: map[string]any{
			"heading": "Two", "notes": []any{map[string]any{"key": "n1"}},
		}},
		domain.Change{Path: "/sections/s3", Kind: domain.Added, After: map[string]any{"heading": "Three"}},
	)
}

func TestDiffWholeListAddedOrRemoved(t *testing.T) {
	with := domain.NewDoc().List("partners", list("a b"))
	without := domain.NewDoc()
	wantDiff(t, without, with,
		domain.Change{Path: "/partners/a", Kind: domain.Added, After: map[string]any{}},
		domain.Change{Path: "/partners/b", Kind: domain.Added, After: map[string]any{}},
	)
	wantDiff(t, with, without,
		domain.Change{Path: "/partners/a", Kind: domain.Removed, Before: map[string]any{}},
		domain.Change{Path: "/partners/b", Kind: domain.Removed, Before: map[string]any{}},
	)
}

func TestDiffNestedChanges(t *testing.T) {
	measure := func(status string) domain.Doc {
		return domain.NewDoc().Set("title", "M").Set("status", status)
	}
	doc := func(status string, objectiveTitle string, measures ...domain.Item) domain.Doc {
		return domain.NewDoc().Set("title", "Strategy").List("priorities", []domain.Item{
			item("p1", domain.NewDoc().Set("title", "P").List("objectives", []domain.Item{
				item("o1", domain.NewDoc().Set("title", objectiveTitle).List("measures", append([]domain.Item{
					item("m1", measure(status)),
				}, measures...))),
			})),
		})
	}
	from := doc("PLANNED", "O")
	to := doc("DONE", "O2", item("m2", measure("PLANNED")))
	wantDiff(t, from, to,
		domain.Change{Path: "/priorities/p1/objectives/o1/title", Kind: domain.Changed, Before: "O", After: "O2"},
		domain.Change{Path: "/priorities/p1/objectives/o1/measures/m1/status", Kind: domain.Changed, Before: "PLANNED", After: "DONE"},
		domain.Change{Path: "/priorities/p1/objectives/o1/measures/m2", Kind: domain.Added, After: map[string]any{"title": "M", "status": "PLANNED"}},
	)
}

func TestDiffOrder(t *testing.T) {
	// Fields before lists, each in name order; items in their order in to.
	from := domain.NewDoc().Set("b", 1).Set("a", 1).
		List("y", list("k1 k2")).List("x", []domain.Item{item("i1", domain.NewDoc().Set("v", 1))})
	to := domain.NewDoc().Set("b", 2).Set("a", 2).
		List("y", list("k3 k1")).List("x", []domain.Item{item("i1", domain.NewDoc().Set("v", 2))})
	var paths []string
	for _, c := range domain.Diff(from, to) {
		paths = append(paths, string(c.Kind)+" "+c.Path)
	}
	want := []string{"CHANGED /a", "CHANGED /b", "CHANGED /x/i1/v", "REMOVED /y/k2", "ADDED /y/k3"}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("order = %v", paths)
	}
}

func TestDiffMoved(t *testing.T) {
	for name, tc := range map[string]struct {
		from, to string
		want     []domain.Change
	}{
		"first to last": {"a b c d", "b c d a", []domain.Change{
			{Path: "/l/a", Kind: domain.Moved, Before: "b", After: nil},
		}},
		"last to first": {"a b c", "c a b", []domain.Change{
			{Path: "/l/c", Kind: domain.Moved, Before: nil, After: "a"},
		}},
		"swap moves one item": {"a b", "b a", []domain.Change{
			{Path: "/l/a", Kind: domain.Moved, Before: "b", After: nil},
		}},
		"one from the middle": {"a b c d e", "a c d b e", []domain.Change{
			{Path: "/l/b", Kind: domain.Moved, Before: "c", After: "e"},
		}},
		"reversed moves all but one": {"a b c d", "d c b a", []domain.Change{
			{Path: "/l/c", Kind: domain.Moved, Before: "d", After: "b"},
			{Path: "/l/b", Kind: domain.Moved, Before: "c", After: "a"},
			{Path: "/l/a", Kind: domain.Moved, Before: "b", After: nil},
		}},
		"unchanged order": {"a b c", "a b c", nil},
		"removal is no move": {"a b c", "a c", []domain.Change{
			{Path: "/l/b", Kind: domain.Removed, Before: map[string]any{}},
		}},
		"insertion is no move": {"a c", "a b c", []domain.Change{
			{Path: "/l/b", Kind: domain.Added, After: map[string]any{}},
		}},
		// Successors are read in each whole list, removed and added items
		// included: they say where the item stood in each version.
		"move beside additions and removals": {"a b c", "c x a", []domain.Change{
			{Path: "/l/b", Kind: domain.Removed, Before: map[string]any{}},
			{Path: "/l/x", Kind: domain.Added, After: map[string]any{}},
			{Path: "/l/a", Kind: domain.Moved, Before: "b", After: nil},
		}},
	} {
		t.Run(name, func(t *testing.T) {
			from := domain.NewDoc().List("l", list(tc.from))
			to := domain.NewDoc().List("l", list(tc.to))
			wantDiff(t, from, to, tc.want...)
		})
	}
}

func TestDiffMovesAreMinimal(t *testing.T) {
	// Moving one item far away is one move, not many shifts.
	from := domain.NewDoc().List("l", list("a b c d e f g h"))
	to := domain.NewDoc().List("l", list("b c d e f g h a"))
	changes := domain.Diff(from, to)
	if len(changes) != 1 || changes[0].Path != "/l/a" {
		t.Fatalf("changes = %+v", changes)
	}
	// Two independent moves are two changes.
	to = domain.NewDoc().List("l", list("b a c d e f h g"))
	if changes := domain.Diff(from, to); len(changes) != 2 {
		t.Fatalf("changes = %+v", changes)
	}
}

func TestDiffMovedItemWithChangedFields(t *testing.T) {
	from := domain.NewDoc().List("l", []domain.Item{item("a", domain.NewDoc().Set("v", 1)), item("b", domain.NewDoc().Set("v", 1))})
	to := domain.NewDoc().List("l", []domain.Item{item("b", domain.NewDoc().Set("v", 1)), item("a", domain.NewDoc().Set("v", 2))})
	wantDiff(t, from, to,
		domain.Change{Path: "/l/a/v", Kind: domain.Changed, Before: 1, After: 2},
		domain.Change{Path: "/l/a", Kind: domain.Moved, Before: "b", After: nil},
	)
}

func sample() domain.Doc {
	return domain.NewDoc().
		Set("title", "Strategy").
		Set("region", nil).
		List("partners", list("org1 org2")).
		List("sections", []domain.Item{
			item("s1", domain.NewDoc().Set("heading", "Intro").Set("body", "Text").
				List("notes", []domain.Item{item("n1", domain.NewDoc().Set("text", "note"))})),
		}).
		List("empty", nil)
}

func TestLeaves(t *testing.T) {
	want := map[string]any{
		"/title":                     "Strategy",
		"/region":                    nil,
		"/partners/org1":             true,
		"/partners/org2":             true,
		"/sections/s1/heading":       "Intro",
		"/sections/s1/body":          "Text",
		"/sections/s1/notes/n1/text": "note",
	}
	if got := sample().Leaves(); !reflect.DeepEqual(got, want) {
		t.Fatalf("leaves = %#v", got)
	}
	if got := domain.NewDoc().Leaves(); len(got) != 0 {
		t.Fatalf("empty doc leaves = %v", got)
	}
}

func TestLookup(t *testing.T) {
	doc := sample()
	for path, want := range map[string]any{
		"/title":                     "Strategy",
		"/region":                    nil,
		"/sections/s1/heading":       "Intro",
		"/sections/s1/notes/n1/text": "note",
		"/sections/s1/notes/n1":      map[string]any{"text": "note"},
		"/partners/org2":             map[string]any{},
		"/sections/s1":               map[string]any{"heading": "Intro", "body": "Text", "notes": []any{map[string]any{"key": "n1", "text": "note"}}},
		"/partners":                  []any{map[string]any{"key": "org1"}, map[string]any{"key": "org2"}},
		"/empty":                     []any{},
		"title":                      "Strategy", // the leading slash is optional
	} {
		got, ok := doc.Lookup(path)
		if !ok || !reflect.DeepEqual(got, want) && !domain.Equal(got, want) {
			t.Errorf("Lookup(%q) = %#v, %v; want %#v", path, got, ok, want)
		}
	}
	for _, path := range []string{"", "/", "/missing", "/partners/org3", "/sections/s2/heading", "/sections/s1/missing", "/title/x", "/sections/s1/notes/n1/text/deeper"} {
		if got, ok := doc.Lookup(path); ok {
			t.Errorf("Lookup(%q) = %#v, want nothing", path, got)
		}
	}
}

// Every leaf can be looked up, and a diff's paths can be looked up in the
// document they came from.
func TestLeavesAndDiffPathsResolve(t *testing.T) {
	doc := sample()
	for path, want := range doc.Leaves() {
		got, ok := doc.Lookup(path)
		if !ok {
			t.Errorf("leaf %s cannot be looked up", path)
			continue
		}
		if want == true && domain.Equal(got, map[string]any{}) {
			continue // an item without fields is its own leaf
		}
		if !domain.Equal(got, want) {
			t.Errorf("Lookup(%s) = %v, leaf value %v", path, got, want)
		}
	}
	for _, c := range domain.Diff(domain.NewDoc(), doc) {
		if _, ok := doc.Lookup(c.Path); !ok {
			t.Errorf("change path %s cannot be looked up", c.Path)
		}
	}
}

func TestValue(t *testing.T) {
	want := map[string]any{
		"title":    "Strategy",
		"region":   nil,
		"partners": []any{map[string]any{"key": "org1"}, map[string]any{"key": "org2"}},
		"sections": []any{map[string]any{"key": "s1", "heading": "Intro", "body": "Text",
			"notes": []any{map[string]any{"key": "n1", "text": "note"}}}},
		"empty": []any{},
	}
	if got := sample().Value(); !reflect.DeepEqual(got, want) {
		t.Fatalf("value = %#v", got)
	}
}

func TestOverlaps(t *testing.T) {
	for _, tc := range []struct {
		p, q string
		want bool
	}{
		{"/title", "/title", true},
		{"/sections/s1", "/sections/s1/body", true},
		{"/sections/s1/body", "/sections/s1", true},
		{"/sections", "/sections/s1/notes/n1/text", true},
		{"/title", "/vision", false},
		{"/sections/s1", "/sections/s10", false},
		{"/sections/s1/body", "/sections/s1/heading", false},
		{"/a", "/ab/c", false},
	} {
		if got := domain.Overlaps(tc.p, tc.q); got != tc.want {
			t.Errorf("Overlaps(%q, %q) = %v", tc.p, tc.q, got)
		}
	}
}

func TestHasPrefix(t *testing.T) {
	for _, tc := range []struct {
		path, prefix string
		want         bool
	}{
		{"/title", "", true},
		{"/title", "/", true},
		{"/title", "/title", true},
		{"/sections/s1/body", "/sections", true},
		{"/sections/s1/body", "/sections/", true},
		{"/sections/s1/body", "/sections/s1", true},
		{"/sections/s10/body", "/sections/s1", false},
		{"/sections", "/sections/s1", false},
		{"/title", "/vision", false},
	} {
		if got := domain.HasPrefix(tc.path, tc.prefix); got != tc.want {
			t.Errorf("HasPrefix(%q, %q) = %v", tc.path, tc.prefix, got)
		}
	}
}

func TestListKeepsEmptyLists(t *testing.T) {
	d := domain.NewDoc().List("pilots", nil)
	if items, ok := d.Lists["pilots"]; !ok || items == nil {
		t.Fatal("an empty list must stay visible")
	}
}
