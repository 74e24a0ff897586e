// Package bench is the planner's benchmark suite: `make bench` (quick
// mode BENCH_QUICK=1) runs it against a real PostgreSQL on this machine
// and prints one table, also written to bench-results/latest.json and
// latest.md. docs/benchmarks.md explains the scenarios and keeps the
// latest measured table.
//
// bench/run.sh prepares a fresh database (planner_bench), migrates it,
// runs the pgbench baseline (bench/pgbench) and then cmd/plannerbench,
// which runs everything else in this order, because each step needs the
// data of the one before:
//
//  1. Baseline: pgbench's own numbers, parsed (ReadPgbench).
//  2. The partner network is seeded and a log of Sizes.Events events is
//     written in bulk (Generator): the two history strategies, streams of
//     100 revisions, and a last part with outbox messages.
//  3. Catch-up (CatchUp): a projection runner starts cold and drains that
//     last part.
//  4. Appends (AppendScenarios) through Store.Append and app.Execute.
//  5. Rebuilds (Rebuild) of every projection from the whole log; then the
//     live consumer groups are moved past it (SkipBacklog).
//  6. History and freshness below the API (HistoryDirect, FreshnessDirect);
//     then strategies of 2, 50 and 200 KB built through real commands
//     (BuildDocument): the document size sweep (DocumentSweep) and
//     freshness on 50 KB documents (LargeScenarios).
//  7. `planner serve` is started on a free loopback port (StartService),
//     its idle CPU measured (Idle), and the API scenarios run: mutations,
//     freshness, on the 50 KB documents freshness, sustained capacity and
//     (full mode) the soak (LargeAPIScenarios), history and reads through
//     GraphQL; the service's peak RSS closes the run.
//
// Ratios are computed against rows of the same run, never against numbers
// from elsewhere: these machines are noisy. Targets are reported, not
// enforced: a missed target is a finding, not a failure.
//
// Latencies are exact nearest-rank percentiles of every sample (Latencies)
// of closed-loop runs (Closed) that measure after a short warm-up.
package bench
