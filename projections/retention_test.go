package projections_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

func TestRetentionPrunesOnlyWhatEveryGroupPassed(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	groups := projections.Groups(testkit.All())
	actor := testkit.Actor(uuid.New())
	count := func(table string) int {
		var n int
		if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for range 5 {
		env.Append(t, uuid.New(), actor, &testkit.Written{Text: "x"})
	}
	// No group has subscribed yet: nothing is pruned.
	if n, err := projections.PruneDeliveryLog(ctx, env.Pool, groups, 2); n != 0 || err != nil {
		t.Fatalf("pruned %d (%v) before any group consumed", n, err)
	}
	started := env.Start(t, env.Config(t))
	env.WaitCaughtUp(t, 10*time.Second)
	testkit.Eventually(t, 10*time.Second, func() (bool, string) {
		var behind int
		_ = env.Pool.QueryRow(ctx, `SELECT count(*) FROM watermill_offsets_events
			WHERE last_processed_transaction_id < (SELECT max(transaction_id) FROM watermill_events)`).Scan(&behind)
		return behind == 0, "offsets not committed yet"
	})
	started.Stop(t)

	// A group that is behind (here: one more, at the start) holds rows.
	if _, err := env.Pool.Exec(ctx, `INSERT INTO watermill_offsets_events VALUES ('laggard', 0, '0')`); err != nil {
		t.Fatal(err)
	}
	if n, err := projections.PruneDeliveryLog(ctx, env.Pool, groups, 2); n != 0 || err != nil {
		t.Fatalf("pruned %d (%v) while a group had consumed nothing", n, err)
	}
	if _, err := env.Pool.Exec(ctx, `DELETE FROM watermill_offsets_events WHERE consumer_group = 'laggard'`); err != nil {
		t.Fatal(err)
	}
	// A running rebuild keeps what it will catch up from.
	if _, err := env.Pool.Exec(ctx, `INSERT INTO projection_status (name, rebuilding, rebuild_xmin)
		SELECT 'history', true, min(transaction_id) FROM watermill_events`); err != nil {
		t.Fatal(err)
	}
	if n, err := projections.PruneDeliveryLog(ctx, env.Pool, groups, 2); n != 0 || err != nil {
		t.Fatalf("pruned %d (%v) under a rebuild's horizon", n, err)
	}
	if _, err := env.Pool.Exec(ctx, `UPDATE projection_status SET rebuilding = false, rebuild_xmin = NULL`); err != nil {
		t.Fatal(err)
	}
	if n, err := projections.PruneDeliveryLog(ctx, env.Pool, groups, 2); n != 5 || err != nil {
		t.Fatalf("pruned %d (%v), want all 5 rows in batches of 2", n, err)
	}
	if count("watermill_events") != 0 || count("events") != 5 {
		t.Errorf("after pruning: %d outbox rows, %d events", count("watermill_events"), count("events"))
	}
	// Delivery goes on after pruning.
	env.Start(t, env.Config(t))
	env.Append(t, uuid.New(), actor, &testkit.Written{Text: "y"})
	env.WaitCaughtUp(t, 10*time.Second)
}
