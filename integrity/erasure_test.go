package integrity_test

import (
	"context"
	"crypto/ed25519"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/integrity"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// Erasure destroys keys and users' names, never event rows: the chains
// and the checkpoint taken before it still verify afterwards.
func TestErasureKeepsTheLogVerifiable(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	store := eventstore.New(pool, catalog.Registry())
	svc := app.NewService(store, app.Config{})
	users := auth.NewUsers(pool, auth.NewNetworkResolver(store, auth.NetworkResolverConfig{}))
	loc, err := app.Execute(ctx, svc, app.Locations, uuid.Nil, domain.Command[*network.Location](network.AddLocation{Name: "Rostock", Country: "DE"}),
		app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org, err := app.Execute(ctx, svc, app.Organisations, uuid.Nil, domain.Command[*network.Organisation](
		network.RegisterOrganisation{Name: "IHK", Role: network.Partner, LocationID: loc.SubjectID}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	user, _, err := users.AddUser(ctx, auth.NewUser{Name: "Fred Schneider", Email: "fs@example.org", Org: "IHK", Role: domain.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	actor := domain.Actor{ID: user.ID, Role: domain.RoleAdmin, OrganisationID: org.SubjectID, Kind: domain.ActorPerson}
	if _, err := app.Execute(ctx, svc, app.Organisations, org.SubjectID, domain.Command[*network.Organisation](
		network.SetContactPerson{Name: "Fred Schneider", Email: "fschneider@rostock.ihk.de", Phone: "0381 338220"}),
		app.Request{Actor: actor}); err != nil {
		t.Fatal(err)
	}
	key := newKey(t)
	if _, _, err := (&integrity.Checkpointer{Pool: pool, Key: key}).Take(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := app.Execute(ctx, svc, app.Organisations, org.SubjectID, domain.Command[*network.Organisation](network.EraseContactPerson{}),
		app.Request{Actor: actor}); err != nil {
		t.Fatal(err)
	}
	if err := users.Erase(ctx, user.ID); err != nil {
		t.Fatal(err)
	}
	var destroyed int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM personal_keys WHERE key IS NULL`).Scan(&destroyed); err != nil || destroyed != 1 {
		t.Fatalf("%d keys destroyed (%v): the erasure did not happen", destroyed, err)
	}
	if _, written, err := (&integrity.Checkpointer{Pool: pool, Key: key}).Take(ctx); err != nil || !written {
		t.Fatalf("checkpoint after erasure: written %v, %v", written, err)
	}
	r, err := integrity.Verify(ctx, pool, integrity.Options{PublicKey: key.Public().(ed25519.PublicKey)})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Checkpoints != 2 || r.Events < 4 {
		t.Fatalf("after erasure: %+v", r)
	}
}
