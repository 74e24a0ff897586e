package projections_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// An idle runner does not poll: it waits for the outbox's notification,
// which a commit sends. With the safety-net poll an hour away, a write to
// an idle runner is applied only if the notification woke it.
//
// Not parallel, and BusyFor is seconds: an outbox row becomes readable
// only once no older transaction is open anywhere in the cluster, and
// tests (this package's, or other packages' run at the same time by make
// test) hold transactions open on purpose. A row that is still invisible
// when a woken group stops polling waits for the hourly safety net. (In
// production the safety net polls every second.)
func TestIdleRunnerIsWokenByTheOutboxNotification(t *testing.T) {
	env := testkit.New(t)
	cfg := env.Config(t)
	cfg.IdlePoll = time.Hour
	cfg.BusyFor = 5 * time.Second
	started := env.Start(t, cfg)
	actor := testkit.Actor(uuid.New())
	for range 3 {
		testkit.Eventually(t, 10*time.Second, func() (bool, string) {
			return started.Runner.Idle(), "the consumer groups did not go idle"
		})
		env.Append(t, uuid.New(), actor, &testkit.Written{Text: "x"})
		env.WaitCaughtUp(t, 10*time.Second)
	}
}
