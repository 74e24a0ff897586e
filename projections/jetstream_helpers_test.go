package projections_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/creativeclusters/planner/natsforward"
	"github.com/creativeclusters/planner/natsforward/natstest"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// jetStreamConfig is env's runner configuration for ps, consuming the
// JetStream stream of the NATS server at url. AckWait is short so that
// a message in flight when a runner stops is delivered again soon.
func jetStreamConfig(t testing.TB, env *testkit.Env, url string, ps ...projections.Projection) projections.Config {
	cfg := env.Config(t, ps...)
	cfg.JetStream = &projections.JetStreamSource{URL: url, AckWait: 3 * time.Second, NakDelay: 50 * time.Millisecond,
		CheckInterval: time.Second}
	return cfg
}

// startForwarder forwards env's outbox to the NATS server at url until
// the test ends.
func startForwarder(t testing.TB, env *testkit.Env, url string) {
	t.Helper()
	f, err := natsforward.New(natsforward.Config{Pool: env.Pool, URL: url, PollInterval: 10 * time.Millisecond,
		RetryPause: 20 * time.Millisecond, Logger: testkit.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- f.Run(context.Background()) }()
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Errorf("close forwarder: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("forwarder: %v", err)
		}
	})
}

// startNATS starts an in-process JetStream server for the test.
func startNATS(t testing.TB) *natstest.Server { return natstest.Start(t) }

// appliedCounts sums what runners' counters say each projection applied
// (gap fills included, duplicates not).
func appliedCounts(t testing.TB, runners ...*projections.Runner) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range runners {
		reg := prometheus.NewRegistry()
		reg.MustRegister(r.Collectors()...)
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() != "planner_projection_applied_revisions_total" {
				continue
			}
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "projection" {
						out[l.GetValue()] += int(m.GetCounter().GetValue())
					}
				}
			}
		}
	}
	return out
}

// logRevisions counts the revisions in env's log.
func logRevisions(t testing.TB, env *testkit.Env) int {
	t.Helper()
	var n int
	if err := env.Pool.QueryRow(context.Background(), `SELECT count(DISTINCT (stream_id, revision)) FROM events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkHistoryInOrder fails unless the history holds every revision of
// the log once, each stream's in revision order by seq (the order they
// were applied in).
func checkHistoryInOrder(t testing.TB, env *testkit.Env) {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), `
		SELECT e.stream_id, e.revisions, COALESCE(h.numbers, '{}')
		FROM (SELECT stream_id, max(revision) AS revisions FROM events GROUP BY stream_id) e
		LEFT JOIN (SELECT subject_id, array_agg(number ORDER BY seq) AS numbers
			FROM proj_history.revisions GROUP BY subject_id) h ON h.subject_id = e.stream_id`)
	if err != nil {
		t.Fatal(err)
	}
	type stream struct {
		id        uuid.UUID
		revisions int
		numbers   []int
	}
	streams, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stream, error) {
		var s stream
		return s, r.Scan(&s.id, &s.revisions, &s.numbers)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range streams {
		ok := len(s.numbers) == s.revisions
		for i, n := range s.numbers {
			ok = ok && n == i+1
		}
		if !ok {
			t.Errorf("stream %s: the history applied revisions %v, want 1..%d once each, in order", s.id, s.numbers, s.revisions)
		}
	}
}

// resetReadModels empties every table of the projections' schemas (and
// their recorded errors), as if they had never run.
func resetReadModels(t testing.TB, env *testkit.Env, ps ...projections.Projection) {
	t.Helper()
	ctx := context.Background()
	for _, p := range ps {
		rows, err := env.Pool.Query(ctx, `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, p.Schema())
		if err != nil {
			t.Fatal(err)
		}
		tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			if _, err := env.Pool.Exec(ctx, `TRUNCATE `+table); err != nil {
				t.Fatal(fmt.Errorf("truncate %s: %w", table, err))
			}
		}
	}
	if _, err := env.Pool.Exec(ctx, `DELETE FROM projection_errors`); err != nil {
		t.Fatal(err)
	}
}
