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
// Not parallel: the package's other tests hold transactions open on
// purpose, which delays the visibility of outbox rows beyond the time a
// woken group keeps polling (BusyFor) — what the hourly safety net would
// then have to catch.
func TestIdleRunnerIsWokenByTheOutboxNotification(t *testing.T) {
	env := testkit.New(t)
	cfg := env.Config(t)
	cfg.IdlePoll = time.Hour
	cfg.BusyFor = time.Second
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
