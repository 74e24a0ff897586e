package projections_test

import (
	"context"
	"testing"
	"time"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// BenchmarkRebuild replays a log of 200,000 Note events (2,000 streams of
// 50 revisions of 2 events) into each projection and reports events per
// second:
//
//	go test -run '^$' -bench Rebuild ./projections/
func BenchmarkRebuild(b *testing.B) {
	env := testkit.New(b)
	ctx := context.Background()
	// Written straight into the log: appending through the store would
	// take longer than the rebuild being measured. The hashes are filler,
	// not a chain (planner verify would reject this log): the rebuild does
	// not read them.
	if _, err := env.Pool.Exec(ctx, `
		INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
			actor_id, actor_organisation_id, command_id, action, recorded_at, hash)
		SELECT gen_random_uuid(), 'NOTE', s.id, v, (v + 1) / 2,
			CASE WHEN v % 2 = 1 THEN 'test.Written' ELSE 'test.ItemPut' END, 1,
			CASE WHEN v % 2 = 1 THEN jsonb_build_object('text', 'text ' || v, 'title', 'title ' || (v % 7))
			     ELSE jsonb_build_object('key', 'k' || (v % 5), 'text', 'item ' || v) END,
			s.actor, s.org, gen_random_uuid(), 'write', timestamptz '2026-01-05' + v * interval '1 hour',
			sha256(uuid_send(s.id) || int4send(v))
		FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS actor, gen_random_uuid() AS org
		      FROM generate_series(1, 2000)) s, generate_series(1, 100) v
		ORDER BY v, s.id`); err != nil {
		b.Fatal(err)
	}
	runner, err := projections.NewRunner(env.Config(b))
	if err != nil {
		b.Fatal(err)
	}
	const events = 200_000
	for _, p := range testkit.All() {
		b.Run(p.Name(), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				start := time.Now()
				if err := runner.Rebuild(ctx, p.Name()); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
			}
			b.ReportMetric(float64(events*b.N)/total.Seconds(), "events/s")
		})
	}
}
