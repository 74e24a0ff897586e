package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config is one run of the suite.
type Config struct {
	// DatabaseURL names a migrated, empty database the run may fill.
	DatabaseURL string
	// Planner is the planner binary to serve the API with; empty when it
	// could not be built, PlannerError saying why.
	Planner, PlannerError string
	// PgbenchDir holds the pgbench runs of bench/run.sh; empty when
	// pgbench did not run, PgbenchError saying why.
	PgbenchDir, PgbenchError string
	// Quick runs every scenario shorter and on a smaller log.
	Quick bool
	// ResultsDir receives the service's log.
	ResultsDir string
	// Progress receives a line per step and per row.
	Progress io.Writer
}

// Sizes are the durations and volumes of a run.
type Sizes struct {
	// Load is how long each closed-loop throughput run measures; History
	// how long each history query is measured; Freshness how long
	// mutations are issued at the steady rate.
	Load, History, Freshness time.Duration
	// Events is the size of the generated log (the long history
	// included); Outbox how many of them get outbox messages, to be
	// projected by the live runner from a cold start. The live runner
	// applies a few hundred revisions a second with three projections on
	// two cores, which bounds Outbox.
	Events, Outbox int
	// LongHistory and ShortHistory are the revisions of the two history
	// strategies.
	LongHistory, ShortHistory int
	// CatchUpLimit bounds the catch-up scenario.
	CatchUpLimit time.Duration
}

// SizesFor returns the quick or the full sizes.
func SizesFor(quick bool) Sizes {
	if quick {
		return Sizes{Load: 4 * time.Second, History: 2 * time.Second, Freshness: 5 * time.Second,
			Events: 150_000, Outbox: 5_000, LongHistory: 100_000, ShortHistory: 10, CatchUpLimit: 30 * time.Second}
	}
	return Sizes{Load: 20 * time.Second, History: 10 * time.Second, Freshness: 30 * time.Second,
		Events: 1_000_000, Outbox: 50_000, LongHistory: 100_000, ShortHistory: 10, CatchUpLimit: 5 * time.Minute}
}

// FreshnessRate is the steady rate of changes of the freshness scenarios.
const FreshnessRate = 200

// generatedStreamRevisions is the length of the generated streams besides
// the two history strategies.
const generatedStreamRevisions = 100

// Run runs every scenario in order and returns the report.
func Run(ctx context.Context, cfg Config, env *Env) (*Report, error) {
	size := SizesFor(cfg.Quick)
	report := &Report{Started: time.Now(), Mode: "full"}
	if cfg.Quick {
		report.Mode = "quick"
	}
	report.CPU = WatchCPU(env.Database, 250*time.Millisecond)
	defer report.CPU.Stop()
	step := stepper(cfg.Progress)
	var err error
	if report.Machine, err = DescribeMachine(ctx, env.Pool); err != nil {
		return nil, err
	}
	// pgbench ran before this process: its rows have no CPU window.
	report.Add(cfg.Progress, BaselineRows(cfg.PgbenchDir, cfg.PgbenchError)...)
	report.Add(cfg.Progress, PeerRows(cfg.PgbenchDir, cfg.PgbenchError, report)...)

	step("seeding the network and the demo documents")
	if err := env.Prepare(ctx); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	step("generating a log of %d events (%d with outbox messages)", size.Events, size.Outbox)
	hs, titles, err := generateLog(ctx, env, size)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}

	step("projections: catch-up from a cold start")
	report.Add(cfg.Progress, CatchUp(ctx, env, size.CatchUpLimit))

	step("append scenarios, %s each", size.Load)
	rows, err := AppendScenarios(ctx, env, size.Load, report)
	report.Add(cfg.Progress, rows...)
	if err != nil {
		return nil, fmt.Errorf("append: %w", err)
	}

	step("projections: rebuilds")
	report.Add(cfg.Progress, Rebuild(ctx, env)...)
	step("planner verify")
	report.Add(cfg.Progress, Verify(ctx, env))
	if err := SkipBacklog(ctx, env); err != nil {
		return nil, fmt.Errorf("skip the backlog: %w", err)
	}

	step("history below the API")
	report.Add(cfg.Progress, HistoryDirect(ctx, env, hs, size.History)...)
	step("freshness below the API")
	report.Add(cfg.Progress, FreshnessDirect(ctx, env, FreshnessRate, size.Freshness))
	large, rows := LargeScenarios(ctx, env, cfg.Quick, FreshnessRate, size.Freshness, step)
	report.Add(cfg.Progress, rows...)

	apiScenarios(ctx, cfg, env, size, hs, titles, large, report, step)
	report.Duration = time.Since(report.Started).Round(time.Second).String()
	report.Sort()
	return report, nil
}

// generateLog writes the history strategies and the rest of the log; the
// outbox part comes last, so that the live runner's backlog is the newest
// part of the log.
func generateLog(ctx context.Context, env *Env, size Sizes) (HistoryStreams, [2]string, error) {
	hs := HistoryStreams{ShortRevs: size.ShortHistory, LongRevs: size.LongHistory}
	titles := [2]string{fmt.Sprintf("bench-history-%d", size.ShortHistory), fmt.Sprintf("bench-history-%d", size.LongHistory)}
	// One revision a second, ending before now: time travel by instant
	// only finds revisions recorded in the past.
	clock := time.Now().Add(-time.Duration(size.Events+1000) * time.Second)
	quiet := env.Generator(false)
	quiet.Clock, quiet.Step = clock, time.Second
	var err error
	if hs.Short, err = quiet.Strategy(ctx, titles[0], size.ShortHistory); err != nil {
		return hs, titles, err
	}
	if hs.Long, err = quiet.Strategy(ctx, titles[1], size.LongHistory); err != nil {
		return hs, titles, err
	}
	// Events of the history strategies count towards the log's size.
	rest := size.Events - size.ShortHistory - size.LongHistory - size.Outbox
	for i := 0; rest > 0; i++ {
		n := min(rest, generatedStreamRevisions)
		if _, err := quiet.Strategy(ctx, fmt.Sprintf("Generated strategy %d", i+1), n); err != nil {
			return hs, titles, err
		}
		rest -= n
	}
	if err := quiet.Flush(ctx); err != nil {
		return hs, titles, err
	}
	live := env.Generator(true)
	live.Clock, live.Step = quiet.Clock, time.Second
	for i, rest := 0, size.Outbox; rest > 0; i++ {
		n := min(rest, generatedStreamRevisions)
		if _, err := live.Strategy(ctx, fmt.Sprintf("Generated live strategy %d", i+1), n); err != nil {
			return hs, titles, err
		}
		rest -= n
	}
	if err := live.Flush(ctx); err != nil {
		return hs, titles, err
	}
	// A long-running database has statistics; a fresh bulk load does not.
	_, err = env.Pool.Exec(ctx, `ANALYZE events; ANALYZE commands; ANALYZE snapshots; ANALYZE watermill_events`)
	return hs, titles, err
}

// apiScenarios starts the service and runs the scenarios that need it, or
// reports them not run.
func apiScenarios(ctx context.Context, cfg Config, env *Env, size Sizes, hs HistoryStreams, titles [2]string,
	large []LargeDoc, report *Report, step func(string, ...any)) {
	notRun := func(why string) {
		report.Add(cfg.Progress,
			Row{Scenario: "3 Mutations", Name: "updateSection over HTTP, 8 clients", NotRun: why},
			Row{Scenario: "3 Mutations", Name: "updateSection over HTTP, 8 clients, spread over 1 and 3 instances", NotRun: why},
			Row{Scenario: "5 Freshness", Name: "mutation answer -> visible in strategy query, 200/s", NotRun: why},
			Row{Scenario: "6 History (GraphQL)", Name: "revisions and snapshot(at:)", NotRun: why},
			Row{Scenario: "7 Reads", Name: "strategy document and dashboard queries, 32 clients", NotRun: why},
			Row{Scenario: "8 Memory", Name: "planner serve peak RSS", NotRun: why},
			Row{Scenario: "9 Idle and soak", Name: "idle planner serve CPU; soak; sustained capacity and freshness on 50 KB documents", NotRun: why},
		)
	}
	if cfg.Planner == "" {
		notRun(cfg.PlannerError)
		return
	}
	step("starting %s serve", cfg.Planner)
	svc, err := StartService(ctx, cfg.Planner, cfg.DatabaseURL, filepath.Join(cfg.ResultsDir, "serve.log"))
	if err != nil {
		notRun(trim(err.Error(), 300))
		return
	}
	report.CPU.Add(svc.PID())
	step("idle service")
	report.Add(cfg.Progress, Idle(ctx, env, svc.PID(), 10*time.Second))
	// bench/run.sh stops the service by this pid should we not.
	pidFile := filepath.Join(cfg.ResultsDir, "serve.pid")
	_ = os.WriteFile(pidFile, []byte(strconv.Itoa(svc.PID())), 0o644)
	defer func() {
		if err := svc.Stop(); err != nil {
			step("stopping the service: %v", err)
		}
		_ = os.Remove(pidFile)
	}()
	// The service limits requests per token (20/s by default): requests
	// rotate through enough tokens to stay below it at a few thousand
	// requests per second.
	tokens, err := env.Tokens(ctx, 400)
	if err != nil {
		notRun(err.Error())
		return
	}
	api := &API{Client: NewClient(svc.Addr, tokens), Env: env}
	step("mutations over HTTP")
	report.Add(cfg.Progress, api.Mutations(ctx, 8, size.Load, report))
	step("mutations over HTTP, spread over 1 and 3 instances")
	report.Add(cfg.Progress, Instances(ctx, cfg, env, svc, tokens, 8, size.Load)...)
	step("freshness at %d mutations/s", FreshnessRate)
	report.Add(cfg.Progress, api.Freshness(ctx, FreshnessRate, size.Freshness))
	report.Add(cfg.Progress, api.LargeAPIScenarios(ctx, svc.Addr, large, cfg.Quick, FreshnessRate, size.Freshness, report, step)...)
	step("history through GraphQL")
	report.Add(cfg.Progress, api.History(ctx, hs, titles, size.History)...)
	step("reads, 32 clients")
	report.Add(cfg.Progress, api.Reads(ctx, 32, size.Load)...)
	report.Add(cfg.Progress, Memory(svc.PID()))
}

func stepper(w io.Writer) func(string, ...any) {
	started := time.Now()
	return func(format string, args ...any) {
		fmt.Fprintf(w, "bench: [%5.1fs] %s\n", time.Since(started).Seconds(), fmt.Sprintf(format, args...))
	}
}
