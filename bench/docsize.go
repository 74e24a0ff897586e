package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
)

// LargeDoc is a strategy built through real commands to about a given
// size of state JSON (what the projections store and patch).
type LargeDoc struct {
	ID, Section uuid.UUID
	Title       string
	// Bytes is the size of the state JSON; Commands how many commands
	// built it.
	Bytes, Commands int
}

// LargeSizes are the volumes of the large-document scenarios.
type LargeSizes struct {
	// Edits is how many section edits each size of the sweep applies from
	// a backlog.
	Edits int
	// SweepRate is the rate of the sweep's freshness run on one document;
	// SweepFor how long it lasts.
	SweepRate int
	SweepFor  time.Duration
	// Docs is how many 50 KB documents the freshness, capacity and soak
	// scenarios share.
	Docs int
	// Window is how long each capacity step must keep the lag bounded;
	// Soak how long the soak runs (0: not run).
	Window, Soak time.Duration
}

// LargeSizesFor returns the quick or the full sizes.
func LargeSizesFor(quick bool) LargeSizes {
	if quick {
		return LargeSizes{Edits: 500, SweepRate: 25, SweepFor: 3 * time.Second, Docs: 16, Window: 10 * time.Second}
	}
	return LargeSizes{Edits: 2000, SweepRate: 25, SweepFor: 15 * time.Second, Docs: 32, Window: 30 * time.Second, Soak: 5 * time.Minute}
}

// Document sizes of the sweep, in bytes of state JSON.
const (
	SmallDocBytes  = 2_000
	MediumDocBytes = 50_000
	LargeDocBytes  = 200_000
)

// SweepTargetRatio is the document size sweep's goal: a revision of a
// 200 KB document costs the projections at most this many times what one
// of a 2 KB document costs.
const SweepTargetRatio = 1.5

// paragraph is prose of about n characters.
func paragraph(n int, seed int) string {
	const text = "The creative industries of the South Baltic cooperate across borders, share venues and train each other's staff. "
	s := fmt.Sprintf("(%d) ", seed) + strings.Repeat(text, n/len(text)+1)
	return s[:n]
}

// BuildDocument creates a strategy through app.Execute and grows it the
// way a ten-year strategy grows, until its state JSON reaches about
// bytes: two sections, then a priority with three objectives of two
// measures and two indicators (ten yearly targets) each, and again. The
// first section is the one the scenarios edit.
func BuildDocument(ctx context.Context, env *Env, title string, bytes int) (LargeDoc, error) {
	doc := LargeDoc{Title: title}
	var state *strategy.Strategy
	exec := func(id uuid.UUID, cmd domain.Command[*strategy.Strategy]) error {
		res, err := app.Execute(ctx, env.Service, app.Strategies, id, cmd, app.Request{Actor: env.Planner})
		if err != nil {
			return fmt.Errorf("build %q, command %d (%s): %w", title, doc.Commands+1, cmd.Describe().Action, err)
		}
		doc.Commands++
		doc.ID, state = res.SubjectID, res.State
		return nil
	}
	if err := exec(uuid.Nil, strategy.CreateStrategy{
		Title: title, Vision: "A ten-year strategy built for the document size benchmark.", StartYear: 2027,
		LocationIDs: []uuid.UUID{env.Location}, PartnerIDs: []uuid.UUID{env.Partner},
	}); err != nil {
		return doc, err
	}
	size := func() (int, error) {
		b, err := json.Marshal(state)
		return len(b), err
	}
	newID := func() *uuid.UUID { id := uuid.Must(uuid.NewV7()); return &id }
	// The commands of one round, in document order; the size is checked
	// after each, so small documents stop early.
	for round := 0; ; round++ {
		var cmds []domain.Command[*strategy.Strategy]
		for i := range 2 {
			id := newID()
			if doc.Section == uuid.Nil {
				doc.Section = *id
			}
			cmds = append(cmds, strategy.AddSection{SectionID: id, Heading: fmt.Sprintf("Chapter %d.%d", round+1, i+1), Body: paragraph(900, round)})
		}
		priority := newID()
		cmds = append(cmds, strategy.AddPriority{PriorityID: priority, Title: fmt.Sprintf("Priority %d", round+1), Description: paragraph(300, round)})
		for o := range 3 {
			objective := newID()
			cmds = append(cmds, strategy.AddObjective{PriorityID: *priority, ObjectiveID: objective,
				Title: fmt.Sprintf("Objective %d.%d", round+1, o+1), Description: paragraph(250, o)})
			for m := range 2 {
				cmds = append(cmds, strategy.AddMeasure{ObjectiveID: *objective, MeasureID: newID(),
					Title: fmt.Sprintf("Measure %d.%d.%d", round+1, o+1, m+1), Description: paragraph(250, m),
					StartYear: 2027 + (round+m)%5, EndYear: 2036})
			}
			for n := range 2 {
				targets := make([]strategy.YearValue, strategy.PeriodYears)
				for y := range targets {
					targets[y] = strategy.YearValue{Year: 2027 + y, Value: float64(10 * (y + 1))}
				}
				cmds = append(cmds, strategy.AddIndicator{ObjectiveID: *objective, IndicatorID: newID(),
					Name: fmt.Sprintf("Indicator %d.%d.%d", round+1, o+1, n+1), Unit: "jobs",
					BaselineYear: 2025, Targets: targets})
			}
		}
		for _, cmd := range cmds {
			if err := exec(doc.ID, cmd); err != nil {
				return doc, err
			}
			n, err := size()
			if err != nil {
				return doc, err
			}
			if doc.Bytes = n; n >= bytes && doc.Section != uuid.Nil {
				return doc, nil
			}
		}
	}
}

// BuildDocuments builds n documents of about bytes each.
func BuildDocuments(ctx context.Context, env *Env, n, bytes int, prefix string) ([]LargeDoc, error) {
	docs := make([]LargeDoc, n)
	for i := range docs {
		var err error
		title := fmt.Sprintf("%s %03d %s", prefix, i+1, uuid.NewString()[:8])
		if docs[i], err = BuildDocument(ctx, env, title, bytes); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// cpuTime is the CPU this process and the benchmark database's backends
// have used so far.
type cpuTime struct {
	self, backends time.Duration
}

func readCPUTime(database string) cpuTime {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	self := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return cpuTime{self: self, backends: time.Duration(backendTicks(database)) * time.Second / clockTicks}
}

func (c cpuTime) sub(o cpuTime) cpuTime {
	return cpuTime{self: c.self - o.self, backends: c.backends - o.backends}
}

func (c cpuTime) total() time.Duration { return c.self + c.backends }

// backendTicks is the CPU time (clock ticks) of the PostgreSQL backends
// serving database (autovacuum workers on it included).
func backendTicks(database string) uint64 {
	w := &CPUWatch{database: database}
	entries, _ := os.ReadDir("/proc")
	var sum uint64
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !w.ours(pid) {
			continue
		}
		if t, ok := processTicks(pid); ok {
			sum += t
		}
	}
	return sum
}

// drain starts a projection runner on the backlog, waits until every
// projection has applied the whole log, and hold longer, and returns the
// CPU that took (this process, the runner's, and the database's) and the
// time, before it stops the runner.
func drain(ctx context.Context, env *Env, limit, hold time.Duration) (cpuTime, time.Duration, error) {
	before, started := readCPUTime(env.Database), time.Now()
	runner, err := env.NewRunner()
	if err != nil {
		return cpuTime{}, 0, err
	}
	stopped := make(chan struct{})
	go func() { defer close(stopped); _ = runner.Run(ctx) }()
	defer func() {
		_ = runner.Close()
		<-stopped
	}()
	if _, err := WaitCaughtUp(ctx, env, limit); err != nil {
		return cpuTime{}, 0, err
	}
	// Holding, poll as WaitCaughtUp does: what costs CPU by the second
	// (these polls, the CPU watch, the idle runner) is then measured too.
	for end := time.Now().Add(hold); time.Now().Before(end); {
		time.Sleep(50 * time.Millisecond)
		if _, err := WaitCaughtUp(ctx, env, limit); err != nil {
			return cpuTime{}, 0, err
		}
	}
	return readCPUTime(env.Database).sub(before), time.Since(started), nil
}

// DocumentSweep is the document size sweep: for a strategy of each size
// it appends the same section edit Edits times with no runner running,
// then starts a runner and measures the CPU it takes to apply them (all
// three projections, this process and the database's backends, net of
// the cost of starting a runner with nothing to do), per revision; then
// the freshness of the same edit at SweepRate on that document with the
// runner running.
func DocumentSweep(ctx context.Context, env *Env, sz LargeSizes) []Row {
	const scenario = "4 Projections"
	sizes := []struct {
		id    string
		bytes int
		label string
	}{{"S2", SmallDocBytes, "2 KB"}, {"S50", MediumDocBytes, "50 KB"}, {"S200", LargeDocBytes, "200 KB"}}
	rows := make([]Row, len(sizes))
	docs := make([]LargeDoc, len(sizes))
	for i, s := range sizes {
		rows[i] = Row{ID: s.id, Scenario: scenario, Name: fmt.Sprintf("same section edit on a %s strategy: projection CPU per revision, freshness at %d/s", s.label, sz.SweepRate)}
		var err error
		if docs[i], err = BuildDocument(ctx, env, fmt.Sprintf("Sweep %s %s", s.label, uuid.NewString()[:8]), s.bytes); err != nil {
			rows[i].NotRun = trim(err.Error(), 200)
			return rows
		}
	}
	// The documents' creation is projected first; then the cost of a
	// runner that starts with nothing to do.
	if _, _, err := drain(ctx, env, 2*time.Minute, 0); err != nil {
		rows[0].NotRun = err.Error()
		return rows
	}
	// What is not applying revisions: starting a runner, and by the
	// second the polls of WaitCaughtUp, the CPU watch and an idle runner.
	start, startTook, err := drain(ctx, env, time.Minute, 0)
	if err != nil {
		rows[0].NotRun = err.Error()
		return rows
	}
	held, heldTook, err := drain(ctx, env, time.Minute, 2*time.Second)
	if err != nil {
		rows[0].NotRun = err.Error()
		return rows
	}
	perSecond := func(d time.Duration) cpuTime {
		f := float64(d) / float64(heldTook-startTook)
		idle := held.sub(start)
		return cpuTime{self: time.Duration(float64(idle.self) * f), backends: time.Duration(float64(idle.backends) * f)}
	}
	perRev := make([]time.Duration, len(sizes))
	for i := range sizes {
		doc := docs[i]
		for n := range sz.Edits {
			if _, err := app.Execute(ctx, env.Service, app.Strategies, doc.ID, domain.Command[*strategy.Strategy](strategy.UpdateSection{
				SectionID: doc.Section, Body: domain.Some(body(n)),
			}), app.Request{Actor: env.Planner}); err != nil {
				rows[i].NotRun = trim(err.Error(), 200)
				return rows
			}
		}
		used, took, err := drain(ctx, env, 5*time.Minute, 0)
		if err != nil {
			rows[i].NotRun = err.Error()
			return rows
		}
		net := used.sub(start).sub(perSecond(max(took-startTook, 0)))
		perRev[i] = net.total() / time.Duration(sz.Edits)
		fresh := sweepFreshness(ctx, env, rows[i], doc, sz)
		row := fresh
		row.ID, row.Throughput, row.Target, row.Met = sizes[i].id, 0, "", nil
		row.Value = fmt.Sprintf("%.3f ms CPU/rev", float64(perRev[i])/1e6)
		row.Note = joinNote(fmt.Sprintf("%d B state, %d commands; %d edits applied in %.2f s; CPU per revision: runner process %.3f ms + PostgreSQL %.3f ms (subtracted: a runner start with no backlog, %.0f ms, and %.0f ms of CPU per second the bench's polls and an idle runner use)",
			doc.Bytes, doc.Commands, sz.Edits, took.Seconds(), float64(net.self)/float64(sz.Edits)/1e6, float64(net.backends)/float64(sz.Edits)/1e6,
			float64(start.total())/1e6, float64(perSecond(time.Second).total())/1e6), "freshness: "+fresh.Note)
		if fresh.NotRun != "" {
			row.NotRun = ""
			row.Note = joinNote(row.Note, "freshness not measured: "+fresh.NotRun)
		}
		rows[i] = row
	}
	if perRev[0] > 0 {
		ratio := float64(perRev[2]) / float64(perRev[0])
		rows[2].Ratio, rows[2].Baseline = ratio, "S2"
		rows[2] = rows[2].Against("CPU/rev <= 1.5 x S2", ratio <= SweepTargetRatio)
	}
	return rows
}

// sweepFreshness edits doc's section at the sweep's rate with a runner
// running and reports how soon the documents projection shows each edit.
func sweepFreshness(ctx context.Context, env *Env, row Row, doc LargeDoc, sz LargeSizes) Row {
	return freshnessOn(ctx, env, row, []LargeDoc{doc}, sz.SweepRate, sz.SweepFor)
}

// freshnessOn runs steady with a projection runner in this process over
// docs: section edits through app.Execute, the documents projection's
// streams table polled for the revision.
func freshnessOn(ctx context.Context, env *Env, row Row, docs []LargeDoc, rate int, d time.Duration) Row {
	runner, err := env.NewRunner()
	if err != nil {
		row.NotRun = err.Error()
		return row
	}
	stopped := make(chan struct{})
	go func() { defer close(stopped); _ = runner.Run(ctx) }()
	defer func() {
		_ = runner.Close()
		<-stopped
	}()
	if _, err := WaitCaughtUp(ctx, env, time.Minute); err != nil {
		row.NotRun = err.Error()
		return row
	}
	return steady(ctx, env, row, rate, d, func(ctx context.Context, n int) (func(context.Context) (bool, error), error) {
		doc := docs[n%len(docs)]
		res, err := app.Execute(ctx, env.Service, app.Strategies, doc.ID, domain.Command[*strategy.Strategy](strategy.UpdateSection{
			SectionID: doc.Section, Body: domain.Some(fmt.Sprintf("Freshness probe %d", n)),
		}), app.Request{Actor: env.Planner})
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) (bool, error) {
			var rev int
			err := env.Pool.QueryRow(ctx, `SELECT COALESCE((SELECT revision FROM proj_documents.streams WHERE stream_id = $1), 0)`, doc.ID).Scan(&rev)
			return rev >= res.Revision, err
		}, nil
	})
}

// FreshnessLargeDirect is the freshness scenario below the API on 50 KB
// documents (see FreshnessDirect).
func FreshnessLargeDirect(ctx context.Context, env *Env, docs []LargeDoc, rate int, d time.Duration) Row {
	row := Row{Scenario: "5 Freshness", Name: fmt.Sprintf("app.Execute -> applied by the documents projection, %d/s, 50 KB documents (no HTTP)", rate), Unit: "commands/s"}
	if len(docs) == 0 {
		row.NotRun = "no 50 KB documents"
		return row
	}
	row = freshnessOn(ctx, env, row, docs, rate, d)
	row.Note = joinNote(row.Note, fmt.Sprintf("%d documents of %d B", len(docs), docs[0].Bytes))
	return belowRate(row, rate)
}

// belowRate notes a steady run that issued fewer changes than offered:
// steady's ticker drops ticks while the process has no CPU to spare.
func belowRate(row Row, rate int) Row {
	if row.NotRun == "" && row.Throughput < 0.95*float64(rate) {
		row.Note = joinNote(row.Note, fmt.Sprintf("only %.0f of the %d changes/s offered went through (skipped ticks: the writer did not keep up; else the benchmark process was short of CPU)", row.Throughput, rate))
	}
	return row
}

// LargeScenarios runs the projection scenarios below the API on large
// documents and returns the 50 KB documents that the API scenarios use
// next (nil when they could not be built).
func LargeScenarios(ctx context.Context, env *Env, quick bool, rate int, d time.Duration, step func(string, ...any)) ([]LargeDoc, []Row) {
	sz := LargeSizesFor(quick)
	step("projections: document size sweep (2, 50, 200 KB; %d edits each)", sz.Edits)
	rows := DocumentSweep(ctx, env, sz)
	step("building %d strategies of 50 KB", sz.Docs)
	docs, err := BuildDocuments(ctx, env, sz.Docs, MediumDocBytes, "bench-large")
	fresh := Row{Scenario: "5 Freshness", Name: fmt.Sprintf("app.Execute -> applied by the documents projection, %d/s, 50 KB documents (no HTTP)", rate)}
	if err != nil {
		fresh.NotRun = trim(err.Error(), 200)
		return nil, append(rows, fresh)
	}
	step("freshness below the API on 50 KB documents")
	return docs, append(rows, FreshnessLargeDirect(ctx, env, docs, rate, d))
}
