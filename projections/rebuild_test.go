package projections_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

func TestConcurrentWorkloadEqualsRebuildFromScratch(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	cfg := env.Config(t)
	started := env.Start(t, cfg)
	w := newWorkload(env, 12)
	w.run(t, 6, 40, 1)

	// A rebuild while writers keep appending: its catch-up and swap must
	// lose nothing the live projection gets meanwhile.
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(t, 3, 30, 2)
	}()
	if err := started.Runner.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	<-done
	env.WaitCaughtUp(t, 20*time.Second)
	incremental := env.DumpAll(t)

	// Stop the runner, so nothing changes, and rebuild everything.
	started.Stop(t)
	if err := started.Runner.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, incremental, env.DumpAll(t))

	if !strings.Contains(incremental["history"]["revisions"], `"redacted": true`) {
		t.Error("the workload erased no contact: redaction went untested")
	}
	st, err := projections.ReadStatus(ctx, env.Pool, testkit.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Projections {
		if p.Rebuilding || p.Lag != 0 || p.Position != st.HeadPosition {
			t.Errorf("after rebuild %+v, head %d", p, st.HeadPosition)
		}
	}
}

func TestRebuildOfOneProjectionKeepsServingAndRefusesAConcurrentOne(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	r, err := projections.NewRunner(env.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	actor := testkit.Actor(uuid.New())
	for range 5 {
		env.Append(t, uuid.New(), actor, &testkit.Written{Text: "x", Title: "t"})
	}
	indexes := func() string {
		var defs string
		if err := env.Pool.QueryRow(ctx, `SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes
			WHERE schemaname = 'proj_documents'`).Scan(&defs); err != nil {
			t.Fatal(err)
		}
		return defs
	}
	before := indexes()

	// Never run live: a rebuild alone fills the tables. Readers keep
	// reading while it runs and never see the tables empty or missing.
	if err := r.Rebuild(ctx, "documents"); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(readErr)
		for {
			select {
			case <-stop:
				return
			default:
			}
			var n int
			if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM proj_documents.subjects`).Scan(&n); err != nil || n != 5 {
				readErr <- fmt.Errorf("read %d subjects during a rebuild: %v", n, err)
				return
			}
		}
	}()
	for range 3 {
		if err := r.Rebuild(ctx, "documents"); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-readErr; err != nil {
		t.Error(err)
	}
	if after := indexes(); after != before {
		t.Errorf("indexes after rebuild:\n%s\nwant\n%s", after, before)
	}
	if err := r.Rebuild(ctx, "nope"); err == nil {
		t.Error("rebuilding an unknown projection succeeded")
	}

	// Another session holds the rebuild lock: a second rebuild is refused.
	conn, err := env.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, projections.RebuildLockKey("documents")); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, projections.RebuildLockKey("documents")); err != nil {
			t.Error(err)
		}
	}()
	if err := r.Rebuild(ctx, "documents"); !errors.Is(err, projections.ErrRebuildRunning) {
		t.Errorf("concurrent rebuild: %v, want ErrRebuildRunning", err)
	}
}
