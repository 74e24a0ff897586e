package projections_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

func TestRunnerStoppedMidBatchLosesNothingAndAppliesNothingTwice(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	// A backlog, so that batches are full.
	newWorkload(env, 20).run(t, 4, 60, 3)

	for round := range 2 {
		// The hook stops the runner while a batch is being applied and
		// fails that batch, which then rolls back whole.
		var calls atomic.Int32
		var started *testkit.Started
		ready := make(chan struct{})
		stopAt := int32(70)
		hook := func(context.Context, *projections.Update) error {
			if calls.Add(1) != stopAt {
				return nil
			}
			<-ready
			go func() { _ = started.Runner.Close() }()
			return errors.New("the runner stopped in the middle of this batch")
		}
		ps := []projections.Projection{
			hooked{Projection: documents.New(), hook: hook},
			history.New(),
			dashboard.New(),
		}
		cfg := env.Config(t, ps...)
		cfg.BatchSize = 50
		started = env.Start(t, cfg)
		close(ready)
		testkit.Eventually(t, 20*time.Second, func() (bool, string) {
			return calls.Load() >= stopAt, "the hook was not reached"
		})
		started.Stop(t)
		// More appends while stopped.
		newWorkload(env, 5).run(t, 2, 10, uint64(4+round))
	}
	started := env.Start(t, env.Config(t))
	env.WaitCaughtUp(t, 20*time.Second)
	incremental := env.DumpAll(t)

	// Everything delivered again (offsets lost): the guard skips it all.
	started.Stop(t)
	if _, err := env.Pool.Exec(ctx, `UPDATE watermill_offsets_events SET offset_acked = 0, last_processed_transaction_id = '0'`); err != nil {
		t.Fatal(err)
	}
	env.Start(t, env.Config(t))
	testkit.Eventually(t, 20*time.Second, func() (bool, string) {
		var behind int
		err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM watermill_offsets_events
			WHERE last_processed_transaction_id < (SELECT max(transaction_id) FROM watermill_events)`).Scan(&behind)
		return err == nil && behind == 0, "consumer groups have not passed the redelivered messages"
	})
	testkit.SameDumps(t, incremental, env.DumpAll(t))
	r, err := projections.NewRunner(env.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	// The runner above keeps running; nothing is appended any more.
	if err := r.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, incremental, env.DumpAll(t))
}
