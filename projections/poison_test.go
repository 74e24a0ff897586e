package projections_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

func TestFailingRevisionIsRetriedThenPoisonedAndOthersKeepGoing(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	actor := testkit.Actor(uuid.New())
	bad := uuid.New()
	var broken atomic.Bool
	broken.Store(true)
	var attempts atomic.Int32
	failing := hooked{Projection: dashboard.New(), hook: func(_ context.Context, u *projections.Update) error {
		if u.Revision.StreamID == bad && broken.Load() {
			attempts.Add(1)
			return errors.New("boom")
		}
		return nil
	}}
	ps := []projections.Projection{documents.New(), history.New(), failing}
	cfg := env.Config(t, ps...)
	cfg.MaxRetries = 2
	env.Start(t, cfg)

	good := []uuid.UUID{uuid.New(), uuid.New()}
	env.Append(t, good[0], actor, &testkit.Written{Text: "a"})
	env.Append(t, bad, actor, &testkit.Written{Text: "x"})
	env.Append(t, good[1], actor, &testkit.Written{Text: "b"})
	env.Append(t, good[0], actor, &testkit.Written{Text: "c"})

	// The other projections, and the failing one on other streams, go on.
	env.WaitCaughtUp(t, 10*time.Second, documents.New(), history.New())
	testkit.Eventually(t, 10*time.Second, func() (bool, string) {
		n, err := env.Lagging(ctx, failing)
		return err == nil && n == 1, "dashboard should lag on the bad stream only"
	})
	if got := attempts.Load(); got != 3 {
		t.Errorf("%d attempts, want 1 + 2 retries", got)
	}
	var poisoned int
	var handler string
	if err := env.Pool.QueryRow(ctx, `SELECT count(*), max(metadata->>'handler_poisoned') FROM watermill_poison`).Scan(&poisoned, &handler); err != nil {
		t.Fatal(err)
	}
	if poisoned != 1 || handler != dashboard.Name {
		t.Errorf("poison queue has %d messages of %q, want 1 of dashboard", poisoned, handler)
	}
	st, err := projections.ReadStatus(ctx, env.Pool, ps)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Projections {
		failed := p.Name == dashboard.Name
		if (p.Error != "") != failed || (p.FailedStreams == 1) != failed {
			t.Errorf("status of %s: error %q, %d failed streams", p.Name, p.Error, p.FailedStreams)
		}
		if failed && !strings.Contains(p.Error, bad.String()) {
			t.Errorf("status error %q does not name the stream", p.Error)
		}
		// The held-back stream's event lies below the position the
		// projection reached: it still counts as lag.
		if wantLag := map[bool]int64{true: 1, false: 0}[failed]; p.Lag != wantLag {
			t.Errorf("status of %s: lag %d, want %d", p.Name, p.Lag, wantLag)
		}
		if p.Position == 0 || p.UpdatedAt == nil {
			t.Errorf("status of %s: position %d, updated %v", p.Name, p.Position, p.UpdatedAt)
		}
	}

	// Once fixed, the next revision of the stream fills the gap and clears
	// the error.
	broken.Store(false)
	env.Append(t, bad, actor, &testkit.Written{Text: "y"})
	env.WaitCaughtUp(t, 10*time.Second, ps...)
	st, err = projections.ReadStatus(ctx, env.Pool, ps)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Projections {
		if p.Error != "" || p.Lag != 0 {
			t.Errorf("status of %s after the fix: error %q, lag %d", p.Name, p.Error, p.Lag)
		}
	}
}
