package bench

import (
	"os"
	"path/filepath"
	"strings"
)

// peerRuns are the pgbench runs that bench/run.sh makes after the
// baseline: this store's append as SQL alone (bench/pgbench/append-sql.sql)
// and the peers' append functions (bench/peers.sh installs them).
var peerRuns = []struct {
	file, name, baseline string
}{
	{"append-sql-c1", "Store.Append's SQL alone, pipelined, 1 client (pgbench)", BaselineOne1},
	{"append-sql-c8", "Store.Append's SQL alone, pipelined, 8 clients (pgbench)", BaselineOne8},
	{"peer-messagedb-c1", "peer: Message DB write_message, 1 client (pgbench)", BaselineOne1},
	{"peer-messagedb-c8", "peer: Message DB write_message, 8 clients (pgbench)", BaselineOne8},
	{"peer-emmett-c1", "peer: Emmett emt_append_to_stream, 1 client (pgbench)", BaselineOne1},
	{"peer-emmett-c8", "peer: Emmett emt_append_to_stream, 8 clients (pgbench)", BaselineOne8},
}

// PeerRows reads these runs from dir, each as a ratio to the raw INSERT
// baseline of its concurrency, so that this project's append rows (same
// scenario, same ratios) stand next to them. The peers append one event
// per transaction with neither an idempotency record nor an outbox.
func PeerRows(dir, notRun string, report *Report) []Row {
	const scenario = "2 Append"
	notInstalled := ""
	if b, err := os.ReadFile(filepath.Join(dir, "peers.error")); dir != "" && err == nil {
		notInstalled = "peers not installed: " + strings.TrimSpace(string(b))
	}
	var rows []Row
	for _, run := range peerRuns {
		row := Row{Scenario: scenario, Name: run.name}
		switch {
		case dir == "":
			row.NotRun = notRun
		case notInstalled != "" && strings.HasPrefix(run.file, "peer-"):
			row.NotRun = notInstalled
		}
		if row.NotRun != "" {
			rows = append(rows, row)
			continue
		}
		res, err := ReadPgbench(dir, run.file)
		if err != nil {
			row.NotRun = err.Error()
			rows = append(rows, row)
			continue
		}
		row.Throughput, row.Unit = res.TPS, "events/s"
		row.Errors = res.Failed
		row.OthersPct = res.OthersPct
		rows = append(rows, withBaseline(row.WithLatency(res.Latency), report, run.baseline, 0, ""))
	}
	return rows
}
