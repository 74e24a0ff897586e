package resolver_test

import (
	"fmt"
	"testing"
)

// A mutation naming a subject of another type finds nothing: loading a
// stream as the wrong aggregate is refused, and nothing is appended.
func TestMutationOnASubjectOfAnotherTypeIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	concept := f.createConcept(k.id)
	before := f.events()
	cases := map[string]string{
		"location as strategy":             fmt.Sprintf(`mutation { updateStrategy(input: {strategyId: "%s", title: "X"}) { position } }`, f.locDE),
		"concept as strategy":              fmt.Sprintf(`mutation { submitStrategyForReview(input: {strategyId: "%s"}) { position } }`, concept.id),
		"strategy as concept":              fmt.Sprintf(`mutation { updateCooperationConcept(input: {conceptId: "%s", title: "X"}) { position } }`, k.id),
		"strategy as organisation":         fmt.Sprintf(`mutation { updateOrganisation(input: {organisationId: "%s", name: "X"}) { position } }`, k.id),
		"restore of a concept as strategy": fmt.Sprintf(`mutation { restoreStrategyRevision(input: {subjectId: "%s", revision: 1}) { position } }`, concept.id),
	}
	for name, doc := range cases {
		res := f.exec(&f.admin, doc)
		if res.code(0) != "NOT_FOUND" {
			t.Errorf("%s: got %+v, want NOT_FOUND", name, res.Errors)
		}
	}
	if f.events() != before {
		t.Fatal("a refused mutation appended events")
	}
}
