package projections_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// strategyWriters edits strategies through the command service, several
// writers at once on shared documents, as the API does.
type strategyWriters struct {
	svc   *app.Service
	actor domain.Actor
	mu    sync.Mutex
	docs  []uuid.UUID
	// sections of each document, for edits of existing ones.
	sections map[uuid.UUID][]uuid.UUID
	// last is the highest position a command returned.
	last atomic.Int64
}

func newStrategyWriters(t *testing.T, env *testkit.Env, docs int) *strategyWriters {
	t.Helper()
	ctx := context.Background()
	svc := app.NewService(env.Store, app.Config{})
	loc, err := app.Execute(ctx, svc, app.Locations, uuid.Nil,
		domain.Command[*network.Location](network.AddLocation{Name: "Rostock", Country: "DE"}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org, err := app.Execute(ctx, svc, app.Organisations, uuid.Nil,
		domain.Command[*network.Organisation](network.RegisterOrganisation{Name: "Kulturhafen", Role: network.Partner,
			LocationID: loc.SubjectID}),
		app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	w := &strategyWriters{svc: svc, actor: testkit.Actor(org.SubjectID), sections: map[uuid.UUID][]uuid.UUID{}}
	for i := range docs {
		res, err := app.Execute(ctx, w.svc, app.Strategies, uuid.Nil,
			domain.Command[*strategy.Strategy](strategy.CreateStrategy{Title: fmt.Sprintf("Strategy %d", i), StartYear: 2030,
				LocationIDs: []uuid.UUID{loc.SubjectID}, PartnerIDs: []uuid.UUID{org.SubjectID}}),
			app.Request{Actor: w.actor})
		if err != nil {
			t.Fatal(err)
		}
		w.docs = append(w.docs, res.SubjectID)
		w.observe(res.Position)
	}
	return w
}

func (w *strategyWriters) observe(position int64) {
	for {
		last := w.last.Load()
		if position <= last || w.last.CompareAndSwap(last, position) {
			return
		}
	}
}

// run makes writers goroutines issue edits commands each on random
// documents, waits for them and reports the first failure.
func (w *strategyWriters) run(writers, edits int, seed uint64) error {
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			for n := range edits {
				doc := w.docs[rng.IntN(len(w.docs))]
				res, err := app.Execute(context.Background(), w.svc, app.Strategies, doc, w.edit(rng, doc, i, n),
					app.Request{Actor: w.actor, Reason: fmt.Sprintf("writer %d edit %d", i, n)})
				if err != nil {
					errs <- fmt.Errorf("writer %d edit %d: %w", i, n, err)
					return
				}
				w.observe(res.Position)
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func (w *strategyWriters) edit(rng *rand.Rand, doc uuid.UUID, writer, n int) domain.Command[*strategy.Strategy] {
	w.mu.Lock()
	sections := w.sections[doc]
	w.mu.Unlock()
	switch k := rng.IntN(6); {
	case k == 0:
		return strategy.UpdateStrategy{Title: domain.Some(fmt.Sprintf("Strategy by %d at %d", writer, n))}
	case k == 1:
		return strategy.UpdateStrategy{Vision: domain.Some(paragraph(n, 1+rng.IntN(3)))}
	case k == 2 && len(sections) > 0:
		return strategy.UpdateSection{SectionID: sections[rng.IntN(len(sections))], Body: domain.Some(paragraph(n, 1+rng.IntN(4)))}
	case k == 3 && len(sections) > 0:
		return strategy.UpdateSection{SectionID: sections[rng.IntN(len(sections))], Heading: domain.Some(fmt.Sprintf("Heading %d-%d", writer, n))}
	case k == 4:
		id := uuid.New()
		return strategy.AddPriority{PriorityID: &id, Title: fmt.Sprintf("Priority %d-%d", writer, n)}
	}
	key := uuid.New()
	w.mu.Lock()
	w.sections[doc] = append(w.sections[doc], key)
	w.mu.Unlock()
	return strategy.AddSection{SectionID: &key, Heading: fmt.Sprintf("Section %d-%d", writer, n), Body: paragraph(n, 2)}
}

// Issue 17: the read models that projections fed from JetStream build
// while several writers edit several documents at once (through the
// command service, and Notes with personal data and erasures) equal, row
// by row, those that projections fed from the outbox build from the same
// log. The log is projected twice in one database: first from JetStream
// (live, while the writers write), then, the read models emptied, from
// the outbox.
func TestJetStreamProjectionsEqualOutboxProjections(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	ps := func() []projections.Projection { return append(testkit.All(), discussions.New(env.Registry)) }
	nt := startNATS(t)
	startForwarder(t, env, nt.URL())
	feed := projections.NewFeed(env.Pool, ps(), testkit.Logger(t))
	feedCtx, stopFeed := context.WithCancel(ctx)
	defer stopFeed()
	go func() { _ = feed.Run(feedCtx) }()
	<-feed.Ready()

	fromJetStream := env.Start(t, jetStreamConfig(t, env, nt.URL(), ps()...))
	strategies := newStrategyWriters(t, env, 4)
	notes := newWorkload(env, 6)
	errs := make(chan error, 2)
	go func() { errs <- strategies.run(4, 25, 21) }()
	go func() { errs <- notes.tryRun(3, 25, 22) }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}

	// Read-your-writes: a read waiting for the last command's position
	// returns once every projection applied it from JetStream.
	done, err := feed.WaitFor(ctx, strategies.last.Load(), testkit.Patience)
	if err != nil || !done {
		t.Fatalf("WaitFor(%d) = %v, %v", strategies.last.Load(), done, err)
	}
	env.WaitCaughtUp(t, time.Minute, ps()...)
	checkHistoryInOrder(t, env)
	fromJetStream.Stop(t)
	revisions := logRevisions(t, env)
	for _, p := range ps() {
		if got := appliedCounts(t, fromJetStream.Runner)[p.Name()]; got != revisions {
			t.Errorf("%s applied %d revisions from JetStream, the log has %d", p.Name(), got, revisions)
		}
	}
	jetStreamDump := env.DumpAll(t, ps()...)

	resetReadModels(t, env, ps()...)
	fromOutbox := env.Start(t, env.Config(t, ps()...))
	env.WaitCaughtUp(t, time.Minute, ps()...)
	fromOutbox.Stop(t)
	outboxDump := env.DumpAll(t, ps()...)
	for name, tables := range outboxDump {
		rows := 0
		for _, dump := range tables {
			if dump != "" {
				rows++
			}
		}
		if rows == 0 {
			t.Errorf("%s: every table is empty, nothing was compared", name)
		}
	}
	testkit.SameDumps(t, outboxDump, jetStreamDump)
}
