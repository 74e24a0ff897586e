package projections

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// errTxDone: the subscriber ended the batch transaction (it gave up on the
// message at its ack deadline, or the runner is closing) before the handler
// could use it. The message will be delivered again.
var errTxDone = errors.New("projections: batch transaction already ended")

// batchBeginner begins the subscriber's batch transactions. It differs from
// watermill-sql's BeginnerFromPgx in two ways, both deliberate:
//
//   - READ COMMITTED instead of the schema adapter's REPEATABLE READ. The
//     select of the batch is a single statement (its own snapshot is all it
//     needs), and handlers must see tables a rebuild swapped in after the
//     batch began: under REPEATABLE READ they would read the new tables
//     through an old snapshot and fail with serialization errors.
//   - The transaction is guarded by a mutex. The subscriber stops waiting
//     for a message at its ack deadline or on Close and then acks and
//     commits while the router's handler goroutine may still be running
//     statements on the same connection; the mutex makes the commit wait
//     for the handler's current attempt, and later attempts see errTxDone.
//
// It also batches: the handler queues each message of a batch on the
// batchTx, and the batch is applied as a whole (handler.flush) right before
// the subscriber acks it, in the same transaction.
//
// And it paces: each poll begins with a transaction, which an idle group
// begins only once the outbox notifies (pacer).
type batchBeginner struct {
	pool    *pgxpool.Pool
	handler *handler
	pacer   *pacer
}

func (b batchBeginner) BeginTx(ctx context.Context, _ *sql.TxOptions) (wsql.Tx, error) {
	if b.pacer != nil {
		b.pacer.beforePoll(ctx)
	}
	tx, err := b.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return nil, err
	}
	return &batchTx{tx: tx, handler: b.handler, pacer: b.pacer}, nil
}

func (b batchBeginner) ExecContext(ctx context.Context, query string, args ...any) (wsql.Result, error) {
	tag, err := b.pool.Exec(ctx, query, args...)
	return wsql.PgxResult{CommandTag: tag}, err
}

func (b batchBeginner) QueryContext(ctx context.Context, query string, args ...any) (wsql.Rows, error) {
	rows, err := b.pool.Query(ctx, query, args...)
	return wsql.PgxRows{Rows: rows}, err
}

// batchTx is one batch transaction of a subscriber; handlers reach it
// through wsql.TxFromContext.
type batchTx struct {
	mu      sync.Mutex
	tx      pgx.Tx
	done    bool
	handler *handler
	pacer   *pacer
	pending []queued
	// applied counts the revisions the flush applied, reported once the
	// transaction committed.
	applied int
}

// queue adds a handled message to the batch.
func (t *batchTx) queue(q queued) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	t.pending = append(t.pending, q)
	return nil
}

// ExecContext runs the subscriber's ack query (the only statement it runs
// on the transaction with watermill-sql's PostgreSQL offsets adapter),
// after applying the queued messages it acks. It ignores cancellation like
// Commit: on Close the subscriber acks the prefix of the batch that was
// handled, with a context already cancelled.
func (t *batchTx) ExecContext(ctx context.Context, query string, args ...any) (wsql.Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil, errTxDone
	}
	ctx = context.WithoutCancel(ctx)
	if t.pacer != nil && len(t.pending) > 0 {
		t.pacer.worked()
	}
	if t.handler != nil {
		n, err := t.handler.flush(ctx, t.tx, t.pending)
		t.pending = nil
		if err != nil {
			return nil, err
		}
		t.applied += n
	}
	tag, err := t.tx.Exec(ctx, query, args...)
	return wsql.PgxResult{CommandTag: tag}, err
}

func (t *batchTx) QueryContext(ctx context.Context, query string, args ...any) (wsql.Rows, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil, errTxDone
	}
	rows, err := t.tx.Query(ctx, query, args...)
	return wsql.PgxRows{Rows: rows}, err
}

// Commit commits what the handlers acked so far. It ignores cancellation:
// on Close, committing the acked prefix saves redoing it.
func (t *batchTx) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return sql.ErrTxDone
	}
	t.done = true
	if err := t.tx.Commit(context.Background()); err != nil {
		return err
	}
	if t.handler != nil {
		t.handler.count(t.applied)
	}
	return nil
}

func (t *batchTx) Rollback() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return sql.ErrTxDone
	}
	t.done = true
	return t.tx.Rollback(context.Background())
}

// run lends the transaction to a handler attempt.
func (t *batchTx) run(fn func(tx pgx.Tx) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errTxDone
	}
	return fn(t.tx)
}

// withTransportTx runs fn in the transaction the transport put in ctx, if
// any. ok is false when there is none (a transport without transactions).
func withTransportTx(ctx context.Context, fn func(tx pgx.Tx) error) (ok bool, err error) {
	tx, found := wsql.TxFromContext(ctx)
	if !found {
		return false, nil
	}
	switch t := tx.(type) {
	case *batchTx:
		return true, t.run(fn)
	case *wsql.PgxTx:
		return true, fn(t.Tx)
	case wsql.PgxTx:
		return true, fn(t.Tx)
	}
	return true, permanent(errors.New("projections: the subscriber's transaction is not a pgx transaction"))
}
