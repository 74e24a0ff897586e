package eventstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/eventstore"
)

// TestLockedStreamMakesOtherAppendsWaitAndWinsTheRace locks a stream: a
// plain append to it waits (seen in pg_locks) until the locked view's
// append committed, then finds the version taken; an append to another
// stream does not wait; the view takes one append only.
func TestLockedStreamMakesOtherAppendsWaitAndWinsTheRace(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	hot, other := uuid.New(), uuid.New()
	for _, id := range []uuid.UUID{hot, other} {
		if _, err := store.Append(ctx, appendReq(id, 0, 1, "first")); err != nil {
			t.Fatal(err)
		}
	}

	locked, release, err := store.Lock(ctx, hot)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	plain := make(chan error, 1)
	go func() {
		_, err := store.Append(ctx, appendReq(hot, 1, 2, "plain"))
		plain <- err
	}()
	var waiting int
	for waiting == 0 {
		select {
		case err := <-plain:
			t.Fatalf("the plain append ended while the stream was locked: %v", err)
		default:
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.Append(ctx, appendReq(other, 1, 2, "elsewhere")); err != nil {
		t.Fatalf("an append to another stream: %v", err)
	}

	loaded, err := eventstore.Load(ctx, locked, noteKind, hot, 0)
	if err != nil || loaded.Version != 1 {
		t.Fatalf("locked load: version %d, %v", loaded.Version, err)
	}
	if _, err := locked.Append(ctx, appendReq(hot, 1, 2, "locked")); err != nil {
		t.Fatalf("locked append: %v", err)
	}
	if err := <-plain; !errors.Is(err, eventstore.ErrStreamChanged) {
		t.Fatalf("the plain append after the locked one: %v, want ErrStreamChanged", err)
	}
	if _, err := locked.Append(ctx, appendReq(hot, 2, 3, "again")); err == nil {
		t.Fatal("a second append on one lock was accepted")
	}
	final, err := eventstore.Load(ctx, store, noteKind, hot, 0)
	if err != nil || final.Version != 2 || final.State.Text != "locked" {
		t.Fatalf("stream: version %d text %q, %v", final.Version, final.State.Text, err)
	}
}
