package projections

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// handler applies revision messages to one projection's live schema.
//
// Inside a subscriber's batch transaction (the common case) a message is
// only decoded and queued: the batch is applied as a whole, through the
// per-stream guard, when the subscriber acks it (batchTx.flush), in the
// same transaction as the consumer group's offset. A batch that fails for
// any reason but a transient one is rolled back and delivered again; that
// next delivery is applied message by message, each in a savepoint, and a
// message that still fails goes to the poison queue without holding back
// the others.
type handler struct {
	pool    *pgxpool.Pool
	applier *streamApplier
	target  target
	poison  *poisonPublisher
	// applied is called after a batch committed its writes (metrics).
	applied func(n int)
	// retries is how often a message that failed in its batch is tried
	// again on its own before it is poisoned, after backoff(try).
	retries int
	backoff func(try int) time.Duration
	// isolate: the last batch failed; apply the next one message by
	// message.
	isolate atomic.Bool
	// serial orders handlings without a batch transaction.
	serial sync.Mutex
}

// queued is one message of a batch, waiting for the batch's flush.
type queued struct {
	msg *message.Message
	rev eventstore.Revision
}

func (h *handler) handle(msg *message.Message) error {
	rev, err := eventstore.DecodeRevision(msg.Payload)
	if err != nil {
		return permanent(err)
	}
	ctx := msg.Context()
	if tx, ok := wsql.TxFromContext(ctx); ok {
		if b, ok := tx.(*batchTx); ok {
			return b.queue(queued{msg: msg, rev: rev})
		}
	}
	// No batch transaction (JetStream): the message on its own, in a
	// transaction of ours. The stream guard, committed with the writes,
	// makes redelivery harmless and fills a gap from the log. One message
	// at a time: the transport may hand over the next one before this one
	// ended (it stops waiting at its ack deadline), and the projection's
	// apply lock, held to commit, keeps other processes bound to the same
	// consumer in turn too, so revisions commit in the order they were
	// applied (the history's seq).
	h.serial.Lock()
	defer h.serial.Unlock()
	t := h.target
	t.exclusive = true
	var n int
	err = pgx.BeginTxFunc(ctx, h.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		var err error
		n, err = h.applier.apply(ctx, tx, t, rev)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: stream %s revision %d: %w", h.target.projection.Name(), rev.StreamID, rev.Revision, err)
	}
	h.count(n)
	return nil
}

// flush applies a batch's queued messages in tx, before the subscriber
// acks them. An error fails the whole batch (it is delivered again).
func (h *handler) flush(ctx context.Context, tx pgx.Tx, batch []queued) (int, error) {
	if len(batch) == 0 {
		return 0, nil
	}
	if h.isolate.Load() {
		n, err := h.flushIsolated(ctx, tx, batch)
		if err == nil {
			h.isolate.Store(false)
		}
		return n, err
	}
	revs := make([]eventstore.Revision, len(batch))
	for i, q := range batch {
		revs[i] = q.rev
	}
	n, err := h.applier.applyBatch(ctx, tx, h.target, revs)
	if err != nil {
		if !isTransient(err) && !isConnectionError(err) {
			h.isolate.Store(true)
		}
		return 0, fmt.Errorf("%s: batch of %d revisions: %w", h.target.projection.Name(), len(batch), err)
	}
	return n, nil
}

// flushIsolated applies the batch message by message, each in a
// savepoint. A message that fails is tried again up to retries times (its
// failure in the whole batch was its first try), then poisoned; one that
// fails transiently fails the batch.
func (h *handler) flushIsolated(ctx context.Context, tx pgx.Tx, batch []queued) (int, error) {
	total := 0
	for _, q := range batch {
		for try := 1; ; try++ {
			var n int
			err := inSavepoint(ctx, tx, func(sp pgx.Tx) error {
				var err error
				n, err = h.applier.apply(ctx, sp, h.target, q.rev)
				return err
			})
			if err == nil {
				total += n
				break
			}
			if isTransient(err) || isConnectionError(err) {
				return 0, err
			}
			if isPermanent(err) || try >= h.retries {
				if err := h.poison.record(ctx, tx, h.target.projection.Name(), q.msg, err.Error()); err != nil {
					return 0, err
				}
				break
			}
			time.Sleep(h.backoff(try))
		}
	}
	return total, nil
}

func (h *handler) count(n int) {
	if h.applied != nil && n > 0 {
		h.applied(n)
	}
}

// isConnectionError: the database went away or the statement was
// cancelled; the batch is worth delivering again as it is.
func isConnectionError(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 08: connection exception, 40: transaction rollback (serialization,
		// deadlock), 53: insufficient resources, 57: operator intervention.
		switch pgErr.Code[:2] {
		case "08", "40", "53", "57":
			return true
		}
		return false
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || pgconn.SafeToRetry(err) ||
		errors.As(err, new(*pgconn.ConnectError))
}

// inSavepoint runs fn in a savepoint of tx, rolled back when fn fails. A
// failed rollback leaves the batch transaction unusable: that is reported
// as transient, so the batch is delivered again rather than poisoned.
func inSavepoint(ctx context.Context, tx pgx.Tx, fn func(tx pgx.Tx) error) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return transient(fmt.Errorf("savepoint: %w", err))
	}
	if err := fn(sp); err != nil {
		if rbErr := sp.Rollback(context.WithoutCancel(ctx)); rbErr != nil {
			return transient(fmt.Errorf("%w (and rolling back to the savepoint failed: %v)", err, rbErr))
		}
		return err
	}
	if err := sp.Commit(ctx); err != nil {
		return transient(fmt.Errorf("release savepoint: %w", err))
	}
	return nil
}
