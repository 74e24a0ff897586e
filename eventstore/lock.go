package eventstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Within one process commands on a stream take turns (app's queue); across
// processes they race, and the unique (stream, version) decides. A process
// whose turns follow each other closely can keep winning that race, since
// it hands each state on without a load: a co-editor on another process
// then loses again and again. Lock ends that: the loser of a race retries
// holding the stream's exclusive advisory lock, which every plain append
// waits for (pg_advisory_xact_lock_shared, Append's first statement), so
// its second decision is made on the latest state and cannot lose.

// db is what the store's statements run on: a pool or a transaction.
type db interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// lease is a locked stream's transaction.
type lease struct {
	stream uuid.UUID
	tx     pgx.Tx
	done   bool
}

// Lock waits for the exclusive lock of stream and returns a view of the
// store whose reads run in the transaction that holds it and whose Append
// (one, to that stream) commits it. release ends the transaction if Append
// did not; it must be called. While the lock is held, appends to the
// stream by other sessions wait; appends to other streams do not.
func (s *Store) Lock(ctx context.Context, stream uuid.UUID) (locked *Store, release func(), err error) {
	if s.lease != nil {
		return nil, nil, errors.New("eventstore: lock within a lock")
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("eventstore: lock %s: %w", stream, err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, streamLockKey(stream)); err != nil {
		_ = tx.Rollback(ctx) // the lock's error is the one to report
		return nil, nil, fmt.Errorf("eventstore: lock %s: %w", stream, err)
	}
	l := &lease{stream: stream, tx: tx}
	view := *s
	view.db, view.lease = tx, l
	return &view, func() {
		if !l.done {
			l.done = true
			// Nothing was written: a failed rollback only ends the
			// connection, and the lock with it.
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}, nil
}

// finish ends the lease's transaction after its append: commit when the
// append succeeded, roll back when it failed (err is returned as is).
func (l *lease) finish(ctx context.Context, err error) error {
	if l.done {
		return errors.New("eventstore: a locked stream takes one append")
	}
	l.done = true
	if err != nil {
		_ = l.tx.Rollback(context.WithoutCancel(ctx)) // err is the one to report
		return err
	}
	return l.tx.Commit(ctx)
}

// streamLockKey is the advisory lock key of a stream: the random tail of
// its id (two streams sharing a key only wait for each other).
func streamLockKey(stream uuid.UUID) int64 {
	return int64(binary.BigEndian.Uint64(stream[8:]))
}
