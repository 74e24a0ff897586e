package bench

import "fmt"

// IDs of the baseline rows other rows compare with.
const (
	BaselineOne1    = "B1"
	BaselineOne8    = "B8"
	BaselineHundred = "B100"
)

// pgbenchRuns are the runs bench/run.sh makes, by the name of their files.
var pgbenchRuns = []struct {
	id, file, name, unit string
	rowsPerTx            int
}{
	{BaselineOne1, "insert1-c1", "pgbench 1 row/tx, 1 client", "rows/s", 1},
	{BaselineOne8, "insert1-c8", "pgbench 1 row/tx, 8 clients", "rows/s", 1},
	{BaselineHundred, "insert100-c1", "pgbench 100 rows/tx, 1 client", "rows/s", 100},
}

// BaselineRows reads the pgbench runs from dir ("" when pgbench did not
// run, with why in notRun).
func BaselineRows(dir, notRun string) []Row {
	const scenario = "1 Baseline"
	var rows []Row
	for _, run := range pgbenchRuns {
		row := Row{ID: run.id, Scenario: scenario, Name: run.name}
		if dir == "" {
			row.NotRun = notRun
			rows = append(rows, row)
			continue
		}
		res, err := ReadPgbench(dir, run.file)
		if err != nil {
			row.NotRun = err.Error()
			rows = append(rows, row)
			continue
		}
		row.Throughput, row.Unit = res.TPS*float64(run.rowsPerTx), run.unit
		row.Errors = res.Failed
		row.OthersPct = res.OthersPct
		if run.rowsPerTx > 1 {
			row.Note = fmt.Sprintf("%.0f tx/s", res.TPS)
		}
		rows = append(rows, row.WithLatency(res.Latency))
	}
	return rows
}
