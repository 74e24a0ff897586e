package eventstore_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// BenchmarkAppend is one writer appending one-event revisions of section
// size, alternately with and without the hash chain (the insert as it was
// before), each to a stream of its own in the same database. Alternating
// every append makes the two see the same load on a shared, noisy
// machine; the medians and their ratio are reported (docs/integrity.md).
// PLANNER_BENCH_AA=1 chains both, to show the measurement's own bias.
func BenchmarkAppend(b *testing.B) {
	pool := pgtest.NewPool(b)
	reg := domain.NewRegistry()
	reg.Register(func() domain.Event { return &noted{} })
	chained := eventstore.New(pool, reg)
	plain := eventstore.New(pool, reg)
	if os.Getenv("PLANNER_BENCH_AA") == "" {
		eventstore.Unchained(plain)
	}
	ctx := context.Background()
	text := strings.Repeat("The creative industries of the South Baltic cooperate across borders. ", 5)
	streams := [2]uuid.UUID{uuid.New(), uuid.New()}
	stores := [2]*eventstore.Store{plain, chained}
	took := [2][]time.Duration{}
	b.ResetTimer()
	for i := range b.N {
		for k := range 2 {
			k = (k + i) % 2 // alternate which goes first
			start := time.Now()
			if _, err := stores[k].Append(ctx, appendReq(streams[k], i, i+1, text)); err != nil {
				b.Fatal(err)
			}
			took[k] = append(took[k], time.Since(start))
		}
	}
	b.StopTimer()
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2].Microseconds())
	}
	before, after := median(took[0]), median(took[1])
	b.ReportMetric(before, "µs-before")
	b.ReportMetric(after, "µs-chained")
	b.ReportMetric(after/before, "ratio")
}
