package app

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// loadCounter counts the statements that load a stream (eventstore.Load).
type loadCounter struct{ n atomic.Int64 }

func (c *loadCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if strings.Contains(data.SQL, "WITH snap AS") {
		c.n.Add(1)
	}
	return ctx
}

func (c *loadCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// handOverFixture is a strategy with one section, served by svc, whose
// pool counts the loads.
type handOverFixture struct {
	svc         *Service
	loads       *loadCounter
	id, section uuid.UUID
}

func newHandOverFixture(t *testing.T) handOverFixture {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	loads := &loadCounter{}
	cfg.ConnConfig.Tracer = loads
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	svc := NewService(eventstore.New(pool, catalog.Registry()), Config{})
	loc, err := Execute(ctx, svc, Locations, uuid.Nil, domain.Command[*network.Location](network.AddLocation{Name: "Aachen", Country: "DE"}), Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org, err := Execute(ctx, svc, Organisations, uuid.Nil, domain.Command[*network.Organisation](network.RegisterOrganisation{
		Name: "Org", Role: network.Partner, LocationID: loc.SubjectID}), Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	created, err := Execute(ctx, svc, Strategies, uuid.Nil, domain.Command[*strategy.Strategy](strategy.CreateStrategy{
		Title: "Plan", StartYear: 2030, LocationIDs: []uuid.UUID{loc.SubjectID}, PartnerIDs: []uuid.UUID{org.SubjectID}}), Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	id, section := created.SubjectID, uuid.New()
	if _, err := Execute(ctx, svc, Strategies, id, domain.Command[*strategy.Strategy](strategy.AddSection{SectionID: &section, Heading: "H"}), Request{Actor: domain.System}); err != nil {
		t.Fatal(err)
	}
	return handOverFixture{svc: svc, loads: loads, id: id, section: section}
}

// waitInLine waits until n commands hold or wait for the stream's turn.
func (f handOverFixture) waitInLine(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.svc.queue.mu.Lock()
		waiting := 0
		if s := f.svc.queue.slots[f.id]; s != nil {
			waiting = s.refs
		}
		f.svc.queue.mu.Unlock()
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the commands did not queue")
		}
		time.Sleep(time.Millisecond)
	}
}

func (f handOverFixture) edit(body string, req Request) (Result[*strategy.Strategy], error) {
	req.Actor = domain.System
	return Execute(context.Background(), f.svc, Strategies, f.id, domain.Command[*strategy.Strategy](strategy.UpdateSection{
		SectionID: f.section, Body: domain.Some(body)}), req)
}

// TestTheNextCommandInLineStartsFromTheStateTheLastOneLeft queues two
// edits behind a held turn: the first loads the strategy and hands its
// result on, the second decides on that without loading.
func TestTheNextCommandInLineStartsFromTheStateTheLastOneLeft(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newHandOverFixture(t)
	svc, loads, id := f.svc, f.loads, f.id
	_, leave, err := svc.queue.enter(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	before := loads.n.Load()
	var wg sync.WaitGroup
	results := make([]Result[*strategy.Strategy], 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = f.edit(string(rune('a'+i)), Request{})
		}()
	}
	// Both wait behind the held turn before it is given up.
	f.waitInLine(t, 3)
	leave()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := loads.n.Load() - before; got != 1 {
		t.Fatalf("two queued edits loaded the strategy %d times, want once", got)
	}
	first, second := results[0], results[1]
	if first.Revision > second.Revision {
		first, second = second, first
	}
	if first.Revision != 3 || second.Revision != 4 {
		t.Fatalf("revisions %d and %d, want 3 and 4", first.Revision, second.Revision)
	}
	latest, err := Load(ctx, svc, Strategies, id, 0)
	if err != nil || latest.Revision != 4 || latest.State.Sections[0].Body != second.State.Sections[0].Body {
		t.Fatalf("stored state %+v (%v) differs from the last result", latest.State.Sections, err)
	}
}

// TestARefusalOnAHandedOnStateIsDecidedAgainOnTheLatest: another instance
// appends after the state was handed on; a client that read its revision
// must not hear "expectedRevision is ahead" from the stale copy.
func TestARefusalOnAHandedOnStateIsDecidedAgainOnTheLatest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newHandOverFixture(t)
	stale, err := Load(ctx, f.svc, Strategies, f.id, 0)
	if err != nil {
		t.Fatal(err)
	}
	state, err := json.Marshal(stale.State)
	if err != nil {
		t.Fatal(err)
	}
	other := NewService(f.svc.store, Config{})
	overtaking, err := Execute(ctx, other, Strategies, f.id, domain.Command[*strategy.Strategy](strategy.UpdateSection{
		SectionID: f.section, Heading: domain.Some("Elsewhere")}), Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	held, leave, err := f.svc.queue.enter(ctx, f.id)
	if err != nil {
		t.Fatal(err)
	}
	var res Result[*strategy.Strategy]
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err = f.edit("from the latest", Request{ExpectedRevision: &overtaking.Revision})
	}()
	f.waitInLine(t, 2)
	held.hand(&handedState{kind: Strategies.Type, stateVersion: Strategies.StateVersion,
		revision: stale.Revision, version: stale.Version, state: state})
	leave()
	<-done
	if err != nil {
		t.Fatalf("refused on the stale copy: %v", err)
	}
	if res.Revision != overtaking.Revision+1 || res.State.Sections[0].Heading != "Elsewhere" {
		t.Fatalf("revision %d with heading %q, want %d on top of the other instance's edit", res.Revision, res.State.Sections[0].Heading, overtaking.Revision+1)
	}
}
