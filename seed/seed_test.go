package seed_test

import (
	"context"
	"testing"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/seed"
)

func TestSeedingTwiceChangesNothingTheSecondTime(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	svc := app.NewService(eventstore.New(pool, catalog.Registry()), app.Config{})
	ctx := context.Background()
	first, err := seed.Run(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	if first.Applied == 0 || first.Replayed != 0 {
		t.Fatalf("first run: %+v", first)
	}
	countEvents := func() (n int) {
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM events").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	events := countEvents()
	second, err := seed.Run(ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	if second.Applied != 0 || second.Replayed != first.Applied {
		t.Fatalf("second run: %+v after %+v", second, first)
	}
	if countEvents() != events {
		t.Fatal("the second run appended events")
	}
	var orgs, leads, contacts int
	if err := pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE event_type = 'network.OrganisationRegistered'),
		count(*) FILTER (WHERE event_type = 'network.OrganisationRegistered' AND data->>'role' = 'LEAD_PARTNER'),
		count(*) FILTER (WHERE event_type = 'network.ContactPersonSet')
		FROM events`).Scan(&orgs, &leads, &contacts); err != nil {
		t.Fatal(err)
	}
	if orgs != 9 || leads != 1 || contacts != 9 {
		t.Fatalf("%d organisations, %d lead partners, %d contact persons; want 9, 1, 9", orgs, leads, contacts)
	}
}
