package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/creativeclusters/planner/projections"
)

// IdleTargetPct is the idle service's CPU goal, percent of one core.
const IdleTargetPct = 1.0

// Idle measures the CPU of the service, caught up and receiving no
// requests, over d: utime+stime from /proc/<pid>/stat before and after.
// The database's backends (the service's connections, the benchmark's
// idle ones, autovacuum) are reported beside it.
func Idle(ctx context.Context, env *Env, pid int, d time.Duration) Row {
	row := Row{Scenario: "9 Idle and soak", Name: fmt.Sprintf("idle planner serve: CPU over %s", d)}
	if _, err := WaitCaughtUp(ctx, env, time.Minute); err != nil {
		row.NotRun = err.Error()
		return row
	}
	// Past BusyFor: the consumer groups wait for a notification.
	time.Sleep(2 * time.Second)
	before, ok := processTicks(pid)
	pgBefore := backendTicks(env.Database)
	started := time.Now()
	select {
	case <-ctx.Done():
		row.NotRun = ctx.Err().Error()
		return row
	case <-time.After(d):
	}
	after, ok2 := processTicks(pid)
	pgAfter := backendTicks(env.Database)
	if !ok || !ok2 {
		row.NotRun = fmt.Sprintf("cannot read /proc/%d/stat", pid)
		return row
	}
	secs := time.Since(started).Seconds()
	pct := float64(after-before) / clockTicks / secs * 100
	pgPct := float64(pgAfter-pgBefore) / clockTicks / secs * 100
	row.Value = fmt.Sprintf("%.2f%% of a core", pct)
	row.Note = fmt.Sprintf("%d ticks of 10 ms in %.1f s; the database's backends meanwhile %.2f%% of a core", after-before, secs, pgPct)
	return row.Against("< 1% of a core", pct < IdleTargetPct)
}

// largeTargets finds the 50 KB documents through the API (see NewTargets).
func (a *API) largeTargets(ctx context.Context, docs []LargeDoc) ([]APITarget, string, error) {
	targets := make([]APITarget, len(docs))
	fallback := ""
	for i, d := range docs {
		if fallback != "" {
			targets[i] = APITarget{ID: d.ID.String(), Section: d.Section.String()}
			continue
		}
		for try := 0; ; try++ {
			t, err := a.Find(ctx, d.Title)
			var gqlErr *GraphQLError
			switch {
			case err == nil:
				targets[i] = t
			case errors.As(err, &gqlErr):
				fallback = "ids assumed to be stream UUIDs: " + trim(err.Error(), 100)
				targets[i] = APITarget{ID: d.ID.String(), Section: d.Section.String()}
			case try < 1200:
				time.Sleep(50 * time.Millisecond)
				continue
			default:
				return nil, "", err
			}
			break
		}
	}
	return targets, fallback, nil
}

// FreshnessLarge is Freshness on the 50 KB documents.
func (a *API) FreshnessLarge(ctx context.Context, targets []APITarget, rate int, d time.Duration) Row {
	row := Row{Scenario: "5 Freshness", Name: fmt.Sprintf("mutation answer -> visible in strategy query, %d/s, 50 KB documents", rate), Unit: "mutations/s"}
	return steady(ctx, a.Env, row, rate, d, a.freshnessProbe(targets))
}

// lagSample is the largest projection lag (events) at a moment.
type lagSample struct {
	at  time.Duration
	lag float64
}

// maxLag reads the largest lag of the three projections, as
// `planner projections status` counts it.
func maxLag(ctx context.Context, env *Env) (float64, error) {
	st, err := projections.ReadStatus(ctx, env.Pool, Projections())
	if err != nil {
		return 0, err
	}
	var lag int64
	for _, p := range st.Projections {
		lag = max(lag, p.Lag)
	}
	return float64(lag), nil
}

// slope is the least-squares slope of the samples' lag, per second.
func slope(samples []lagSample) float64 {
	if len(samples) < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for _, s := range samples {
		x := s.at.Seconds()
		sx, sy, sxx, sxy = sx+x, sy+s.lag, sxx+x*x, sxy+x*s.lag
	}
	n := float64(len(samples))
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

// capacityStep is one offered rate of the capacity scenario.
type capacityStep struct {
	rate                 int
	achieved             float64
	errors, skipped      int
	lagEnd, lagMax, grow float64
	p99                  time.Duration
	bounded              bool
	why                  string
	firstErr             string
}

func (s capacityStep) String() string {
	verdict := "bounded"
	if !s.bounded {
		verdict = "NOT bounded (" + s.why + ")"
	}
	return fmt.Sprintf("%d/s: %.0f/s answered, p99 %.0f ms, lag max %.0f end %.0f (%+.1f/s): %s",
		s.rate, s.achieved, float64(s.p99)/1e6, s.lagMax, s.lagEnd, s.grow, verdict)
}

// offer issues updateSection at rate per second for d over HTTP, open
// loop: a tick that finds all clients busy is skipped (the service does
// not keep up). Client i edits targets[i] only, so that no two requests
// race on one stream. The lag of the projections is sampled meanwhile.
func (a *API) offer(ctx context.Context, targets []APITarget, rate int, d time.Duration) capacityStep {
	st := capacityStep{rate: rate}
	work := make(chan int, len(targets))
	var (
		wg       sync.WaitGroup
		done     atomic.Int64
		failed   atomic.Int64
		firstErr atomic.Value
		lat      Latencies
	)
	for w := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				began := time.Now()
				if _, err := a.updateSection(ctx, targets[w], body(n)); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				lat.Add(time.Since(began))
				done.Add(1)
			}
		}()
	}
	var samples []lagSample
	sampled := make(chan struct{})
	sampleCtx, stopSampling := context.WithCancel(ctx)
	started := time.Now()
	go func() {
		defer close(sampled)
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-sampleCtx.Done():
				return
			case <-tick.C:
			}
			if lag, err := maxLag(sampleCtx, a.Env); err == nil {
				samples = append(samples, lagSample{at: time.Since(started), lag: lag})
			}
		}
	}()
	// Every 5 ms, issue what is due by then: tickers cannot tick every
	// 500 µs reliably.
	tick := time.NewTicker(5 * time.Millisecond)
	issued := 0
	for time.Since(started) < d && ctx.Err() == nil {
		<-tick.C
		due := int(time.Since(started).Seconds() * float64(rate))
		for ; issued < due; issued++ {
			select {
			case work <- issued:
			default:
				st.skipped++
			}
		}
	}
	tick.Stop()
	close(work)
	wg.Wait()
	elapsed := time.Since(started)
	stopSampling()
	<-sampled
	if lag, err := maxLag(ctx, a.Env); err == nil {
		samples = append(samples, lagSample{at: elapsed, lag: lag})
	}
	st.achieved = float64(done.Load()) / elapsed.Seconds()
	st.errors = int(failed.Load())
	st.p99 = lat.Summary().P99
	if e, ok := firstErr.Load().(string); ok {
		st.firstErr = e
	}
	for _, s := range samples {
		st.lagMax = max(st.lagMax, s.lag)
	}
	var second []lagSample
	for _, s := range samples {
		if s.at >= d/2 {
			second = append(second, s)
		}
	}
	if len(samples) > 0 {
		st.lagEnd = samples[len(samples)-1].lag
	}
	st.grow = slope(second)
	// Bounded: the service took the offered rate, and the projections
	// stayed within about a second of the writes without falling further
	// behind over the second half of the window.
	switch {
	case st.achieved < 0.95*float64(rate):
		st.why = fmt.Sprintf("the API answered only %.0f/s, %d ticks skipped", st.achieved, st.skipped)
	case st.errors > issued/100:
		st.why = fmt.Sprintf("%d errors", st.errors)
	case st.lagEnd > math.Max(50, float64(rate)):
		st.why = fmt.Sprintf("lag %.0f at the end, over a second of writes", st.lagEnd)
	case st.grow > math.Max(2, 0.05*float64(rate)):
		st.why = fmt.Sprintf("lag growing %.1f/s", st.grow)
	default:
		st.bounded = true
	}
	return st
}

// Capacity raises the offered rate of updateSection over HTTP (one client
// per 50 KB document) step by step, doubling from 50/s until the lag is
// no longer bounded for window, then bisecting between the last bounded
// and the first unbounded rate bisect times. It returns the row and the
// highest bounded rate.
func (a *API) Capacity(ctx context.Context, targets []APITarget, window time.Duration, bisect int, report *Report) (Row, int) {
	row := Row{Scenario: "4 Projections", Name: fmt.Sprintf("sustained capacity: updateSection over HTTP, %d clients, 50 KB documents, lag bounded for %s", len(targets), window), Unit: "changes/s"}
	var steps []capacityStep
	run := func(rate int) (capacityStep, error) {
		st := a.offer(ctx, targets, rate, window)
		steps = append(steps, st)
		// Each step starts caught up.
		_, err := WaitCaughtUp(ctx, a.Env, 5*time.Minute)
		return st, err
	}
	const maxRate = 6400
	good, bad := 0, 0
	for rate := 50; rate <= maxRate; rate *= 2 {
		st, err := run(rate)
		if err != nil {
			row.NotRun = err.Error()
			return row, good
		}
		if !st.bounded {
			bad = rate
			break
		}
		good = rate
	}
	for i := 0; i < bisect && bad > 0 && bad-good > max(10, good/8); i++ {
		rate := (good + bad) / 2
		st, err := run(rate)
		if err != nil {
			row.NotRun = err.Error()
			return row, good
		}
		if st.bounded {
			good = rate
		} else {
			bad = rate
		}
	}
	var notes []string
	for _, s := range steps {
		notes = append(notes, s.String())
		if s.firstErr != "" {
			notes = append(notes, "first error: "+trim(s.firstErr, 100))
		}
	}
	row.Note = strings.Join(notes, "; ")
	row.Throughput = float64(good)
	if good == 0 {
		row.Value = "below 50 changes/s"
	}
	return withBaseline(row, report, BaselineOne8, 0.25, ">= 0.25 x B8"), good
}

// metricsSample is what the soak reads from /metrics.
type metricsSample struct {
	at                time.Duration
	goroutines, rssMB float64
	lag               float64
}

// scrape reads the service's /metrics (served to loopback clients).
func scrape(ctx context.Context, addr string) (map[string]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("/metrics: HTTP %d", resp.StatusCode)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		name, _, _ := strings.Cut(line[:i], "{")
		// Labelled series of one name (the lag per projection): keep the
		// largest.
		if old, ok := out[name]; !ok || v > old {
			out[name] = v
		}
	}
	return out, sc.Err()
}

// Soak offers rate updateSection/s over HTTP for d (open loop, as
// Capacity) and samples the service's goroutines, RSS and the projection
// lag from /metrics every interval; it reports whether any of them trends
// up: the mean of the last third of the samples against the first third,
// after a warm-up.
func (a *API) Soak(ctx context.Context, addr string, targets []APITarget, rate int, d time.Duration) Row {
	row := Row{Scenario: "9 Idle and soak", Name: fmt.Sprintf("soak: %s of updateSection at half the sustained capacity (%d/s), 50 KB documents", d, rate)}
	if rate <= 0 {
		row.NotRun = "no sustained capacity measured"
		return row
	}
	const interval = 5 * time.Second
	var samples []metricsSample
	var scrapeErr error
	sampleCtx, stop := context.WithCancel(ctx)
	sampled := make(chan struct{})
	started := time.Now()
	go func() {
		defer close(sampled)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-sampleCtx.Done():
				return
			case <-tick.C:
			}
			m, err := scrape(sampleCtx, addr)
			if err != nil {
				scrapeErr = err
				continue
			}
			samples = append(samples, metricsSample{at: time.Since(started), goroutines: m["go_goroutines"],
				rssMB: m["process_resident_memory_bytes"] / 1e6, lag: m["planner_projection_lag_events"]})
		}
	}()
	st := a.offer(ctx, targets, rate, d)
	stop()
	<-sampled
	// The first 30 s warm caches and pools up.
	var steady []metricsSample
	for _, s := range samples {
		if s.at >= 30*time.Second {
			steady = append(steady, s)
		}
	}
	if len(steady) < 6 {
		row.NotRun = fmt.Sprintf("%d samples of /metrics (last error: %v)", len(steady), scrapeErr)
		return row
	}
	third := len(steady) / 3
	mean := func(part []metricsSample, f func(metricsSample) float64) float64 {
		var sum float64
		for _, s := range part {
			sum += f(s)
		}
		return sum / float64(len(part))
	}
	first, last := steady[:third], steady[len(steady)-third:]
	series := []struct {
		name  string
		f     func(metricsSample) float64
		slack float64 // growth below this is noise
	}{
		{"RSS MB", func(s metricsSample) float64 { return s.rssMB }, 20},
		{"goroutines", func(s metricsSample) float64 { return s.goroutines }, 20},
		{"lag", func(s metricsSample) float64 { return s.lag }, math.Max(20, float64(rate)/2)},
	}
	up := []string{}
	var notes []string
	for _, s := range series {
		a, b := mean(first, s.f), mean(last, s.f)
		notes = append(notes, fmt.Sprintf("%s %.0f -> %.0f", s.name, a, b))
		if b-a > s.slack && b > 1.25*a {
			up = append(up, s.name)
		}
	}
	row.Value = fmt.Sprintf("%.0f changes/s", st.achieved)
	row.Note = fmt.Sprintf("means of the first and last third of %d samples after 30 s: %s; %s", len(steady), strings.Join(notes, ", "), st)
	if len(up) > 0 {
		row.Note = "trending up: " + strings.Join(up, ", ") + "; " + row.Note
	}
	return row.Against("nothing trends up", len(up) == 0 && st.bounded)
}

// LargeAPIScenarios runs the API scenarios on the 50 KB documents:
// freshness, sustained capacity and, in full mode, the soak.
func (a *API) LargeAPIScenarios(ctx context.Context, addr string, docs []LargeDoc, quick bool, rate int, d time.Duration,
	report *Report, step func(string, ...any)) []Row {
	sz := LargeSizesFor(quick)
	names := []Row{
		{Scenario: "5 Freshness", Name: fmt.Sprintf("mutation answer -> visible in strategy query, %d/s, 50 KB documents", rate)},
		{Scenario: "4 Projections", Name: "sustained capacity: updateSection over HTTP, 50 KB documents"},
		{Scenario: "9 Idle and soak", Name: "soak at half the sustained capacity, 50 KB documents"},
	}
	notRun := func(why string) []Row {
		for i := range names {
			names[i].NotRun = why
		}
		return names
	}
	if len(docs) == 0 {
		return notRun("no 50 KB documents")
	}
	targets, fallback, err := a.largeTargets(ctx, docs)
	if err != nil {
		return notRun(trim(err.Error(), 200))
	}
	step("freshness at %d mutations/s on 50 KB documents", rate)
	fresh := belowRate(a.FreshnessLarge(ctx, targets, rate, d), rate)
	fresh.Note = joinNote(fresh.Note, fallback)
	bisect := 2
	if quick {
		bisect = 1
	}
	step("sustained capacity on 50 KB documents (%s per step)", sz.Window)
	capacity, sustained := a.Capacity(ctx, targets, sz.Window, bisect, report)
	soak := names[2]
	if sz.Soak == 0 {
		soak.NotRun = "full mode only"
	} else {
		step("soak: %s at %d changes/s", sz.Soak, sustained/2)
		soak = a.Soak(ctx, addr, targets, sustained/2, sz.Soak)
	}
	return []Row{fresh, capacity, soak}
}
