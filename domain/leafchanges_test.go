package domain

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomDoc is a document of fields, nested keyed lists and items without
// fields (their own leaves), drawn from a small space so that two draws
// share and differ in every way a revision can.
func randomDoc(rng *rand.Rand, depth int) Doc {
	d := NewDoc()
	for _, name := range []string{"a", "b", "c"} {
		if rng.IntN(3) > 0 {
			d.Fields[name] = []any{"x", "y", 1.0, true, nil}[rng.IntN(5)]
		}
	}
	if depth == 0 {
		return d
	}
	for _, name := range []string{"items", "empty"} {
		if rng.IntN(4) == 0 {
			continue
		}
		var items []Item
		for _, key := range rng.Perm(4)[:rng.IntN(4)] {
			doc := NewDoc()
			if name == "items" && rng.IntN(3) > 0 {
				doc = randomDoc(rng, depth-1)
			}
			items = append(items, Item{Key: fmt.Sprint(key), Doc: doc})
		}
		d.List(name, items)
	}
	return d
}

// The leaves a revision sets and removes, derived from its changes, are
// those comparing every leaf of the documents finds.
func TestLeafChangesFromChangesEqualLeafComparison(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		before, after := randomDoc(rng, 2), randomDoc(rng, 2)
		if i%2 == 0 {
			after = randomEdit(rng, before) // a few edits of the same document
		}
		wantSet, wantRemoved := LeafChanges(before.Leaves(), after.Leaves())
		gotSet, gotRemoved := leafChanges(before, after, Diff(before, after))
		if !slices.Equal(wantSet, gotSet) || !slices.Equal(wantRemoved, gotRemoved) {
			t.Fatalf("case %d:\nbefore %v\nafter %v\nset %v want %v\nremoved %v want %v",
				i, before.Value(), after.Value(), gotSet, wantSet, gotRemoved, wantRemoved)
		}
	}
}

// randomEdit returns a copy of d with one field or one list replaced.
func randomEdit(rng *rand.Rand, d Doc) Doc {
	out := NewDoc()
	for k, v := range d.Fields {
		out.Fields[k] = v
	}
	for k, v := range d.Lists {
		out.Lists[k] = v
	}
	other := randomDoc(rng, 1)
	switch rng.IntN(3) {
	case 0:
		out.Fields["a"] = other.Fields["a"]
	case 1:
		out.Lists["items"] = other.Lists["items"]
	default:
		delete(out.Fields, "b")
	}
	return out
}
