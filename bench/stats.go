package bench

import (
	"slices"
	"sync"
	"time"
)

// Latencies collects one duration per operation. Keeping every sample and
// sorting once is exact and cheap at benchmark sizes (a million samples is
// 8 MB), so no histogram is needed.
type Latencies struct {
	mu      sync.Mutex
	samples []time.Duration
}

// Add records one sample; safe for concurrent use.
func (l *Latencies) Add(d time.Duration) {
	l.mu.Lock()
	l.samples = append(l.samples, d)
	l.mu.Unlock()
}

// Merge appends samples gathered elsewhere, e.g. by one worker.
func (l *Latencies) Merge(samples []time.Duration) {
	l.mu.Lock()
	l.samples = append(l.samples, samples...)
	l.mu.Unlock()
}

// Summary is the distribution of a set of samples.
type Summary struct {
	Count         int
	P50, P99, Max time.Duration
}

// Summary sorts the samples and reads the percentiles.
func (l *Latencies) Summary() Summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Summarize(l.samples)
}

// Summarize returns the nearest-rank percentiles of samples (sorting them
// in place).
func Summarize(samples []time.Duration) Summary {
	if len(samples) == 0 {
		return Summary{}
	}
	slices.Sort(samples)
	return Summary{
		Count: len(samples),
		P50:   Percentile(samples, 50),
		P99:   Percentile(samples, 99),
		Max:   samples[len(samples)-1],
	}
}

// Percentile returns the nearest-rank p-th percentile of sorted samples:
// the smallest sample that at least p percent of the samples do not
// exceed.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100+0.999999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}
