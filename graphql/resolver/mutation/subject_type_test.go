package mutation_test

import (
	"fmt"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// A mutation naming a subject of another type finds nothing: loading a
// stream as the wrong aggregate is refused, and nothing is appended.
func TestMutationOnASubjectOfAnotherTypeIsNotFound(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	concept := f.CreateConcept(k.ID)
	before := f.Events()
	cases := map[string]string{
		"location as strategy":             fmt.Sprintf(`mutation { updateStrategy(input: {strategyId: "%s", title: "X"}) { position } }`, f.LocDE),
		"concept as strategy":              fmt.Sprintf(`mutation { submitStrategyForReview(input: {strategyId: "%s"}) { position } }`, concept.ID),
		"strategy as concept":              fmt.Sprintf(`mutation { updateCooperationConcept(input: {conceptId: "%s", title: "X"}) { position } }`, k.ID),
		"strategy as organisation":         fmt.Sprintf(`mutation { updateOrganisation(input: {organisationId: "%s", name: "X"}) { position } }`, k.ID),
		"restore of a concept as strategy": fmt.Sprintf(`mutation { restoreStrategyRevision(input: {subjectId: "%s", revision: 1}) { position } }`, concept.ID),
	}
	for name, doc := range cases {
		res := f.Exec(&f.Admin, doc)
		if res.Code(0) != "NOT_FOUND" {
			t.Errorf("%s: got %+v, want NOT_FOUND", name, res.Errors)
		}
	}
	if f.Events() != before {
		t.Fatal("a refused mutation appended events")
	}
}
