package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// planning is a real strategy with its network, served by two command
// services over one database: two instances of the planner, so that both
// the in-process queue and the cross-process race are exercised.
type planning struct {
	pool      *pgxpool.Pool
	counter   *statementCounter
	instances [2]*app.Service
	planner   domain.Actor
	location  uuid.UUID
	org       uuid.UUID
}

func newPlanning(t *testing.T) *planning {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	counter := &statementCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store := eventstore.New(pool, catalog.Registry())
	p := &planning{pool: pool, counter: counter}
	p.instances[0] = app.NewService(store, app.Config{})
	p.instances[1] = app.NewService(store, app.Config{})
	ctx := context.Background()
	loc, err := app.Execute(ctx, p.instances[0], app.Locations, uuid.Nil,
		domain.Command[*network.Location](network.AddLocation{Name: "Aachen", Country: "DE"}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org, err := app.Execute(ctx, p.instances[0], app.Organisations, uuid.Nil,
		domain.Command[*network.Organisation](network.RegisterOrganisation{Name: "Org", Role: network.Partner, LocationID: loc.SubjectID}),
		app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	p.location, p.org = loc.SubjectID, org.SubjectID
	p.planner = domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: p.org}
	return p
}

func (p *planning) createCmd() strategy.CreateStrategy {
	return strategy.CreateStrategy{Title: "Plan", StartYear: 2030, LocationIDs: []uuid.UUID{p.location}, PartnerIDs: []uuid.UUID{p.org}}
}

func (p *planning) run(instance int, id uuid.UUID, cmd domain.Command[*strategy.Strategy], req app.Request) (app.Result[*strategy.Strategy], error) {
	if req.Actor.ID == uuid.Nil {
		req.Actor = p.planner
	}
	return app.Execute(context.Background(), p.instances[instance%2], app.Strategies, id, cmd, req)
}

func (p *planning) create(t *testing.T) uuid.UUID {
	t.Helper()
	res, err := p.run(0, uuid.Nil, p.createCmd(), app.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return res.SubjectID
}

// statementCounter counts the statements a pool runs, but for the
// store's announcements of appends, which it sends after them from a
// goroutine of its own (eventstore/notify.go), whenever they are due.
type statementCounter struct{ n atomic.Int64 }

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, q pgx.TraceQueryStartData) context.Context {
	if !strings.Contains(q.SQL, "pg_notify") {
		c.n.Add(1)
	}
	return ctx
}

func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// revisions returns the revision numbers of the stream's events, in order.
func (p *planning) revisions(t *testing.T, id uuid.UUID) []int {
	t.Helper()
	rows, err := p.pool.Query(context.Background(), `SELECT DISTINCT revision FROM events WHERE stream_id = $1 ORDER BY revision`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var revs []int
	for rows.Next() {
		var r int
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		revs = append(revs, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return revs
}

func (p *planning) streams(t *testing.T) int {
	t.Helper()
	var n int
	err := p.pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE version = 1 AND stream_type = $1`, string(domain.SubjectStrategy)).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func ptr[T any](v T) *T { return &v }

// TestTenTwinsOfOneCommandApplyOnceAndReplayNine sends the same commandId
// ten times at once, half to each instance, for every kind of command: one
// applies, nine answer its result again, and the stream gains one revision.
func TestTenTwinsOfOneCommandApplyOnceAndReplayNine(t *testing.T) {
	t.Parallel()
	p := newPlanning(t)
	id := p.create(t)
	priority, err := p.run(0, id, strategy.AddPriority{PriorityID: ptr(uuid.New()), Title: "P"}, app.Request{})
	if err != nil {
		t.Fatal(err)
	}
	objective := uuid.New()
	if _, err := p.run(0, id, strategy.AddObjective{PriorityID: priority.State.Priorities[0].Key, ObjectiveID: &objective, Title: "O"}, app.Request{}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		subject uuid.UUID
		cmd     domain.Command[*strategy.Strategy]
	}{
		{"content with a client key", id, strategy.AddSection{SectionID: ptr(uuid.New()), Heading: "Intro"}},
		{"content with client keys and references", id, strategy.AddMeasure{
			ObjectiveID: objective, MeasureID: ptr(uuid.New()), Title: "M", LocationIDs: []uuid.UUID{p.location},
			LeadPartnerID: &p.org, StartYear: 2031, EndYear: 2032,
		}},
		{"workflow", id, strategy.SubmitStrategyForReview{}},
		{"create", uuid.Nil, p.createCmd()},
	}
	for _, c := range cases {
		before := p.revisions(t, id)
		streamsBefore := p.streams(t)
		cmdID := uuid.New()
		const twins = 10
		results := make([]app.Result[*strategy.Strategy], twins)
		errs := make([]error, twins)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range twins {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				results[i], errs[i] = p.run(i, c.subject, c.cmd, app.Request{CommandID: cmdID})
			}()
		}
		close(start)
		wg.Wait()
		applied, replayed := 0, 0
		for i := range twins {
			if errs[i] != nil {
				t.Fatalf("%s: twin %d: %v (%s), want its first result again", c.name, i, errs[i], domain.CodeOf(errs[i]))
			}
			if results[i].Replayed {
				replayed++
			} else {
				applied++
			}
			if results[i].SubjectID != results[0].SubjectID || results[i].Revision != results[0].Revision || results[i].Position != results[0].Position {
				t.Fatalf("%s: twins answered different results: %+v vs %+v", c.name, results[i], results[0])
			}
		}
		if applied != 1 || replayed != twins-1 {
			t.Fatalf("%s: %d applied, %d replayed; want 1 and %d", c.name, applied, replayed, twins-1)
		}
		if c.subject == uuid.Nil {
			if got := p.streams(t); got != streamsBefore+1 {
				t.Fatalf("%s: %d strategies, want %d", c.name, got, streamsBefore+1)
			}
			if revs := p.revisions(t, results[0].SubjectID); len(revs) != 1 {
				t.Fatalf("%s: the new strategy has revisions %v, want one", c.name, revs)
			}
			continue
		}
		if after := p.revisions(t, id); len(after) != len(before)+1 {
			t.Fatalf("%s: revisions %v after %v, want one more", c.name, after, before)
		}
	}
}

// TestThirtyTwoCoEditorsNeverMeetUnavailable has 32 writers, spread over two
// instances, edit the headings of four sections of one strategy, each from
// the revision it last saw. Every command is applied or refused for a real
// reason (a conflict on the heading it edits); none fails for contention;
// the revisions stay contiguous.
func TestThirtyTwoCoEditorsNeverMeetUnavailable(t *testing.T) {
	t.Parallel()
	p := newPlanning(t)
	id := p.create(t)
	sections := make([]uuid.UUID, 4)
	var seen int
	for i := range sections {
		sections[i] = uuid.New()
		res, err := p.run(0, id, strategy.AddSection{SectionID: &sections[i], Heading: fmt.Sprintf("S%d", i)}, app.Request{})
		if err != nil {
			t.Fatal(err)
		}
		seen = res.Revision
	}
	const writers, commands = 32, 5
	var (
		mu        sync.Mutex
		applied   int
		conflicts int
		failures  []string
		wg        sync.WaitGroup
	)
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			last := seen
			section := sections[w%len(sections)]
			for k := range commands {
				cmd := strategy.UpdateSection{SectionID: section, Heading: domain.Some(fmt.Sprintf("w%d-%d", w, k))}
				res, err := p.run(w, id, cmd, app.Request{ExpectedRevision: rev(last)})
				var conflict *domain.ConflictError
				mu.Lock()
				switch {
				case err == nil:
					applied++
					last = res.Revision
				case errors.As(err, &conflict) && onHeadingOf(conflict, section):
					conflicts++
					last = conflict.CurrentRevision
				default:
					failures = append(failures, fmt.Sprintf("writer %d command %d: %v (%s)", w, k, err, domain.CodeOf(err)))
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d commands failed for no real reason, e.g. %s", len(failures), failures[0])
	}
	if applied+conflicts != writers*commands || applied == 0 {
		t.Fatalf("%d applied and %d conflicts of %d commands", applied, conflicts, writers*commands)
	}
	revs := p.revisions(t, id)
	for i, r := range revs {
		if r != i+1 {
			t.Fatalf("revisions are not contiguous: %v", revs)
		}
	}
	if len(revs) != seen+applied {
		t.Fatalf("%d revisions, want %d setup + %d applied", len(revs), seen, applied)
	}
}

// onHeadingOf reports whether every conflict is on the heading of the
// section the writer edited: the only real reason to refuse it.
func onHeadingOf(err *domain.ConflictError, section uuid.UUID) bool {
	if len(err.Conflicts) == 0 {
		return false
	}
	for _, c := range err.Conflicts {
		if !strings.Contains(c.Path, section.String()) || !strings.HasSuffix(c.Path, "/heading") {
			return false
		}
	}
	return true
}

// TestTooManyReferencesFailFast names 10,000 locations in a createStrategy:
// it is refused with the list limit, and nothing is looked up one by one.
func TestTooManyReferencesFailFast(t *testing.T) {
	t.Parallel()
	p := newPlanning(t)
	cmd := p.createCmd()
	cmd.LocationIDs = make([]uuid.UUID, 10_000)
	for i := range cmd.LocationIDs {
		cmd.LocationIDs[i] = uuid.New()
	}
	before := p.counter.n.Load()
	_, err := p.run(0, uuid.Nil, cmd, app.Request{CommandID: uuid.New()})
	var invalid *domain.ValidationError
	if !errors.As(err, &invalid) {
		t.Fatalf("got %v, want VALIDATION_FAILED", err)
	}
	if !strings.Contains(err.Error(), "at most 50") || !strings.Contains(err.Error(), "locationIds") {
		t.Fatalf("got %v, want the 50-entry limit on locationIds", err)
	}
	if n := p.counter.n.Load() - before; n != 0 {
		t.Fatalf("the oversized command ran %d statements, want none", n)
	}
}

// TestReferencesAreCheckedInOneStatement names 50 locations, one unknown:
// the unknown one is reported on its own index, and the 50 lookups are one
// statement.
func TestReferencesAreCheckedInOneStatement(t *testing.T) {
	t.Parallel()
	p := newPlanning(t)
	cmd := p.createCmd()
	for range 48 {
		res, err := app.Execute(context.Background(), p.instances[0], app.Locations, uuid.Nil,
			domain.Command[*network.Location](network.AddLocation{Name: "Town", Country: "PL"}), app.Request{Actor: domain.System})
		if err != nil {
			t.Fatal(err)
		}
		cmd.LocationIDs = append(cmd.LocationIDs, res.SubjectID)
	}
	cmd.LocationIDs = append(cmd.LocationIDs, uuid.New())
	before := p.counter.n.Load()
	_, err := p.run(0, uuid.Nil, cmd, app.Request{})
	var invalid *domain.ValidationError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), "locationIds.49") || strings.Contains(err.Error(), "locationIds.48") {
		t.Fatalf("got %v, want an unknown location at locationIds.49 only", err)
	}
	if n := p.counter.n.Load() - before; n != 1 {
		t.Fatalf("checking 50 references ran %d statements, want 1", n)
	}
}

// TestCoEditorsOnTwoProcessesWinTheirSecondAttempt runs co-editors of one
// strategy on two command services (two processes) that may decide a
// command only twice: a command that lost the append race to the other
// process retries holding the stream's lock, so its second attempt cannot
// lose. Without the lock, the process whose turns follow each other (each
// handing its state on without a load) keeps winning, and the other
// answers UNAVAILABLE.
func TestCoEditorsOnTwoProcessesWinTheirSecondAttempt(t *testing.T) {
	t.Parallel()
	p := newPlanning(t)
	store := eventstore.New(p.pool, catalog.Registry())
	for i := range p.instances {
		p.instances[i] = app.NewService(store, app.Config{MaxAttempts: 2})
	}
	id := p.create(t)
	const writers, commands = 8, 15
	sections := make([]uuid.UUID, writers)
	for i := range sections {
		sections[i] = uuid.New()
		if _, err := p.run(0, id, strategy.AddSection{SectionID: &sections[i], Heading: fmt.Sprintf("S%d", i)}, app.Request{}); err != nil {
			t.Fatal(err)
		}
	}
	setup := len(p.revisions(t, id))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
	)
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for k := range commands {
				cmd := strategy.UpdateSection{SectionID: sections[w], Heading: domain.Some(fmt.Sprintf("w%d-%d", w, k))}
				if _, err := p.run(w, id, cmd, app.Request{}); err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("writer %d command %d: %v (%s)", w, k, err, domain.CodeOf(err)))
					mu.Unlock()
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d of %d commands failed, e.g. %s", len(failures), writers*commands, failures[0])
	}
	revs := p.revisions(t, id)
	for i, r := range revs {
		if r != i+1 {
			t.Fatalf("revisions are not contiguous: %v", revs)
		}
	}
	if len(revs) != setup+writers*commands {
		t.Fatalf("%d revisions, want %d setup + %d commands", len(revs), setup, writers*commands)
	}
	t.Logf("retries after a lost race: %d and %d", p.instances[0].Retries(), p.instances[1].Retries())
}
