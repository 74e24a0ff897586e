package eventstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// note is a minimal aggregate: the store is generic, so its tests need no
// real domain.
type note struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

type noted struct {
	Text string `json:"text"`
}

func (*noted) EventType() string { return "test.Noted" }

func (n *note) Apply(e domain.Event, _ int) {
	if ev, ok := e.(*noted); ok {
		n.Text = ev.Text
		n.Count++
	}
}

func (n *note) Document() domain.Doc {
	return domain.NewDoc().Set("text", n.Text)
}

var noteKind = eventstore.StreamKind[*note]{Type: "NOTE", New: func() *note { return &note{} }, StateVersion: 1}

func newStore(t *testing.T) (*eventstore.Store, *pgxpool.Pool) {
	t.Helper()
	pool := pgtest.NewPool(t)
	reg := domain.NewRegistry()
	reg.Register(func() domain.Event { return &noted{} })
	return eventstore.New(pool, reg), pool
}

func appendReq(stream uuid.UUID, version, revision int, texts ...string) eventstore.AppendRequest {
	events := make([]domain.Event, len(texts))
	for i, t := range texts {
		events[i] = &noted{Text: t}
	}
	return eventstore.AppendRequest{
		StreamType: "NOTE", StreamID: stream, ExpectedVersion: version, Revision: revision, Events: events,
		InputHash: []byte{1},
		Metadata: eventstore.Metadata{
			ActorID: uuid.New(), CommandID: uuid.New(), Action: "note", Reason: "because",
			RecordedAt: time.Date(2026, 1, revision, 0, 0, 0, 0, time.UTC),
		},
	}
}

func count(t *testing.T, pool *pgxpool.Pool, table string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAppendStoresEventsMetadataAndOutboxTogether(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	stream := uuid.New()
	req := appendReq(stream, 0, 1, "a", "b")
	req.Metadata.CorrelationID = uuid.New()
	rev, err := store.Append(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(rev.Events) != 2 || rev.Events[0].Version != 1 || rev.Events[1].Version != 2 || rev.Position() <= rev.Events[0].Position {
		t.Fatalf("unexpected revision %+v", rev)
	}
	var action, reason string
	var actor, correlation uuid.UUID
	var revision int
	if err := pool.QueryRow(ctx, `SELECT action, reason, actor_id, correlation_id, revision FROM events WHERE position = $1`,
		rev.Position()).Scan(&action, &reason, &actor, &correlation, &revision); err != nil {
		t.Fatal(err)
	}
	if action != "note" || reason != "because" || actor != req.Metadata.ActorID || correlation != req.Metadata.CorrelationID || revision != 1 {
		t.Fatalf("metadata not stored as columns: %s %s %s %s %d", action, reason, actor, correlation, revision)
	}
	// One outbox message per revision, carrying the whole revision.
	var payload []byte
	if err := pool.QueryRow(ctx, `SELECT payload::text FROM watermill_events`).Scan(&payload); err != nil {
		t.Fatal(err)
	}
	msg, err := eventstore.DecodeRevision(payload)
	if err != nil {
		t.Fatal(err)
	}
	if msg.StreamID != stream || msg.Revision != 1 || len(msg.Events) != 2 || msg.Position() != rev.Position() {
		t.Fatalf("outbox message %+v does not match %+v", msg, rev)
	}
	// The server spliced the positions into the payload: it is the
	// revision's JSON, byte for byte, with the positions the rows got.
	want, err := json.Marshal(rev)
	if err != nil {
		t.Fatal(err)
	}
	if string(payload) != string(want) {
		t.Fatalf("outbox payload\n%s\nwant\n%s", payload, want)
	}
	for _, e := range rev.Events {
		var version int
		if err := pool.QueryRow(ctx, `SELECT version FROM events WHERE position = $1`, e.Position).Scan(&version); err != nil || version != e.Version {
			t.Fatalf("event at position %d has version %d (%v), want %d", e.Position, version, err, e.Version)
		}
	}
	recorded, err := store.LookupCommand(ctx, req.Metadata.CommandID)
	if err != nil || recorded == nil || recorded.Position != rev.Position() || recorded.Revision != 1 {
		t.Fatalf("idempotency record %+v (%v), want position %d", recorded, err, rev.Position())
	}
}

func TestConcurrentAppendsToOneStreamExactlyOneWins(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	stream := uuid.New()
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = store.Append(ctx, appendReq(stream, 0, 1, "x"))
		}()
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, eventstore.ErrStreamChanged):
			t.Fatalf("loser got %v, want ErrStreamChanged", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d writers won, want exactly 1", won)
	}
	if n := count(t, pool, "events"); n != 1 {
		t.Fatalf("%d events stored, want 1", n)
	}
	if n := count(t, pool, "watermill_events"); n != 1 {
		t.Fatalf("%d outbox rows, want 1 (losers must leave none)", n)
	}
}

func TestDuplicateCommandIDIsRefusedAndLeavesNothing(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	first := appendReq(uuid.New(), 0, 1, "first")
	if _, err := store.Append(ctx, first); err != nil {
		t.Fatal(err)
	}
	second := appendReq(uuid.New(), 0, 1, "second")
	second.Metadata.CommandID = first.Metadata.CommandID
	_, err := store.Append(ctx, second)
	var dup *eventstore.DuplicateCommandError
	if !errors.As(err, &dup) || dup.Existing.StreamID != first.StreamID || dup.Existing.ActorID != first.Metadata.ActorID {
		t.Fatalf("got %v, want DuplicateCommandError naming the first command", err)
	}
	if n := count(t, pool, "events"); n != 1 {
		t.Fatalf("%d events, want 1: the refused append must leave none", n)
	}
	if n := count(t, pool, "watermill_events"); n != 1 {
		t.Fatalf("%d outbox rows, want 1", n)
	}
}

func TestUnregisteredEventIsRefusedBeforeWriting(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	req := appendReq(uuid.New(), 0, 1, "x")
	req.Events = append(req.Events, unregistered{})
	if _, err := store.Append(context.Background(), req); err == nil {
		t.Fatal("append with an unregistered event type succeeded")
	}
	if n := count(t, pool, "events"); n != 0 {
		t.Fatalf("%d events, want 0", n)
	}
}

type unregistered struct{}

func (unregistered) EventType() string { return "test.Unregistered" }

func TestLoadByRevisionInstantAndSnapshot(t *testing.T) {
	t.Parallel()
	store, _ := newStore(t)
	ctx := context.Background()
	stream := uuid.New()
	version := 0
	for rev := 1; rev <= 7; rev++ {
		if _, err := store.Append(ctx, appendReq(stream, version, rev, "r", "r"+string(rune('0'+rev)))); err != nil {
			t.Fatal(err)
		}
		version += 2
	}
	full, err := eventstore.Load(ctx, store, noteKind, stream, 0)
	if err != nil {
		t.Fatal(err)
	}
	if full.Revision != 7 || full.Version != 14 || full.State.Count != 14 || full.State.Text != "r7" {
		t.Fatalf("full load: %+v %+v", full, full.State)
	}
	at3, err := eventstore.Load(ctx, store, noteKind, stream, 3)
	if err != nil {
		t.Fatal(err)
	}
	if at3.Revision != 3 || at3.State.Text != "r3" || at3.State.Count != 6 {
		t.Fatalf("load up to revision 3: %+v %+v", at3, at3.State)
	}
	rev, err := store.RevisionAt(ctx, stream, time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC))
	if err != nil || rev != 5 {
		t.Fatalf("revision at instant: %d %v, want 5", rev, err)
	}
	if rev, _ := store.RevisionAt(ctx, stream, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); rev != 0 {
		t.Fatalf("revision before the stream began: %d, want 0", rev)
	}

	// A snapshot at revision 4 plus the tail equals the full replay; a
	// corrupted snapshot proves the snapshot is really used.
	if err := eventstore.SaveSnapshot(ctx, store, noteKind, stream, at4(t, store, stream)); err != nil {
		t.Fatal(err)
	}
	viaSnapshot, err := eventstore.Load(ctx, store, noteKind, stream, 0)
	if err != nil {
		t.Fatal(err)
	}
	if *viaSnapshot.State != *full.State || viaSnapshot.Revision != full.Revision || viaSnapshot.Version != full.Version {
		t.Fatalf("snapshot + tail %+v != full replay %+v", viaSnapshot.State, full.State)
	}
	if _, err := store.Pool().Exec(ctx, `UPDATE snapshots SET state = '{"text":"r4","count":1000}'`); err != nil {
		t.Fatal(err)
	}
	used, _ := eventstore.Load(ctx, store, noteKind, stream, 0)
	if used.State.Count != 1000+6 {
		t.Fatalf("snapshot was not used: count %d", used.State.Count)
	}
	// A snapshot of another state shape is ignored.
	other := noteKind
	other.StateVersion = 2
	ignored, _ := eventstore.Load(ctx, store, other, stream, 0)
	if *ignored.State != *full.State {
		t.Fatalf("snapshot of an old state version was used: %+v", ignored.State)
	}
	// Loading before the snapshot does not use it.
	at2, _ := eventstore.Load(ctx, store, noteKind, stream, 2)
	if at2.State.Count != 4 {
		t.Fatalf("load at 2 used a later snapshot: %+v", at2.State)
	}
}

func at4(t *testing.T, store *eventstore.Store, stream uuid.UUID) eventstore.Loaded[*note] {
	l, err := eventstore.Load(context.Background(), store, noteKind, stream, 4)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestReadAllWalksEveryStreamInOrderWithWholeRevisions(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	streams := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
	for rev := 1; rev <= 5; rev++ {
		for _, s := range streams {
			if _, err := store.Append(ctx, appendReq(s, (rev-1)*3, rev, "a", "b", "c")); err != nil {
				t.Fatal(err)
			}
		}
	}
	var cursor eventstore.Cursor
	seen := map[uuid.UUID]int{}
	events := 0
	for {
		revs, next, err := eventstore.ReadAll(ctx, pool, cursor, 4) // a page size that splits revisions
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) == 0 {
			break
		}
		for _, r := range revs {
			if len(r.Events) != 3 {
				t.Fatalf("revision %d of %s split: %d events", r.Revision, r.StreamID, len(r.Events))
			}
			if seen[r.StreamID] != r.Revision-1 {
				t.Fatalf("stream %s: revision %d after %d", r.StreamID, r.Revision, seen[r.StreamID])
			}
			seen[r.StreamID] = r.Revision
			events += len(r.Events)
		}
		cursor = next
	}
	if events != 45 {
		t.Fatalf("read %d events, want 45", events)
	}
}
