package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/creativeclusters/planner/projections"
)

// CatchUp starts the projection runner cold (its consumer groups have
// never read the outbox) and measures how fast it drains the backlog:
// every revision with an outbox message. It stops the runner when every
// projection has applied the last of them, or after limit.
func CatchUp(ctx context.Context, env *Env, limit time.Duration) Row {
	row := Row{Scenario: "4 Projections", Name: fmt.Sprintf("catch-up from a cold start (live runner, %d projections)", len(Projections())), Unit: "events/s"}
	var backlog, head, revisions, digests int64
	// Generated streams without outbox messages are not part of the
	// backlog. Revisions carrying a digest are applied from it; the rest
	// are re-derived from the events, the uncommon path.
	err := env.Pool.QueryRow(ctx, `SELECT COALESCE(sum(json_array_length(payload->'events')), 0),
		COALESCE(max((payload->'events'->-1->>'position')::bigint), 0),
		count(*), count(*) FILTER (WHERE payload->'digest' IS NOT NULL) FROM watermill_events`).Scan(&backlog, &head, &revisions, &digests)
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
	started := time.Now()
	var runErr error // written before stopped is closed
	go func() { defer close(stopped); runErr = runner.Run(ctx) }()
	defer func() {
		_ = runner.Close()
		<-stopped
	}()

	deadline := time.After(limit)
	// Polls the position index of each streams table: ReadStatus counts the
	// lag, a scan of the backlog that would slow the runner down.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stopped:
			row.NotRun = fmt.Sprintf("runner stopped: %v", runErr)
			return row
		case <-deadline:
			// Lag counts the events after a projection's position: all
			// of them are backlog still to apply.
			st, _ := projections.ReadStatus(ctx, env.Pool, runner.Projections())
			var behind int64
			for _, p := range st.Projections {
				behind = max(behind, p.Lag)
			}
			row.Throughput = float64(backlog-behind) / time.Since(started).Seconds()
			row.Note = fmt.Sprintf("NOT caught up after %s (backlog %d events): %s", limit, backlog, lags(st))
			return row.Against(catchUpTarget, false)
		case <-tick.C:
		}
		caughtUp := true
		for _, p := range runner.Projections() {
			var position int64
			if err := env.Pool.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM `+p.Schema()+`.streams`).Scan(&position); err != nil {
				row.NotRun = err.Error()
				return row
			}
			caughtUp = caughtUp && position >= head
		}
		if caughtUp {
			elapsed := time.Since(started)
			row.Throughput = float64(backlog) / elapsed.Seconds()
			row.Count = int(backlog)
			row.Note = fmt.Sprintf("%d events in %.1f s; %d of %d revisions carry a digest", backlog, elapsed.Seconds(), digests, revisions)
			if st, err := projections.ReadStatus(ctx, env.Pool, runner.Projections()); err == nil {
				for _, p := range st.Projections {
					if p.Error != "" {
						row.Note = joinNote(row.Note, fmt.Sprintf("%s: %s", p.Name, trim(p.Error, 100)))
					}
				}
			}
			return row.Against(catchUpTarget, row.Throughput >= CatchUpTargetRate)
		}
	}
}

// CatchUpTargetRate is the live runner's catch-up goal, events per second
// with all three projections: within 4x of a rebuild.
const (
	CatchUpTargetRate = 10_000
	catchUpTarget     = ">= 10,000 events/s"
)

// WaitCaughtUp waits until every projection has applied the last event
// in the log, at most limit, and returns how long that took.
func WaitCaughtUp(ctx context.Context, env *Env, limit time.Duration) (time.Duration, error) {
	started := time.Now()
	var head int64
	if err := env.Pool.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM events`).Scan(&head); err != nil {
		return 0, err
	}
	for {
		caughtUp := true
		for _, p := range Projections() {
			var position int64
			if err := env.Pool.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM `+p.Schema()+`.streams`).Scan(&position); err != nil {
				return 0, err
			}
			caughtUp = caughtUp && position >= head
		}
		if caughtUp {
			return time.Since(started), nil
		}
		if time.Since(started) > limit {
			return 0, fmt.Errorf("projections not caught up after %s", limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SkipBacklog moves every projection's consumer group to the end of the
// outbox. Called right after a rebuild, which already holds every
// revision: the service then starts without a backlog it would only skip
// (at several hundred revisions a second, competing with the API
// scenarios).
func SkipBacklog(ctx context.Context, env *Env) error {
	_, err := env.Pool.Exec(ctx, `UPDATE watermill_offsets_events o
		SET offset_acked = last."offset", last_processed_transaction_id = last.transaction_id
		FROM (SELECT "offset", transaction_id FROM watermill_events ORDER BY transaction_id DESC, "offset" DESC LIMIT 1) AS last`)
	return err
}

func lags(st projections.SystemStatus) string {
	s := ""
	for _, p := range st.Projections {
		s = joinNote(s, fmt.Sprintf("%s lag %d", p.Name, p.Lag))
	}
	return s
}

// RebuildTarget is the rebuild goal: events per second, and the time a
// million events may take.
const (
	RebuildTargetRate = 30_000
	RebuildTargetTime = time.Minute
)

// Rebuild rebuilds each projection from the whole event log, one after the
// other, and reports each and the total against the target. Neither the
// service nor a live runner is running: nothing competes.
func Rebuild(ctx context.Context, env *Env) []Row {
	const scenario = "4 Projections"
	var events int64
	if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&events); err != nil {
		return []Row{{Scenario: scenario, Name: "rebuild", NotRun: err.Error()}}
	}
	runner, err := env.NewRunner()
	if err != nil {
		return []Row{{Scenario: scenario, Name: "rebuild", NotRun: err.Error()}}
	}
	var rows []Row
	var total time.Duration
	for _, p := range runner.Projections() {
		started := time.Now()
		err := runner.Rebuild(ctx, p.Name())
		took := time.Since(started)
		row := Row{Scenario: scenario, Name: "rebuild " + p.Name(), Unit: "events/s", Count: int(events)}
		if err != nil {
			row.NotRun = trim(err.Error(), 200)
			rows = append(rows, row)
			return rows
		}
		total += took
		row.Throughput = float64(events) / took.Seconds()
		row.Note = fmt.Sprintf("%.1f s", took.Seconds())
		rows = append(rows, row.Against(">= 30,000 events/s", row.Throughput >= RebuildTargetRate))
	}
	rate := float64(events) / total.Seconds()
	perMillion := time.Duration(float64(time.Second) * 1e6 / rate)
	row := Row{Scenario: scenario, Name: fmt.Sprintf("rebuild all %d projections, %d events", len(Projections()), events), Unit: "events/s",
		Throughput: rate, Count: int(events),
		Note: fmt.Sprintf("%.1f s in all; 1,000,000 events would take %.0f s", total.Seconds(), perMillion.Seconds())}
	rows = append(rows, row.Against(">= 30,000 events/s, 1M < 60 s", rate >= RebuildTargetRate && perMillion < RebuildTargetTime))
	return rows
}
