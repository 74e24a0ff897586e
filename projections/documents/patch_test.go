package documents

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func TestStatePatchFoldsStepsALaterStepOverwrites(t *testing.T) {
	set := func(v string, path ...string) domain.PatchOp {
		return domain.PatchOp{Path: path, Value: json.RawMessage(v)}
	}
	var p statePatch
	p.add(domain.StatePatch{set(`{"a":[1,2]}`)})                  // creation: kept, first
	p.add(domain.StatePatch{set(`5`, "a", "0"), set(`"x"`, "t")}) // a/0 overwritten by a below
	p.add(domain.StatePatch{set(`[7,8,9]`, "a"), set(`"y"`, "t")})
	p.add(domain.StatePatch{set(`6`, "a", "1"), {Path: []string{"gone"}, Delete: true}})
	paths, values, deletes := p.arrays()
	if want := []string{`{}`, `{"a"}`, `{"t"}`, `{"a","1"}`, `{"gone"}`}; !slices.Equal(paths, want) {
		t.Fatalf("paths %v, want %v", paths, want)
	}
	if want := []string{`{"a":[1,2]}`, `[7,8,9]`, `"y"`, `6`, `null`}; !slices.Equal(values, want) {
		t.Fatalf("values %v, want %v", values, want)
	}
	if want := []bool{false, false, false, false, true}; !slices.Equal(deletes, want) {
		t.Fatalf("deletes %v", deletes)
	}

	// A later whole-state step leaves nothing before it.
	p.add(domain.StatePatch{set(`{"z":1}`)})
	if paths, _, _ := p.arrays(); !slices.Equal(paths, []string{`{}`}) {
		t.Fatalf("after a whole-state step: %v", paths)
	}
}
