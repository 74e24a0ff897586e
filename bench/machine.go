package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Machine describes where the numbers were measured: they mean little
// without it.
type Machine struct {
	CPUs       int    `json:"cpus"`
	CPUModel   string `json:"cpuModel"`
	MemoryMB   int    `json:"memoryMB"`
	Go         string `json:"go"`
	PostgreSQL string `json:"postgresql"`
	// Settings are the server settings that move write throughput most.
	Settings string `json:"settings"`
}

func (m Machine) String() string {
	return fmt.Sprintf("%d CPUs (%s), %.1f GB RAM, %s, PostgreSQL %s (%s)",
		m.CPUs, m.CPUModel, float64(m.MemoryMB)/1024, m.Go, m.PostgreSQL, m.Settings)
}

// DescribeMachine reads /proc and asks the server for its version and
// durability settings.
func DescribeMachine(ctx context.Context, pool *pgxpool.Pool) (Machine, error) {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), CPUModel: "unknown"}
	if v, ok := procField("/proc/cpuinfo", "model name"); ok {
		m.CPUModel = v
	}
	if v, ok := procField("/proc/meminfo", "MemTotal"); ok {
		kb, _ := strconv.Atoi(strings.Fields(v)[0])
		m.MemoryMB = kb / 1024
	}
	err := pool.QueryRow(ctx, `SELECT current_setting('server_version'),
		format('shared_buffers=%s, fsync=%s, synchronous_commit=%s, max_connections=%s',
			current_setting('shared_buffers'), current_setting('fsync'),
			current_setting('synchronous_commit'), current_setting('max_connections'))`).
		Scan(&m.PostgreSQL, &m.Settings)
	return m, err
}

// procField returns the value of the first "key: value" line of a /proc
// file with the given key.
func procField(path, key string) (string, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// ProcessMemory reads a process's peak and current resident set size in
// megabytes from /proc/<pid>/status (VmHWM, VmRSS).
func ProcessMemory(pid int) (peakMB, currentMB float64, err error) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	read := func(key string) (float64, error) {
		v, ok := procField(path, key)
		if !ok {
			return 0, fmt.Errorf("%s: no %s", path, key)
		}
		kb, err := strconv.ParseFloat(strings.Fields(v)[0], 64)
		return kb / 1024, err
	}
	if peakMB, err = read("VmHWM"); err != nil {
		return 0, 0, err
	}
	currentMB, err = read("VmRSS")
	return peakMB, currentMB, err
}
