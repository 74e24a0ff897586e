package mutation

import (
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// An omitted input is unchanged, an explicit null a cleared field.
func TestOptionalInputs(t *testing.T) {
	if got := optDate(graph.NullDate{}); got.Set {
		t.Fatalf("omitted date: %+v", got)
	}
	if got := optStrings(graph.NullStringList{Set: true, Null: true}); !got.Set || !got.Null {
		t.Fatalf("null strings: %+v", got)
	}
}
