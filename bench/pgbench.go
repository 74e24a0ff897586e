package bench

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PgbenchRun is one pgbench run as bench/run.sh leaves it in a directory:
// <name>.txt holds pgbench's output, <name>.log* its per-transaction logs
// (-l --log-prefix=<dir>/<name>.log), one file per thread, and <name>.cpu
// the share of the CPU other processes used meanwhile (plannerbench cpu).
type PgbenchRun struct {
	TPS       float64
	Processed int
	Failed    int
	Latency   Summary
	// OthersPct is -1 when unknown.
	OthersPct float64
}

var (
	tpsLine       = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)
	processedLine = regexp.MustCompile(`(?m)^number of transactions actually processed: (\d+)`)
	failedLine    = regexp.MustCompile(`(?m)^number of failed transactions: (\d+)`)
)

// ReadPgbench parses the output and transaction logs of the run name in
// dir.
func ReadPgbench(dir, name string) (PgbenchRun, error) {
	var run PgbenchRun
	out, err := os.ReadFile(filepath.Join(dir, name+".txt"))
	if err != nil {
		return run, err
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		return run, fmt.Errorf("pgbench %s: no tps in its output: %s", name, lastLine(out))
	}
	run.TPS, _ = strconv.ParseFloat(string(m[1]), 64)
	if m := processedLine.FindSubmatch(out); m != nil {
		run.Processed, _ = strconv.Atoi(string(m[1]))
	}
	if m := failedLine.FindSubmatch(out); m != nil {
		run.Failed, _ = strconv.Atoi(string(m[1]))
	}
	logs, err := filepath.Glob(filepath.Join(dir, name+".log.*"))
	if err != nil || len(logs) == 0 {
		return run, fmt.Errorf("pgbench %s: no transaction logs (%v)", name, err)
	}
	var samples []time.Duration
	for _, path := range logs {
		if samples, err = readPgbenchLog(path, samples); err != nil {
			return run, err
		}
	}
	run.Latency = Summarize(samples)
	run.OthersPct = -1
	if b, err := os.ReadFile(filepath.Join(dir, name+".cpu")); err == nil {
		if v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64); err == nil && v >= 0 {
			run.OthersPct = v
		}
	}
	return run, nil
}

// readPgbenchLog appends the latencies of a per-transaction log: lines of
// "client_id transaction_no time script_no time_epoch time_us", time in
// microseconds.
func readPgbenchLog(path string, samples []time.Duration) ([]time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return samples, err
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		us, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			// "failed" or "skipped" instead of a time.
			continue
		}
		samples = append(samples, time.Duration(us)*time.Microsecond)
	}
	return samples, sc.Err()
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
