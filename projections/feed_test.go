package projections_test

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

func startFeed(t testing.TB, env *testkit.Env) *projections.Feed {
	t.Helper()
	feed := projections.NewFeed(env.Pool, testkit.All(), testkit.Logger(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = feed.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-feed.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("feed did not start listening")
	}
	return feed
}

func TestWaitForReturnsOnceEveryProjectionHasTheRevision(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	feed := startFeed(t, env)
	actor := testkit.Actor(uuid.New())
	stream := uuid.New()
	first := env.Append(t, stream, actor, &testkit.Written{Text: "a"})

	// Nothing runs the projections yet: the wait times out.
	if ok, err := feed.WaitFor(ctx, first.Position(), 50*time.Millisecond); ok || err != nil {
		t.Fatalf("WaitFor without projections: %v %v", ok, err)
	}
	env.Start(t, env.Config(t))
	if ok, err := feed.WaitFor(ctx, first.Position(), 10*time.Second); !ok || err != nil {
		t.Fatalf("WaitFor: %v %v", ok, err)
	}
	for _, p := range testkit.All() {
		if n := appliedRevision(t, env, p, stream); n != 1 {
			t.Errorf("%s does not hold the revision WaitFor reported: it has revision %d", p.Name(), n)
		}
	}
	// Positions are not a watermark: an earlier position of another
	// stream is looked up by its own stream and revision.
	second := env.Append(t, uuid.New(), actor, &testkit.Written{Text: "b"})
	if ok, err := feed.WaitFor(ctx, second.Position(), 10*time.Second); !ok || err != nil {
		t.Fatalf("WaitFor second: %v %v", ok, err)
	}
	if ok, err := feed.WaitFor(ctx, 0, time.Millisecond); !ok || err != nil {
		t.Errorf("WaitFor(0): %v %v", ok, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if ok, err := feed.WaitFor(cancelled, second.Position()+1000, time.Second); ok || err == nil {
		t.Errorf("WaitFor with a cancelled context: %v %v", ok, err)
	}
}

func TestFeedTellsWhenEveryProjectionAppliedARevisionInStreamOrder(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	feed := startFeed(t, env)
	sub, err := feed.SubscribeComplete(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	raw := feed.Subscribe(0)
	defer raw.Close()
	env.Start(t, env.Config(t))
	actor := testkit.Actor(uuid.New())
	streams := []uuid.UUID{uuid.New(), uuid.New()}
	want := map[uuid.UUID][]int{}
	for i := range 6 {
		s := streams[i%2]
		rev := env.Append(t, s, actor, &testkit.Written{Text: "x"})
		want[s] = append(want[s], rev.Revision)
	}
	got := map[uuid.UUID][]int{}
	deadline := time.After(10 * time.Second)
	for len(got[streams[0]])+len(got[streams[1]]) < 6 {
		select {
		case n, ok := <-sub.C:
			if !ok {
				t.Fatalf("subscription ended: %v", sub.Err())
			}
			if n.Kind != projections.Applied {
				continue
			}
			// When the notice arrives, every read model has the revision.
			for _, p := range testkit.All() {
				if got := appliedRevision(t, env, p, n.StreamID); got < n.Revision {
					t.Errorf("%s has %d revisions of %s when revision %d was reported complete", p.Name(), got, n.StreamID, n.Revision)
				}
			}
			got[n.StreamID] = append(got[n.StreamID], n.Revision)
		case <-deadline:
			t.Fatalf("completed notices so far: %v", got)
		}
	}
	for _, s := range streams {
		if !slices.Equal(got[s], want[s]) {
			t.Errorf("stream %s: notices %v, want %v", s, got[s], want[s])
		}
	}
	// The raw feed has one notice per projection and revision.
	perProjection := map[string]int{}
	for len(raw.C) > 0 {
		n := <-raw.C
		perProjection[n.Projection]++
	}
	names := make([]string, 0, len(perProjection))
	for name := range perProjection {
		names = append(names, name)
	}
	sort.Strings(names)
	if !slices.Equal(names, []string{"dashboard", "documents", "history"}) {
		t.Errorf("raw notices from %v", perProjection)
	}
}

func TestSlowSubscriberIsDroppedNotTheFeed(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	feed := startFeed(t, env)
	slow := feed.Subscribe(1)
	fast := feed.Subscribe(100)
	defer fast.Close()
	env.Start(t, env.Config(t))
	env.Append(t, uuid.New(), testkit.Actor(uuid.New()), &testkit.Written{Text: "x"})
	// Three projections notify: the slow subscriber overflows.
	testkit.Eventually(t, 10*time.Second, func() (bool, string) {
		return len(fast.C) == 3, "fast subscriber did not get three notices"
	})
	<-slow.C
	if _, ok := <-slow.C; ok || slow.Err() != projections.ErrLagged {
		t.Errorf("slow subscriber: %v", slow.Err())
	}
}
