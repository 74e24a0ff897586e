package projections_test

import (
	"context"
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// A transport that gives handlers no transaction (and redelivers at
// will): each handling opens its own, and the stream guard alone keeps
// the effect exactly-once and in order.
func TestHandlerWithoutATransportTransaction(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	r, err := projections.NewRunner(env.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	actor := testkit.Actor(uuid.New())
	stream := uuid.New()
	env.Append(t, stream, actor, &testkit.Written{Text: "r1"})
	env.Append(t, stream, actor, &testkit.Written{Text: "r2"})
	payloads := map[string][]byte{}
	rows, err := env.Pool.Query(ctx, `SELECT payload->>'revision', payload::text FROM watermill_events`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rev string
		var payload []byte
		if err := rows.Scan(&rev, &payload); err != nil {
			t.Fatal(err)
		}
		payloads[rev] = payload
	}
	for _, rev := range []string{"2", "1", "2", "1"} {
		for _, p := range testkit.All() {
			msg := message.NewMessage(uuid.NewString(), payloads[rev])
			msg.SetContext(ctx)
			if err := r.HandleWithoutTransport(p.Name(), msg); err != nil {
				t.Fatalf("%s revision %s: %v", p.Name(), rev, err)
			}
		}
	}
	for _, p := range testkit.All() {
		checkApplied(t, env, p, stream, []string{"r1", "r2"})
	}
	var n int
	if err := env.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM proj_history.revisions) + (SELECT sum(revisions) FROM proj_dashboard.activity)`).Scan(&n); err != nil || n != 4 {
		t.Errorf("rows %d %v, want 2 revisions and 2 counted", n, err)
	}
	// An undecodable message is permanent: it must not be retried.
	msg := message.NewMessage(uuid.NewString(), []byte(`{"nope": 1}`))
	msg.SetContext(ctx)
	if err := r.HandleWithoutTransport("history", msg); err == nil {
		t.Error("an undecodable message was handled")
	}
}
