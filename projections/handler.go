package projections

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// handler applies revision messages to one projection's live schema. It is
// the innermost step of the middleware chain: each call is one attempt,
// run inside a SAVEPOINT of the batch transaction, so that a failed
// statement rolls back this attempt only and the batch (and the retry of
// this message) can go on.
type handler struct {
	pool    *pgxpool.Pool
	applier *streamApplier
	target  target
	// applied is called after a successful attempt (metrics).
	applied func(n int)
}

func (h *handler) handle(msg *message.Message) error {
	rev, err := eventstore.DecodeRevision(msg.Payload)
	if err != nil {
		return permanent(err)
	}
	ctx := msg.Context()
	var n int
	attempt := func(tx pgx.Tx) error {
		var err error
		n, err = h.applier.apply(ctx, tx, h.target, rev)
		return err
	}
	inTransport, err := withTransportTx(ctx, func(tx pgx.Tx) error { return inSavepoint(ctx, tx, attempt) })
	if !inTransport {
		// No transport transaction: our own. The stream guard, committed
		// with the writes, makes redelivery harmless.
		err = pgx.BeginTxFunc(ctx, h.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, attempt)
	}
	if err != nil {
		return fmt.Errorf("%s: stream %s revision %d: %w", h.target.projection.Name(), rev.StreamID, rev.Revision, err)
	}
	if h.applied != nil {
		h.applied(n)
	}
	return nil
}

// inSavepoint runs fn in a savepoint of tx, rolled back when fn fails. A
// failed rollback leaves the batch transaction unusable: that is reported
// as transient, so the message is redelivered rather than poisoned.
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
