package bench

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// CPUWatch samples how much of the machine's CPU other processes use, so
// that a row measured while someone else was compiling can be told from
// one measured on a quiet machine. Ours are this process, the processes
// added with Add (the service), processes running a program named in
// programs (pgbench), and the PostgreSQL backends and autovacuum workers
// of the benchmark's database, which carry its name in their process
// title.
type CPUWatch struct {
	database string
	programs []string
	mu       sync.Mutex
	pids     map[int]bool
	samples  []cpuSample
	stop     chan struct{}
	done     chan struct{}
}

type cpuSample struct {
	at           time.Time
	total        uint64         // busy clock ticks, machine-wide
	oursByPID    map[int]uint64 // busy clock ticks of each of our processes
	foreignTicks uint64         // total minus ours since the previous sample
}

// WatchCPU starts sampling every interval until Stop.
func WatchCPU(database string, interval time.Duration, programs ...string) *CPUWatch {
	w := &CPUWatch{database: database, programs: programs, pids: map[int]bool{os.Getpid(): true},
		stop: make(chan struct{}), done: make(chan struct{})}
	w.sample()
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.sample()
			}
		}
	}()
	return w
}

// Add counts the process pid as ours.
func (w *CPUWatch) Add(pid int) {
	w.mu.Lock()
	w.pids[pid] = true
	w.mu.Unlock()
}

// Stop takes a last sample and ends sampling.
func (w *CPUWatch) Stop() {
	close(w.stop)
	<-w.done
	w.sample()
}

// Others returns the share (0..1) of the machine's CPU capacity that other
// processes used between from and to, or -1 when unknown.
func (w *CPUWatch) Others(from, to time.Time) float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	var foreign uint64
	var capacity float64
	for i := 1; i < len(w.samples); i++ {
		s, prev := w.samples[i], w.samples[i-1]
		if s.at.Before(from) || prev.at.After(to) {
			continue
		}
		foreign += s.foreignTicks
		capacity += s.at.Sub(prev.at).Seconds() * clockTicks * float64(runtime.NumCPU())
	}
	if capacity == 0 {
		return -1
	}
	return min(float64(foreign)/capacity, 1)
}

// clockTicks is USER_HZ, 100 on every Linux this runs on.
const clockTicks = 100

func (w *CPUWatch) sample() {
	s := cpuSample{at: time.Now(), total: busyTicks(), oursByPID: map[int]uint64{}}
	entries, _ := os.ReadDir("/proc")
	w.mu.Lock()
	pids := maps.Clone(w.pids)
	w.mu.Unlock()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if !pids[pid] && !w.ours(pid) {
			continue
		}
		if t, ok := processTicks(pid); ok {
			s.oursByPID[pid] = t
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if n := len(w.samples); n > 0 {
		prev := w.samples[n-1]
		var ours uint64
		for pid, t := range s.oursByPID {
			// A process new since the last sample counts from zero: it
			// started within the interval.
			ours += t - min(prev.oursByPID[pid], t)
		}
		if busy := s.total - prev.total; busy > ours {
			s.foreignTicks = busy - ours
		}
	}
	w.samples = append(w.samples, s)
}

// ours reports whether pid runs one of the watched programs or is a
// PostgreSQL process working for the benchmark's database.
func (w *CPUWatch) ours(pid int) bool {
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return false
	}
	if bytes.HasPrefix(cmdline, []byte("postgres:")) {
		return bytes.Contains(cmdline, []byte(" "+w.database+" "))
	}
	program := filepath.Base(string(bytes.SplitN(cmdline, []byte{0}, 2)[0]))
	return slices.Contains(w.programs, program)
}

// busyTicks is the machine's non-idle CPU time from /proc/stat.
func busyTicks() uint64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal
	var busy uint64
	for i, f := range fields[1:min(len(fields), 9)] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		v, _ := strconv.ParseUint(f, 10, 64)
		busy += v
	}
	return busy
}

// processTicks is a process's user and system CPU time.
func processTicks(pid int) (uint64, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	// The command name may contain spaces; the fields after it do not.
	_, rest, ok := strings.Cut(string(b), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, false
	}
	utime, _ := strconv.ParseUint(fields[11], 10, 64)
	stime, _ := strconv.ParseUint(fields[12], 10, 64)
	return utime + stime, true
}
