package read_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// node(id) resolves every Node type from the ids the API serves, and is
// null for ids that name nothing.
func TestNodeResolvesEveryNodeType(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	k := f.CreateStrategy()
	c := f.CreateConcept(k.ID)
	f.MustExec(f.PlannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) { position } }`, "s", k.ID.String())
	f.CaughtUp()
	ids := f.MustExec(f.Viewer, `query($s: ID!, $c: ID!) {
		strategy(id: $s) { contentRevision reviews { id } snapshot(at: {number: 2}) { id } revisionByNumber(number: 3) { id } }
		cooperationConcept(id: $c) { snapshot(at: {number: 1}) { id } } }`, "s", k.ID.String(), "c", c.ID.String())
	res := f.MustExec(f.ReviewerB, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) {
		strategy { reviews { id } } } }`, "s", k.ID.String(), "r", resolvertest.Get(ids.Data, "strategy.contentRevision"))
	reviewID := f.Str(res, "reviewStrategy.strategy.reviews.0.id")

	cases := []struct {
		id, typename, field string
		want                any
	}{
		{k.ID.String(), "Strategy", "title", "Creative South Baltic"},
		{c.ID.String(), "CooperationConcept", "title", "Creative consultancy"},
		{f.OrgA.String(), "Organisation", "name", "Media Dizajn"},
		{f.LocLT.String(), "Location", "name", "Rietavas"},
		{f.PlannerA.ID.String(), "Actor", "name", "Paula Planner"},
		{f.Str(ids, "strategy.revisionByNumber.id"), "Revision", "action", "addPriority"},
		{f.Str(ids, "strategy.snapshot.id"), "StrategySnapshot", "title", "Creative South Baltic"},
		{f.Str(ids, "cooperationConcept.snapshot.id"), "CooperationConceptSnapshot", "title", "Creative consultancy"},
		{reviewID, "Review", "decision", "APPROVED"},
	}
	const q = `query($id: ID!) { node(id: $id) { __typename id
		... on Strategy { title } ... on CooperationConcept { title } ... on Organisation { name } ... on Location { name }
		... on Actor { name } ... on Revision { action } ... on StrategySnapshot { title }
		... on CooperationConceptSnapshot { title } ... on Review { decision } } }`
	for _, tc := range cases {
		res := f.MustExec(f.Viewer, q, "id", tc.id)
		if resolvertest.Get(res.Data, "node.__typename") != tc.typename || resolvertest.Get(res.Data, "node.id") != tc.id || resolvertest.Get(res.Data, "node."+tc.field) != tc.want {
			t.Errorf("node(%s): %v, want %s with %s %v", tc.id, res.Data, tc.typename, tc.field, tc.want)
		}
	}
	for _, id := range []string{
		uuid.NewString(), "not an id", k.ID.String() + ":rev:999", k.ID.String() + ":rev:0",
		k.ID.String() + ":snap:999", f.OrgA.String() + ":snap:1", k.ID.String() + ":review:" + uuid.NewString(),
		f.OrgA.String() + ":review:" + uuid.NewString(), uuid.NewString() + ":rev:1",
	} {
		res := f.MustExec(f.Viewer, q, "id", id)
		if resolvertest.Get(res.Data, "node") != nil {
			t.Errorf("node(%s) = %v, want null", id, res.Data)
		}
	}
	if res := f.Exec(nil, q, "id", k.ID.String()); res.Code(0) != "UNAUTHENTICATED" {
		t.Errorf("anonymous node: %+v", res.Errors)
	}
	me := f.MustExec(f.ReviewerA, `{ viewer { id name role kind erased organisation { name } } }`)
	if resolvertest.Get(me.Data, "viewer.id") != f.ReviewerA.ID.String() || resolvertest.Get(me.Data, "viewer.role") != "REVIEWER" ||
		resolvertest.Get(me.Data, "viewer.organisation.name") != "Media Dizajn" {
		t.Errorf("viewer %v", me.Data)
	}
}
