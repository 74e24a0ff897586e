package bench

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	samples := make([]time.Duration, 100)
	for i := range samples {
		samples[i] = time.Duration(100-i) * time.Millisecond
	}
	s := Summarize(samples)
	if s.Count != 100 || s.P50 != 50*time.Millisecond || s.P99 != 99*time.Millisecond || s.Max != 100*time.Millisecond {
		t.Errorf("summary %+v", s)
	}
	if p := Percentile([]time.Duration{7}, 99); p != 7 {
		t.Errorf("p99 of one sample: %v", p)
	}
	if (Summarize(nil) != Summary{}) {
		t.Error("summary of no samples is not zero")
	}
}

func TestReadPgbench(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("insert1-c8.txt", `pgbench (15.20 (Debian 15.20-0+deb12u1))
number of transactions actually processed: 4
number of failed transactions: 1 (20.000%)
latency average = 0.438 ms
tps = 18251.664252 (without initial connection time)
`)
	write("insert1-c8.log.13617", "1 1 2496 0 1795658353 105075\n0 1 3542 0 1795658353 105367\n")
	write("insert1-c8.log.13617.1", "5 1 411 0 1795658353 105343\n4 1 failed 0 1795658353 105472\n5 2 453 0 1795658353 105803\n")
	run, err := ReadPgbench(dir, "insert1-c8")
	if err != nil {
		t.Fatal(err)
	}
	if run.TPS != 18251.664252 || run.Processed != 4 || run.Failed != 1 {
		t.Errorf("run %+v", run)
	}
	if run.Latency.Count != 4 || run.Latency.P50 != 453*time.Microsecond || run.Latency.Max != 3542*time.Microsecond {
		t.Errorf("latency %+v", run.Latency)
	}
	if _, err := ReadPgbench(dir, "missing"); err == nil {
		t.Error("a missing run read without error")
	}
}
