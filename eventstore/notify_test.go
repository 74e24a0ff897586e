package eventstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/eventstore"
)

// TestAppendIsAnnouncedAfterItsCommit listens on the outbox channel: an
// append is announced, and by then it is committed (a listener that reads
// on notification finds it). The outbox itself has no trigger any more:
// a notifying transaction's commit would be serialised with every other.
func TestAppendIsAnnouncedAfterItsCommit(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, "LISTEN "+eventstore.OutboxChannel); err != nil {
		t.Fatal(err)
	}
	var triggers int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_trigger WHERE tgrelid = 'watermill_events'::regclass AND NOT tgisinternal`).Scan(&triggers); err != nil {
		t.Fatal(err)
	}
	if triggers != 0 {
		t.Fatalf("the outbox has %d triggers", triggers)
	}

	stream := uuid.New()
	if _, err := store.Append(ctx, appendReq(stream, 0, 1, "announced")); err != nil {
		t.Fatal(err)
	}
	// The deadline only fails a test that would otherwise hang.
	waitCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if _, err := conn.WaitForNotification(waitCtx); err != nil {
		t.Fatalf("no notification after an append: %v", err)
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM events WHERE stream_id = $1`, stream).Scan(&n); err != nil || n != 1 {
		t.Fatalf("after the notification the listener sees %d events (%v)", n, err)
	}
}
