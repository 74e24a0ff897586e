package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/creativeclusters/planner/integrity"
)

// VerifyTargetRate is issue 16's target for planner verify: at least
// rebuild speed on this machine.
const VerifyTargetRate = 100_000

// Verify measures integrity.Verify, what `planner verify` runs, over the
// whole log: every stream's hash chain recomputed (the generated log is
// chained like appended rows). A log that does not verify is a failed row,
// not a throughput.
func Verify(ctx context.Context, env *Env) Row {
	const scenario = "4 Projections"
	started := time.Now()
	report, err := integrity.Verify(ctx, env.Pool, integrity.Options{})
	took := time.Since(started)
	row := Row{Scenario: scenario, Name: "planner verify (every hash chain)", Unit: "events/s"}
	if err != nil {
		row.NotRun = trim(err.Error(), 200)
		return row
	}
	row.Count = int(report.Events)
	if !report.OK() {
		row.NotRun = trim(fmt.Sprintf("the log does not verify: %d problems, the first: %s", len(report.Problems), report.Problems[0]), 300)
		return row
	}
	row.Throughput = float64(report.Events) / took.Seconds()
	row.Note = fmt.Sprintf("%d events in %d streams, %.1f s", report.Events, report.Streams, took.Seconds())
	return row.Against(">= 100,000 events/s", row.Throughput >= VerifyTargetRate)
}
