package graph_test

import (
	"fmt"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// More items than graphql-go resolves at once (MaxParallelism, 10) still
// cost one batch per kind of reference: list fields register their items'
// loads before any item resolves.
func TestReferencesOfAListCostOneBatchEach(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.CreateStrategy()
	const concepts = 25
	for range concepts {
		f.CreateConcept(k.ID)
	}
	ctx := f.Ctx(&f.PlannerA)
	res := f.ExecCtx(ctx, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 1, name: "v1"}) {
		strategy { cooperationConcepts {
			title createdAt updatedAt
			createdBy { name organisation { name } }
			updatedBy { name }
			partners { name location { country } }
			pilots { location { name } }
			strategy { title }
		} } } }`, "s", k.ID.String())
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	list := resolvertest.Get(res.Data, "nameStrategyVersion.strategy.cooperationConcepts").([]any)
	if len(list) != concepts {
		t.Fatalf("%d concepts, want %d", len(list), concepts)
	}
	for i := range list {
		p := fmt.Sprintf("%d.", i)
		if resolvertest.Get(list, p+"createdBy.name") != "Paula Planner" || resolvertest.Get(list, p+"createdBy.organisation.name") != "Media Dizajn" ||
			resolvertest.Get(list, p+"partners.1.location.country") != "LT" || resolvertest.Get(list, p+"pilots.0.location.name") != "Rostock" ||
			resolvertest.Get(list, p+"strategy.title") != "Creative South Baltic" {
			t.Fatalf("concept %d: %v", i, list[i])
		}
	}
	// Upper bounds: a level whose keys are only known from the level
	// above (an organisation's location) may take a second batch, when the
	// first one's window has closed. Unbatched, each would be 25 or more.
	most := map[string]int64{
		"conceptCandidates": 1,
		"concepts":          1,
		"meta":              1,
		"actors":            1,
		// The concepts' partners; the planner's organisation (orgA) is one
		// of them, already cached when the actors arrive.
		"organisations": 1,
		// The pilots' location, then the partners' locations.
		"locations": 2,
		// The strategy was primed by the mutation itself.
		"strategies": 0,
	}
	got := graph.LoaderBatches(ctx)
	for name, limit := range most {
		if got[name] > limit {
			t.Errorf("%s: %d batches, want at most %d (all: %v)", name, got[name], limit, got)
		}
	}
}

// Without request loaders (no Middleware, a WebSocket connection) every
// resolver loads on its own: slower, still correct.
func TestResolversWorkWithoutRequestLoaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.CreateStrategy()
	ctx := resolvertest.TransportActor(f.PlannerA)
	res := f.ExecCtx(ctx, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Bare"}) {
		strategy { title partners { name location { name } } createdBy { name organisation { name } } } } }`, "s", k.ID.String())
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if resolvertest.Get(res.Data, "updateStrategy.strategy.partners.1.location.name") != "Rietavas" || resolvertest.Get(res.Data, "updateStrategy.strategy.createdBy.organisation.name") != "Media Dizajn" {
		t.Fatalf("data %v", res.Data)
	}
}
