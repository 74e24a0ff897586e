package graph

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// listSDL serves a plain list of strategies the way the read side's
// connections will, with the write side's Strategy resolvers.
const listSDL = `
scalar DateTime
schema { query: Query }
type Query { list: [Strategy!]! }
type Strategy { id: ID! title: String! createdAt: DateTime! updatedBy: Actor! partners: [Organisation!]! locations: [Location!]! }
type Actor { name: String! role: String organisation: Organisation }
type Organisation { name: String! location: Location! }
type Location { name: String! }
`

type listRoot struct {
	*Resolver
	ids []uuid.UUID
}

func (r *listRoot) List(ctx context.Context) ([]*StrategyResolver, error) {
	states := make([]*strategy.Strategy, len(r.ids))
	for i, id := range r.ids {
		loaded, err := app.Load(ctx, r.Deps.App, app.Strategies, id, 0)
		if err != nil {
			return nil, err
		}
		states[i] = loaded.State
	}
	r.PrefetchStrategies(ctx, SelectionOf(ctx), states)
	out := make([]*StrategyResolver, len(states))
	for i, s := range states {
		out[i] = r.NewStrategy(s)
	}
	return out, nil
}

// A list of many more strategies than graphql-go resolves at once costs one
// query per kind of reference once the list field prefetches.
func TestPrefetchBatchesAWholeList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := eventstore.New(pool, catalog.Registry())
	deps := Deps{App: app.NewService(store, app.Config{}), Pool: pool,
		Users: auth.NewUsers(pool, auth.NewNetworkResolver(store, auth.NetworkResolverConfig{}))}
	deps.setDefaults()

	loc, err := app.Execute(ctx, deps.App, app.Locations, uuid.Nil, domain.Command[*network.Location](network.AddLocation{Name: "Rostock", Country: "DE"}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org, err := app.Execute(ctx, deps.App, app.Organisations, uuid.Nil, domain.Command[*network.Organisation](
		network.RegisterOrganisation{Name: "IHK", Role: network.Partner, LocationID: loc.SubjectID}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	const strategies = 40
	root := &listRoot{Resolver: &Resolver{Deps: deps}}
	for range strategies {
		res, err := app.Execute(ctx, deps.App, app.Strategies, uuid.Nil, domain.Command[*strategy.Strategy](strategy.CreateStrategy{
			Title: "S", StartYear: 2027, LocationIDs: []uuid.UUID{loc.SubjectID}, PartnerIDs: []uuid.UUID{org.SubjectID},
		}), app.Request{Actor: domain.System})
		if err != nil {
			t.Fatal(err)
		}
		root.ids = append(root.ids, res.SubjectID)
	}
	schema, err := graphql.ParseSchema(listSDL, root)
	if err != nil {
		t.Fatal(err)
	}
	ctx = transport.WithActor(WithLoaders(ctx, deps), domain.System)
	resp := schema.Exec(ctx, `{ list { title createdAt updatedBy { name role organisation { name } } partners { name location { name } } locations { name } } }`, "", nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	var data struct {
		List []struct {
			UpdatedBy struct {
				Name string
				Role *string
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	if len(data.List) != strategies || data.List[0].UpdatedBy.Name != auth.SystemActorName || data.List[0].UpdatedBy.Role != nil {
		t.Fatalf("the system actor: %+v", data.List[0])
	}
	l := ctx.Value(loadersKey{}).(*Loaders)
	for name, got := range map[string]int64{
		"meta":          l.batches.meta.Load(),
		"actors":        l.batches.actors.Load(),
		"organisations": l.batches.organisations.Load(),
		"locations":     l.batches.locations.Load(),
	} {
		if got != 1 {
			t.Errorf("%s: %d batches for %d strategies, want 1", name, got, strategies)
		}
	}
}
