package resolver_test

import (
	"testing"

	"github.com/google/uuid"
)

// node(id) resolves every Node type from the ids the API serves, and is
// null for ids that name nothing.
func TestNodeResolvesEveryNodeType(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.createStrategy()
	c := f.createConcept(k.id)
	f.mustExec(f.plannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) { position } }`, "s", k.id.String())
	f.caughtUp()
	ids := f.mustExec(f.viewer, `query($s: ID!, $c: ID!) {
		strategy(id: $s) { contentRevision reviews { id } snapshot(at: {number: 2}) { id } revisionByNumber(number: 3) { id } }
		cooperationConcept(id: $c) { snapshot(at: {number: 1}) { id } } }`, "s", k.id.String(), "c", c.id.String())
	res := f.mustExec(f.reviewerB, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) {
		strategy { reviews { id } } } }`, "s", k.id.String(), "r", get(ids.Data, "strategy.contentRevision"))
	reviewID := f.str(res, "reviewStrategy.strategy.reviews.0.id")

	cases := []struct {
		id, typename, field string
		want                any
	}{
		{k.id.String(), "Strategy", "title", "Creative South Baltic"},
		{c.id.String(), "CooperationConcept", "title", "Creative consultancy"},
		{f.orgA.String(), "Organisation", "name", "Media Dizajn"},
		{f.locLT.String(), "Location", "name", "Rietavas"},
		{f.plannerA.ID.String(), "Actor", "name", "Paula Planner"},
		{f.str(ids, "strategy.revisionByNumber.id"), "Revision", "action", "addPriority"},
		{f.str(ids, "strategy.snapshot.id"), "StrategySnapshot", "title", "Creative South Baltic"},
		{f.str(ids, "cooperationConcept.snapshot.id"), "CooperationConceptSnapshot", "title", "Creative consultancy"},
		{reviewID, "Review", "decision", "APPROVED"},
	}
	const q = `query($id: ID!) { node(id: $id) { __typename id
		... on Strategy { title } ... on CooperationConcept { title } ... on Organisation { name } ... on Location { name }
		... on Actor { name } ... on Revision { action } ... on StrategySnapshot { title }
		... on CooperationConceptSnapshot { title } ... on Review { decision } } }`
	for _, tc := range cases {
		res := f.mustExec(f.viewer, q, "id", tc.id)
		if get(res.Data, "node.__typename") != tc.typename || get(res.Data, "node.id") != tc.id || get(res.Data, "node."+tc.field) != tc.want {
			t.Errorf("node(%s): %v, want %s with %s %v", tc.id, res.Data, tc.typename, tc.field, tc.want)
		}
	}
	for _, id := range []string{
		uuid.NewString(), "not an id", k.id.String() + ":rev:999", k.id.String() + ":rev:0",
		k.id.String() + ":snap:999", f.orgA.String() + ":snap:1", k.id.String() + ":review:" + uuid.NewString(),
		f.orgA.String() + ":review:" + uuid.NewString(), uuid.NewString() + ":rev:1",
	} {
		res := f.mustExec(f.viewer, q, "id", id)
		if get(res.Data, "node") != nil {
			t.Errorf("node(%s) = %v, want null", id, res.Data)
		}
	}
	if res := f.exec(nil, q, "id", k.id.String()); res.code(0) != "UNAUTHENTICATED" {
		t.Errorf("anonymous node: %+v", res.Errors)
	}
	me := f.mustExec(f.reviewerA, `{ viewer { id name role kind erased organisation { name } } }`)
	if get(me.Data, "viewer.id") != f.reviewerA.ID.String() || get(me.Data, "viewer.role") != "REVIEWER" ||
		get(me.Data, "viewer.organisation.name") != "Media Dizajn" {
		t.Errorf("viewer %v", me.Data)
	}
}
