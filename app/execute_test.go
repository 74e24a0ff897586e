package app_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

type fixture struct {
	svc     *app.Service
	pool    *pgxpool.Pool
	org     uuid.UUID
	planner domain.Actor
	other   domain.Actor
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	pool := pgtest.NewPool(t)
	org := uuid.New()
	return fixture{
		svc:     app.NewService(eventstore.New(pool, registry()), app.Config{SnapshotEvery: 3}),
		pool:    pool,
		org:     org,
		planner: domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: org},
		other:   domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: org},
	}
}

func (f fixture) create(t *testing.T) uuid.UUID {
	t.Helper()
	res, err := app.Execute(context.Background(), f.svc, boards, uuid.Nil, domain.Command[*board](createBoard{Title: "T", Partner: f.org}), app.Request{Actor: f.planner})
	if err != nil {
		t.Fatal(err)
	}
	return res.SubjectID
}

func (f fixture) run(id uuid.UUID, cmd domain.Command[*board], req app.Request) (app.Result[*board], error) {
	if req.Actor.ID == uuid.Nil {
		req.Actor = f.planner
	}
	return app.Execute(context.Background(), f.svc, boards, id, cmd, req)
}

func (f fixture) events(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.pool.QueryRow(context.Background(), "SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func rev(n int) *int { return &n }

func TestRevisionsCountAcceptedCommandsFromOne(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	res, err := f.run(id, setTitle{Title: "U"}, app.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Revision != 2 || res.State.Title != "U" || res.Merged || res.Replayed || res.Position == 0 {
		t.Fatalf("unexpected result %+v", res)
	}
}

func TestDisjointEditsFromAnOldRevisionMerge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	if _, err := f.run(id, setNote{Key: "a", Text: "1"}, app.Request{}); err != nil {
		t.Fatal(err)
	}
	// Both clients read revision 2; one edits note a, the other the title.
	if _, err := f.run(id, setNote{Key: "a", Text: "2"}, app.Request{ExpectedRevision: rev(2), Actor: f.other}); err != nil {
		t.Fatal(err)
	}
	res, err := f.run(id, setTitle{Title: "New"}, app.Request{ExpectedRevision: rev(2)})
	if err != nil {
		t.Fatalf("disjoint edit refused: %v", err)
	}
	if !res.Merged || res.Revision != 4 || res.State.Title != "New" || res.State.Notes["a"] != "2" {
		t.Fatalf("merge lost something: %+v %+v", res, res.State)
	}
}

func TestOverlappingEditsFromAnOldRevisionConflict(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	if _, err := f.run(id, setNote{Key: "a", Text: "1"}, app.Request{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.run(id, setNote{Key: "a", Text: "theirs"}, app.Request{ExpectedRevision: rev(2), Actor: f.other}); err != nil {
		t.Fatal(err)
	}
	before := f.events(t)
	_, err := f.run(id, setNote{Key: "a", Text: "mine"}, app.Request{ExpectedRevision: rev(2)})
	var conflict *domain.ConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("got %v, want a revision conflict", err)
	}
	want := domain.Conflict{Path: "/notes/a/text", Revision: 3, ActorID: f.other.ID.String(), Current: "theirs"}
	if conflict.CurrentRevision != 3 || len(conflict.Conflicts) != 1 || conflict.Conflicts[0] != want {
		t.Fatalf("conflict %+v, want current 3 and %+v", conflict, want)
	}
	if f.events(t) != before {
		t.Fatal("a refused command appended events")
	}
}

func TestWorkflowCommandsNeedTheExactRevision(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	if _, err := f.run(id, setNote{Key: "a", Text: "1"}, app.Request{}); err != nil {
		t.Fatal(err)
	}
	_, err := f.run(id, publish{}, app.Request{ExpectedRevision: rev(1)})
	if domain.CodeOf(err) != domain.CodeRevisionConflict {
		t.Fatalf("got %v, want REVISION_CONFLICT", err)
	}
	if _, err := f.run(id, publish{}, app.Request{ExpectedRevision: rev(2)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.run(id, setTitle{Title: "x"}, app.Request{ExpectedRevision: rev(9)}); domain.CodeOf(err) != domain.CodeValidationFailed {
		t.Fatalf("expected revision from the future: got %v, want VALIDATION_FAILED", err)
	}
}

func TestRepeatedCommandIDReplaysAndReusedOneIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	cmdID := uuid.New()
	first, err := f.run(id, setTitle{Title: "A"}, app.Request{CommandID: cmdID})
	if err != nil {
		t.Fatal(err)
	}
	before := f.events(t)
	again, err := f.run(id, setTitle{Title: "A"}, app.Request{CommandID: cmdID})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Replayed || again.Revision != first.Revision || again.Position != first.Position || again.SubjectID != id {
		t.Fatalf("replay %+v does not repeat %+v", again, first)
	}
	for name, req := range map[string]struct {
		cmd domain.Command[*board]
		req app.Request
	}{
		"other input":  {setTitle{Title: "B"}, app.Request{CommandID: cmdID}},
		"other actor":  {setTitle{Title: "A"}, app.Request{CommandID: cmdID, Actor: f.other}},
		"other reason": {setTitle{Title: "A"}, app.Request{CommandID: cmdID, Reason: "r"}},
	} {
		if _, err := f.run(id, req.cmd, req.req); !errors.Is(err, domain.ErrIdempotencyKeyReused) {
			t.Errorf("%s: got %v, want IDEMPOTENCY_KEY_REUSED", name, err)
		}
	}
	if f.events(t) != before {
		t.Fatal("replays appended events")
	}
}

func TestConcurrentDuplicateCommandsAppendOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cmdID := uuid.New()
	const clients = 8
	results := make([]app.Result[*board], clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = f.run(uuid.Nil, createBoard{Title: "same", Partner: f.org}, app.Request{CommandID: cmdID})
		}()
	}
	close(start)
	wg.Wait()
	replayed := 0
	for i := range clients {
		if errs[i] != nil {
			t.Fatalf("client %d: %v", i, errs[i])
		}
		if results[i].SubjectID != results[0].SubjectID {
			t.Fatalf("clients got different subjects: %s vs %s", results[i].SubjectID, results[0].SubjectID)
		}
		if results[i].Replayed {
			replayed++
		}
	}
	if replayed != clients-1 || f.events(t) != 1 {
		t.Fatalf("%d replayed, %d events; want %d replayed and 1 event", replayed, f.events(t), clients-1)
	}
}

func TestConcurrentEditsWithoutExpectedRevisionAllApply(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	const writers = 6
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.run(id, setNote{Key: string(rune('a' + i)), Text: "x"}, app.Request{})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	loaded, err := eventstore.Load(context.Background(), f.svc.Store(), boards, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Revision != writers+1 || len(loaded.State.Notes) != writers {
		t.Fatalf("revision %d with %d notes; every accepted edit must be kept", loaded.Revision, len(loaded.State.Notes))
	}
}

func TestRejectedCommandsAppendNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	viewer := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RoleViewer, OrganisationID: f.org}
	stranger := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: uuid.New()}
	before := f.events(t)
	cases := []struct {
		name string
		id   uuid.UUID
		cmd  domain.Command[*board]
		req  app.Request
		code domain.ErrorCode
	}{
		{"invalid input", id, setTitle{}, app.Request{}, domain.CodeValidationFailed},
		{"viewer", id, setTitle{Title: "x"}, app.Request{Actor: viewer}, domain.CodeForbidden},
		{"planner of another organisation", id, setTitle{Title: "x"}, app.Request{Actor: stranger}, domain.CodeForbidden},
		{"create without own organisation", uuid.Nil, createBoard{Title: "x", Partner: uuid.New()}, app.Request{}, domain.CodeForbidden},
		{"unknown reference", uuid.Nil, createBoard{Title: "x", Partner: f.org, Ref: uuid.New()}, app.Request{}, domain.CodeValidationFailed},
		{"unknown subject", uuid.New(), setTitle{Title: "x"}, app.Request{}, domain.CodeNotFound},
		{"rule", id, publish{}, app.Request{}, ""},
	}
	for _, c := range cases {
		_, err := f.run(c.id, c.cmd, c.req)
		if c.code != "" && domain.CodeOf(err) != c.code {
			t.Errorf("%s: got %v (%s), want %s", c.name, err, domain.CodeOf(err), c.code)
		}
	}
	// The publish above was accepted; a second one breaks the rule.
	if _, err := f.run(id, publish{}, app.Request{}); domain.CodeOf(err) != domain.CodeInvalidState {
		t.Fatalf("got %v, want INVALID_STATE", err)
	}
	if got := f.events(t); got != before+1 {
		t.Fatalf("%d events, want %d: rejected commands must append nothing", got, before+1)
	}
}

func TestSnapshotsAreWrittenAndUsed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	for i := range 7 {
		if _, err := f.run(id, setNote{Key: "n", Text: string(rune('a' + i))}, app.Request{}); err != nil {
			t.Fatal(err)
		}
	}
	var snaps int
	if err := f.pool.QueryRow(context.Background(), "SELECT count(*) FROM snapshots WHERE stream_id = $1", id).Scan(&snaps); err != nil {
		t.Fatal(err)
	}
	if snaps != 2 { // revisions 3 and 6 of 8
		t.Fatalf("%d snapshots, want 2", snaps)
	}
	loaded, err := eventstore.Load(context.Background(), f.svc.Store(), boards, id, 0)
	if err != nil || loaded.Revision != 8 || loaded.State.Notes["n"] != "g" {
		t.Fatalf("load after snapshots: %+v %v", loaded, err)
	}
}

func TestReplayIsRefusedOnceTheActorLostAccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.create(t)
	cmdID := uuid.New()
	if _, err := f.run(id, setTitle{Title: "A"}, app.Request{CommandID: cmdID}); err != nil {
		t.Fatal(err)
	}
	demoted := f.planner
	demoted.Role = domain.RoleViewer
	if _, err := f.run(id, setTitle{Title: "A"}, app.Request{CommandID: cmdID, Actor: demoted}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("got %v, want FORBIDDEN", err)
	}
}
