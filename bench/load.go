package bench

import (
	"context"
	"sync"
	"time"
)

// Load is what a closed-loop run measured.
type Load struct {
	Latency  Summary
	Ops      int
	Errors   int
	FirstErr error
	Elapsed  time.Duration
}

// Throughput is successful operations per second.
func (l Load) Throughput() float64 {
	if l.Elapsed <= 0 {
		return 0
	}
	return float64(l.Ops) / l.Elapsed.Seconds()
}

// Row returns a row with the load's throughput, latencies and errors.
func (l Load) Row(scenario, name, unit string) Row {
	r := Row{Scenario: scenario, Name: name, Throughput: l.Throughput(), Unit: unit, Errors: l.Errors}
	if l.Ops == 0 && l.FirstErr != nil {
		r.NotRun = "every operation failed: " + trim(l.FirstErr.Error(), 160)
		return r
	}
	if l.FirstErr != nil {
		r.Note = "first error: " + trim(l.FirstErr.Error(), 120)
	}
	return r.WithLatency(l.Latency)
}

// Warmup is how long each closed-loop run works before it starts to
// measure: connections are opened and statements prepared meanwhile.
const Warmup = 500 * time.Millisecond

// Closed runs op in a loop on each of workers goroutines for warmup plus d
// and measures the operations that started after the warmup. op gets its
// worker number and a per-worker counter.
func Closed(ctx context.Context, workers int, d time.Duration, op func(ctx context.Context, worker, i int) error) Load {
	start := time.Now()
	measureFrom := start.Add(Warmup)
	end := measureFrom.Add(d)
	var (
		mu     sync.Mutex
		all    []time.Duration
		load   Load
		wg     sync.WaitGroup
		finish time.Time
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var samples []time.Duration
			ops, errs := 0, 0
			var firstErr error
			for i := 0; ctx.Err() == nil; i++ {
				began := time.Now()
				if !began.Before(end) {
					break
				}
				err := op(ctx, w, i)
				if began.Before(measureFrom) {
					continue
				}
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				samples = append(samples, time.Since(began))
				ops++
			}
			mu.Lock()
			defer mu.Unlock()
			all = append(all, samples...)
			load.Ops += ops
			load.Errors += errs
			if load.FirstErr == nil {
				load.FirstErr = firstErr
			}
			if now := time.Now(); now.After(finish) {
				finish = now
			}
		}()
	}
	wg.Wait()
	// The window ends when the last operation that started in it ends.
	load.Elapsed = finish.Sub(measureFrom)
	load.Latency = Summarize(all)
	return load
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
