package projections_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// Issue 17: several `planner serve --role projections` (or all) processes
// run the same consumer groups against one database. Two runners compete
// while writers append; one is stopped in the middle and the other takes
// over. Every projection applies every revision exactly once: the Feed
// (notices are sent in the applying transaction, so only committed
// applications are seen) shows each (projection, stream, revision) once,
// and the read models equal a rebuild from the log.
func TestConcurrentRunnersShareAndFailOverWithoutDoubleApplication(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()

	feed := projections.NewFeed(env.Pool, testkit.All(), testkit.Logger(t))
	feedCtx, stopFeed := context.WithCancel(ctx)
	defer stopFeed()
	go func() { _ = feed.Run(feedCtx) }()
	<-feed.Ready()
	sub := feed.Subscribe(1 << 20)
	defer sub.Close()

	type key struct {
		projection string
		stream     uuid.UUID
		revision   int
	}
	var (
		mu   sync.Mutex
		seen = map[key]int{}
	)
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for n := range sub.C {
			if n.Kind == projections.Applied {
				mu.Lock()
				seen[key{n.Projection, n.StreamID, n.Revision}]++
				mu.Unlock()
			}
		}
	}()

	// Each runner counts what its projections were given, to show which
	// one did the work.
	runner := func(applied *atomic.Int64) *testkit.Started {
		count := func(context.Context, *projections.Update) error { applied.Add(1); return nil }
		return env.Start(t, env.Config(t,
			hooked{Projection: documents.New(), hook: count},
			hooked{Projection: history.New(), hook: count},
			hooked{Projection: dashboard.New(), hook: count}))
	}
	var appliedA, appliedB atomic.Int64
	a := runner(&appliedA)
	b := runner(&appliedB)

	w := newWorkload(env, 12)
	w.run(t, 4, 30, 11)
	env.WaitCaughtUp(t, 30*time.Second)
	a.Stop(t)
	// Whatever B did so far, from here on only B can apply.
	beforeB := appliedB.Load()
	w.run(t, 4, 30, 12)
	env.WaitCaughtUp(t, 30*time.Second)
	if appliedB.Load() == beforeB {
		t.Fatal("the surviving runner applied nothing after the other one stopped")
	}
	// And back: A starts again, B stops.
	a = runner(&appliedA)
	b.Stop(t)
	beforeA := appliedA.Load()
	w.run(t, 4, 30, 13)
	env.WaitCaughtUp(t, 30*time.Second)
	if appliedA.Load() == beforeA {
		t.Fatal("the restarted runner applied nothing after the other one stopped")
	}
	a.Stop(t)

	// Every revision of the log, once per projection.
	rows, err := env.Pool.Query(ctx, `SELECT DISTINCT stream_id, revision FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	var want []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.stream, &k.revision); err != nil {
			t.Fatal(err)
		}
		for _, p := range testkit.All() {
			want = append(want, key{p.Name(), k.stream, k.revision})
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 10*time.Second, func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		for _, k := range want {
			if seen[k] == 0 {
				return false, fmt.Sprintf("no notice for %+v", k)
			}
		}
		return true, ""
	})
	sub.Close()
	<-collected
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%+v applied %d times", k, n)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("%d applications noticed, %d revisions × projections in the log", len(seen), len(want))
	}
	t.Logf("%d revisions × projections; runner A applied %d, runner B %d", len(want), appliedA.Load(), appliedB.Load())

	incremental := env.DumpAll(t)
	r, err := projections.NewRunner(env.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, incremental, env.DumpAll(t))
}
