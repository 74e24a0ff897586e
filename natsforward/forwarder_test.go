package natsforward_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/natsforward"
	"github.com/creativeclusters/planner/natsforward/natstest"
)

// writer appends revisions to location streams, as the command path
// would (the outbox message in the same transaction).
type writer struct {
	store *eventstore.Store
	mu    sync.Mutex
	revs  map[uuid.UUID]int
}

func (w *writer) append(t *testing.T, stream uuid.UUID) {
	t.Helper()
	w.mu.Lock()
	rev := w.revs[stream] + 1
	w.revs[stream] = rev
	w.mu.Unlock()
	var e domain.Event = &network.LocationUpdated{Name: fmt.Sprintf("Town %d", rev), Country: "DE"}
	if rev == 1 {
		e = &network.LocationAdded{LocationID: stream, Name: "Town 1", Country: "DE"}
	}
	_, err := w.store.Append(context.Background(), eventstore.AppendRequest{
		StreamType: domain.SubjectLocation, StreamID: stream, ExpectedVersion: rev - 1, Revision: rev,
		Events: []domain.Event{e}, InputHash: []byte{1},
		Metadata: eventstore.Metadata{ActorID: domain.SystemActorID, CommandID: uuid.New(), Action: "updateLocation",
			RecordedAt: time.Now().UTC()},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *writer) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, r := range w.revs {
		n += r
	}
	return n
}

type running struct {
	f    *natsforward.Forwarder
	done chan error
}

func startForwarder(t *testing.T, pool *pgxpool.Pool, url string) *running {
	t.Helper()
	f, err := natsforward.New(natsforward.Config{Pool: pool, URL: url, PollInterval: 10 * time.Millisecond, RetryPause: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := &running{f: f, done: make(chan error, 1)}
	go func() { r.done <- f.Run(context.Background()) }()
	return r
}

func (r *running) stop(t *testing.T) {
	t.Helper()
	if err := r.f.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if err := <-r.done; err != nil {
		t.Errorf("run: %v", err)
	}
}

// waitForwarded waits until the guard holds every revision written.
func waitForwarded(t *testing.T, pool *pgxpool.Pool, w *writer) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT COALESCE(sum(revision), 0) FROM nats_forwarded`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == w.total() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("forwarded %d of %d revisions", n, w.total())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Issue 17: every revision reaches JetStream once per message id and in
// order per document, across a restart of the forwarder, a restart of
// NATS while revisions are written, and a redelivery of everything (the
// guard and the outbox offset lost, as after a crash between publishing
// and committing): JetStream drops the copies by Nats-Msg-Id.
func TestForwardingInOrderOncePerMessageIDAcrossRestarts(t *testing.T) {
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	w := &writer{store: eventstore.New(pool, catalog.Registry()), revs: map[uuid.UUID]int{}}
	streams := make([]uuid.UUID, 6)
	for i := range streams {
		streams[i] = uuid.New()
	}
	writeSome := func(n int) {
		for i := range n {
			w.append(t, streams[i%len(streams)])
		}
	}
	nt := natstest.Start(t)

	writeSome(30) // before the forwarder ever ran
	fw := startForwarder(t, pool, nt.URL())
	writeSome(30)
	waitForwarded(t, pool, w)

	// The forwarder restarts; revisions written meanwhile follow.
	fw.stop(t)
	writeSome(20)
	fw = startForwarder(t, pool, nt.URL())
	waitForwarded(t, pool, w)

	// NATS restarts (same storage) with revisions written while it is
	// down: nothing is skipped, the forwarder resumes.
	nt.Stop()
	writeSome(20)
	nt.Restart()
	writeSome(10)
	waitForwarded(t, pool, w)

	// Everything delivered again, as if every publish had been
	// acknowledged but nothing recorded.
	fw.stop(t)
	if _, err := pool.Exec(ctx, `DELETE FROM nats_forwarded`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE watermill_offsets_events SET offset_acked = 0, last_processed_transaction_id = '0'
		WHERE consumer_group = $1`, natsforward.ConsumerGroup); err != nil {
		t.Fatal(err)
	}
	fw = startForwarder(t, pool, nt.URL())
	waitForwarded(t, pool, w)
	fw.stop(t)

	// What an outside consumer reads: each document's revisions, once
	// each, 1 to N in order, on the documented subject.
	conn, err := nats.Connect(nt.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	js, err := jetstream.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	stream, err := js.Stream(ctx, "PLANNER_REVISIONS")
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if int(info.State.Msgs) != w.total() {
		t.Errorf("the stream holds %d messages, %d revisions were written", info.State.Msgs, w.total())
	}
	next := map[uuid.UUID]int{}
	for seq := uint64(1); seq <= info.State.LastSeq; seq++ {
		m, err := stream.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var rev eventstore.Revision
		if err := json.Unmarshal(m.Data, &rev); err != nil {
			t.Fatal(err)
		}
		next[rev.StreamID]++
		if rev.Revision != next[rev.StreamID] {
			t.Errorf("seq %d: %s revision %d, want %d", seq, rev.StreamID, rev.Revision, next[rev.StreamID])
		}
		if want := "planner.revisions.location." + rev.StreamID.String(); m.Subject != want {
			t.Errorf("seq %d: subject %s, want %s", seq, m.Subject, want)
		}
		if got, want := m.Header.Get(nats.MsgIdHdr), natsforward.MessageID(rev); got != want {
			t.Errorf("seq %d: Nats-Msg-Id %q, want %q", seq, got, want)
		}
		if m.Header.Get("Planner-Revision") != strconv.Itoa(rev.Revision) || m.Header.Get("Planner-Subject-Type") != "LOCATION" {
			t.Errorf("seq %d: headers %v", seq, m.Header)
		}
		if rev.Digest != nil || len(rev.Events) != 1 || rev.Position() == 0 {
			t.Errorf("seq %d: payload %s", seq, m.Data)
		}
	}
	for _, s := range streams {
		if next[s] != w.revs[s] {
			t.Errorf("%s: %d revisions in JetStream, %d written", s, next[s], w.revs[s])
		}
	}
}
