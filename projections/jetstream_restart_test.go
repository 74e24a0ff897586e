package projections_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// appliedSum is the history's applied revisions, summed over streams.
func appliedSum(t testing.TB, env *testkit.Env) int {
	t.Helper()
	var n int
	if err := env.Pool.QueryRow(context.Background(), `SELECT COALESCE(sum(revision), 0) FROM proj_history.streams`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Issue 17: projections fed from JetStream apply every revision exactly
// once while writers keep writing: with two runners (two processes)
// bound to the same consumers at once, one of them stopped in the middle
// of the stream, a restart of NATS (same storage) with revisions written
// while it is down, and a restart of the runner with revisions written
// while none runs. The counters of all runners add up to the log's
// revisions per projection (none applied twice, none skipped), the
// history took each document's revisions in order, and the read models
// equal a rebuild from the log.
func TestJetStreamRunnerAppliesExactlyOnceAcrossRestarts(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	nt := startNATS(t)
	startForwarder(t, env, nt.URL())
	w := newWorkload(env, 8)

	writing := make(chan error, 1)
	var written atomic.Int64
	go func() {
		for round := range 6 {
			if err := w.tryRun(3, 15, uint64(40+round)); err != nil {
				writing <- err
				return
			}
			written.Add(45)
		}
		writing <- nil
	}()
	var writeErr error
	writersDone := false

	first := env.Start(t, jetStreamConfig(t, env, nt.URL()))
	testkit.Eventually(t, time.Minute, func() (bool, string) {
		n := appliedSum(t, env)
		return n >= 40, fmt.Sprintf("the first runner applied %d revisions", n)
	})
	// A second runner shares the consumers, then the first one stops.
	second := env.Start(t, jetStreamConfig(t, env, nt.URL()))
	testkit.Eventually(t, time.Minute, func() (bool, string) {
		n := appliedCounts(t, second.Runner)["history"]
		return n > 0, "the second runner applied nothing beside the first one"
	})
	first.Stop(t)
	before := appliedSum(t, env)
	testkit.Eventually(t, time.Minute, func() (bool, string) {
		n := appliedSum(t, env)
		return n > before, fmt.Sprintf("the second runner applied nothing after %d", before)
	})

	// NATS goes down while the writers write; the runner and the
	// forwarder wait for it.
	nt.Stop()
	down := written.Load()
	testkit.Eventually(t, time.Minute, func() (bool, string) {
		select {
		case writeErr = <-writing:
			writersDone = true
			return true, ""
		default:
		}
		return written.Load() > down, "no revisions written while NATS was down"
	})
	nt.Restart()
	if !writersDone {
		writeErr = <-writing
	}
	if writeErr != nil {
		t.Fatal(writeErr)
	}

	env.WaitCaughtUp(t, time.Minute)
	// Restarted: what was written while no runner ran is applied.
	second.Stop(t)
	w.run(t, 2, 10, 50)
	third := env.Start(t, jetStreamConfig(t, env, nt.URL()))
	env.WaitCaughtUp(t, time.Minute)
	third.Stop(t)
	revisions := logRevisions(t, env)
	applied := appliedCounts(t, first.Runner, second.Runner, third.Runner)
	if appliedCounts(t, third.Runner)["history"] == 0 {
		t.Error("the restarted runner applied nothing")
	}
	for _, p := range testkit.All() {
		if applied[p.Name()] != revisions {
			t.Errorf("%s: the runners applied %d revisions, the log has %d", p.Name(), applied[p.Name()], revisions)
		}
	}
	if a := appliedCounts(t, first.Runner)["history"]; a == 0 || a == revisions {
		t.Errorf("the first runner applied %d of %d revisions: not stopped mid-stream", a, revisions)
	}
	checkHistoryInOrder(t, env)
	incremental := env.DumpAll(t)
	if err := third.Runner.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, incremental, env.DumpAll(t))
}

// Issue 17: JetStream delivers a revision before its predecessor (a
// message nacked or not acked in time is delivered again after later
// ones) and delivers revisions again. The runner neither skips the
// missing predecessor (it is applied first, from the log) nor applies
// anything twice (the per-stream guard drops what is in), and acks every
// copy.
func TestJetStreamOutOfOrderAndRedeliveredRevisions(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	nt := startNATS(t)
	actor := testkit.Actor(uuid.New())

	// Revisions published by hand, out of order and twice, with no
	// forwarder: the stream as the forwarder would create it.
	conn, err := nats.Connect(nt.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	js, err := jetstream.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "PLANNER_REVISIONS", Subjects: []string{"planner.revisions.>"}})
	if err != nil {
		t.Fatal(err)
	}
	note := uuid.New()
	var texts []string
	for i := range 4 {
		texts = append(texts, fmt.Sprintf("r%d", i+1))
		env.Append(t, note, actor, &testkit.Written{Text: texts[i]})
	}
	revs, err := eventstore.ReadStreamFrom(ctx, env.Pool, note, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(rev eventstore.Revision) {
		t.Helper()
		payload, err := json.Marshal(rev)
		if err != nil {
			t.Fatal(err)
		}
		msg := nats.NewMsg("planner.revisions.note." + rev.StreamID.String())
		msg.Data = payload
		msg.Header.Set(wmnats.WatermillUUIDHdr, uuid.NewString())
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	order := []int{1, 3, 2, 3, 1, 4, 2}
	for _, r := range order {
		publish(revs[r-1])
	}

	// The history fails revision 2 of a second Note transiently at
	// first, so that JetStream redelivers it (nack) after revision 3.
	other := uuid.New()
	env.Append(t, other, actor, &testkit.Written{Text: "o1"})
	env.Append(t, other, actor, &testkit.Written{Text: "o2"})
	env.Append(t, other, actor, &testkit.Written{Text: "o3"})
	otherRevs, err := eventstore.ReadStreamFrom(ctx, env.Pool, other, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	var failures atomic.Int32
	var mu sync.Mutex
	var historyGot []int
	hook := func(_ context.Context, u *projections.Update) error {
		if u.Revision.StreamID != other {
			return nil
		}
		if u.Revision.Revision == 2 && failures.Add(1) <= 2 {
			return fmt.Errorf("the database is restarting: %w", context.DeadlineExceeded)
		}
		mu.Lock()
		historyGot = append(historyGot, u.Revision.Revision)
		mu.Unlock()
		return nil
	}
	for _, rev := range otherRevs {
		publish(rev)
	}
	published := uint64(len(order) + len(otherRevs))

	cfg := jetStreamConfig(t, env, nt.URL(), documents.New(), hooked{Projection: history.New(), hook: hook}, dashboard.New())
	cfg.MaxRetries = 1
	started := env.Start(t, cfg)
	env.WaitCaughtUp(t, time.Minute)
	// Every copy acked, none left to deliver.
	for _, p := range testkit.All() {
		testkit.Eventually(t, time.Minute, func() (bool, string) {
			c, err := stream.PushConsumer(ctx, "planner_projection_"+p.Name())
			if err != nil {
				return false, err.Error()
			}
			info, err := c.Info(ctx)
			if err != nil {
				return false, err.Error()
			}
			return info.AckFloor.Stream == published && info.NumAckPending == 0 && info.NumPending == 0,
				fmt.Sprintf("%s: ack floor %d of %d, %d pending ack", p.Name(), info.AckFloor.Stream, published, info.NumAckPending)
		})
	}
	started.Stop(t)

	for _, p := range testkit.All() {
		checkApplied(t, env, p, note, texts)
		checkApplied(t, env, p, other, []string{"o1", "o2", "o3"})
	}
	applied := appliedCounts(t, started.Runner)
	for _, p := range testkit.All() {
		if applied[p.Name()] != 7 {
			t.Errorf("%s applied %d revisions, want 7 (4 + 3, each once)", p.Name(), applied[p.Name()])
		}
	}
	if failures.Load() < 3 {
		t.Errorf("revision 2 was tried %d times, want a redelivery after 2 failures", failures.Load())
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(historyGot) != "[1 2 3]" {
		t.Errorf("the history was given revisions %v, want [1 2 3]", historyGot)
	}
}
