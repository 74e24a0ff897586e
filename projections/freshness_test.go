package projections_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// BenchmarkFreshness measures how long a revision takes, from its append
// committing to every read model holding it (the Feed's completion
// notice), with the default PollInterval; it reports p50 and p99 in ms.
// A benchmark, not a test: timing on a shared, noisy machine is no
// pass/fail criterion (go test -run '^$' -bench Freshness ./projections/).
func BenchmarkFreshness(b *testing.B) {
	env := testkit.New(b)
	ctx := context.Background()
	feed := startFeed(b, env)
	sub, err := feed.SubscribeComplete(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Close()
	env.Start(b, env.Config(b))
	b.ResetTimer()
	for range b.N {
		p50, p99 := measureFreshness(b, env, sub)
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	}
}

func measureFreshness(t testing.TB, env *testkit.Env, sub *projections.Subscription) (p50, p99 time.Duration) {
	t.Helper()
	actor := testkit.Actor(uuid.New())
	stream := uuid.New()
	var latencies []time.Duration
	for i := range 60 {
		rev := env.Append(t, stream, actor, &testkit.Written{Text: "x"})
		committed := time.Now()
	wait:
		for {
			select {
			case n, ok := <-sub.C:
				if !ok {
					t.Fatalf("feed ended: %v", sub.Err())
				}
				if n.Kind == projections.Applied && n.StreamID == stream && n.Revision == rev.Revision {
					break wait
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("revision %d not complete after 5s", rev.Revision)
			}
		}
		if i >= 10 { // warmed up
			latencies = append(latencies, time.Since(committed))
		}
	}
	slices.Sort(latencies)
	return latencies[len(latencies)/2], latencies[len(latencies)*99/100]
}
