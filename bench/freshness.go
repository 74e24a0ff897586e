package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
)

// FreshnessTargetP99 is the freshness goal.
const FreshnessTargetP99 = 100 * time.Millisecond

// mutate makes the n-th change and returns, once it is answered, a probe
// that reports whether the change is visible yet.
type mutate func(ctx context.Context, n int) (probe func(context.Context) (bool, error), err error)

// steady calls mutate at rate per second for d (open loop: a ticker, not
// waiting for answers) and polls each answered change's probe until it
// reports the change visible. It records the time from the answer to the
// first probe that sees the change, so the delays include one probe's
// latency.
func steady(ctx context.Context, env *Env, row Row, rate int, d time.Duration, change mutate) Row {
	const (
		// maxInFlight bounds the changes awaiting their answer; a tick
		// that finds that many is skipped: the writer cannot keep up.
		maxInFlight = 64
		// Probes start 2 ms apart and back off to a tenth of the time
		// waited so far: a 10% resolution, without the probes themselves
		// loading the service when changes are slow to show.
		minPoll     = 2 * time.Millisecond
		pollTimeout = 5 * time.Second
	)
	var (
		delays                         Latencies
		wg                             sync.WaitGroup
		inFlight, issued, skipped      atomic.Int64
		failed, timedOut, polls, shown atomic.Int64
		firstErr                       atomic.Value
	)
	fail := func(err error) {
		failed.Add(1)
		firstErr.CompareAndSwap(nil, err.Error())
	}
	xids := watchXIDs(ctx, env)
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	started := time.Now()
	for n := 0; time.Since(started) < d; n++ {
		<-tick.C
		if inFlight.Load() >= maxInFlight {
			skipped.Add(1)
			continue
		}
		inFlight.Add(1)
		issued.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			probe, err := change(ctx, n)
			inFlight.Add(-1)
			if err != nil {
				fail(err)
				return
			}
			answered := time.Now()
			for time.Since(answered) < pollTimeout {
				polls.Add(1)
				visible, err := probe(ctx)
				if err != nil {
					fail(err)
					return
				}
				if visible {
					delays.Add(time.Since(answered))
					shown.Add(1)
					return
				}
				time.Sleep(max(minPoll, time.Since(answered)/10))
			}
			timedOut.Add(1)
		}()
	}
	wg.Wait()
	longXID := xids()
	sum := delays.Summary()
	row = row.WithLatency(sum)
	row.Throughput = float64(issued.Load()-failed.Load()) / d.Seconds()
	row.Errors = int(failed.Load())
	row.Note = fmt.Sprintf("%d changes, %.1f polls each", issued.Load(), float64(polls.Load())/float64(max(shown.Load(), 1)))
	if n := skipped.Load(); n > 0 {
		row.Note += fmt.Sprintf(", %d ticks skipped (%d changes unanswered)", n, maxInFlight)
	}
	if n := timedOut.Load(); n > 0 {
		row.Note += fmt.Sprintf(", %d never visible within %s", n, pollTimeout)
	}
	if e, ok := firstErr.Load().(string); ok {
		row.Note += "; first error: " + trim(e, 120)
	}
	row.Note = joinNote(row.Note, longXID)
	if sum.Count == 0 {
		row.NotRun = "no change became visible: " + row.Note
		return row
	}
	return row.Against("p99 <= 100 ms", time.Duration(row.P99Ms*1e6) <= FreshnessTargetP99 && timedOut.Load() == 0)
}

// FreshnessDirect is the freshness scenario below the API: commands
// through app.Execute at a steady rate, a projection runner in this
// process, and the documents projection's streams table polled for the
// revision (the strategy query reads that projection). It tells the
// projections' share of the delay from the API's.
func FreshnessDirect(ctx context.Context, env *Env, rate int, d time.Duration) Row {
	row := Row{Scenario: "5 Freshness", Name: fmt.Sprintf("app.Execute -> applied by the documents projection, %d/s (no HTTP)", rate), Unit: "commands/s"}
	ids, sections, err := env.NewStrategies(ctx, 16, "Freshness benchmark")
	if err != nil {
		row.NotRun = err.Error()
		return row
	}
	runner, err := env.NewRunner()
	if err != nil {
		row.NotRun = err.Error()
		return row
	}
	stopped := make(chan struct{})
	// A runner that fails shows in the row as changes never applied.
	go func() { defer close(stopped); _ = runner.Run(ctx) }()
	defer func() {
		_ = runner.Close()
		<-stopped
	}()
	applied := func(ctx context.Context, id uuid.UUID) (int, error) {
		var rev int
		err := env.Pool.QueryRow(ctx, `SELECT COALESCE((SELECT revision FROM proj_documents.streams WHERE stream_id = $1), 0)`, id).Scan(&rev)
		return rev, err
	}
	// Start from a caught-up runner: the new strategies are its backlog.
	deadline := time.Now().Add(time.Minute)
	for _, id := range ids {
		for {
			rev, err := applied(ctx, id)
			if err != nil {
				row.NotRun = err.Error()
				return row
			}
			if rev >= 2 {
				break
			}
			if time.Now().After(deadline) {
				row.NotRun = "the runner did not apply the new strategies within a minute"
				return row
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return steady(ctx, env, row, rate, d, func(ctx context.Context, n int) (func(context.Context) (bool, error), error) {
		i := n % len(ids)
		res, err := app.Execute(ctx, env.Service, app.Strategies, ids[i], domain.Command[*strategy.Strategy](strategy.UpdateSection{
			SectionID: sections[i], Body: domain.Some(fmt.Sprintf("Freshness probe %d", n)),
		}), app.Request{Actor: env.Planner})
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) (bool, error) {
			rev, err := applied(ctx, ids[i])
			return rev >= res.Revision, err
		}, nil
	})
}

// watchXIDs samples, until stop is called, the oldest transaction in the
// whole PostgreSQL cluster that holds a transaction id. Outbox delivery
// waits for every such transaction, in any database, to end (STACK.md),
// so a long one anywhere delays every projection. stop returns a note
// naming the longest seen, or "" when none exceeded 50 ms.
func watchXIDs(ctx context.Context, env *Env) (stop func() string) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan string, 1)
	go func() {
		var longest time.Duration
		var where string
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				if longest > 50*time.Millisecond {
					done <- fmt.Sprintf("longest xid-holding transaction in the cluster: %s (%s)", longest.Round(time.Millisecond), where)
				} else {
					done <- ""
				}
				return
			case <-tick.C:
			}
			var age time.Duration
			var db, query string
			err := env.Pool.QueryRow(ctx, `SELECT now() - xact_start, COALESCE(datname, ''), left(query, 60)
				FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND xact_start IS NOT NULL
				ORDER BY xact_start LIMIT 1`).Scan(&age, &db, &query)
			if err == nil && age > longest {
				longest, where = age, fmt.Sprintf("database %s: %s", db, query)
			}
		}
	}()
	return func() string {
		cancel()
		return <-done
	}
}
