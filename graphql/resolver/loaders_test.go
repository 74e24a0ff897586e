package resolver_test

import (
	"fmt"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver"
)

// More items than graphql-go resolves at once (MaxParallelism, 10) still
// cost one batch per kind of reference: list fields register their items'
// loads before any item resolves.
func TestReferencesOfAListCostOneBatchEach(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	const concepts = 25
	for range concepts {
		f.createConcept(k.id)
	}
	ctx := f.ctx(&f.plannerA)
	res := f.execCtx(ctx, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 1, name: "v1"}) {
		strategy { cooperationConcepts {
			title createdAt updatedAt
			createdBy { name organisation { name } }
			updatedBy { name }
			partners { name location { country } }
			pilots { location { name } }
			strategy { title }
		} } } }`, "s", k.id.String())
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	list := get(res.Data, "nameStrategyVersion.strategy.cooperationConcepts").([]any)
	if len(list) != concepts {
		t.Fatalf("%d concepts, want %d", len(list), concepts)
	}
	for i := range list {
		p := fmt.Sprintf("%d.", i)
		if get(list, p+"createdBy.name") != "Paula Planner" || get(list, p+"createdBy.organisation.name") != "Media Dizajn" ||
			get(list, p+"partners.1.location.country") != "LT" || get(list, p+"pilots.0.location.name") != "Rostock" ||
			get(list, p+"strategy.title") != "Creative South Baltic" {
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
	got := resolver.LoaderBatches(ctx)
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
	k := f.createStrategy()
	ctx := transportActor(f.plannerA)
	res := f.execCtx(ctx, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Bare"}) {
		strategy { title partners { name location { name } } createdBy { name organisation { name } } } } }`, "s", k.id.String())
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if get(res.Data, "updateStrategy.strategy.partners.1.location.name") != "Rietavas" || get(res.Data, "updateStrategy.strategy.createdBy.organisation.name") != "Media Dizajn" {
		t.Fatalf("data %v", res.Data)
	}
}
