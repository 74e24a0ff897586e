package projections

import (
	"context"
	"errors"
	"net"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrRebuildRunning is returned by Rebuild while another rebuild of the
// same projection runs (in any process).
var ErrRebuildRunning = errors.New("projections: a rebuild of this projection is already running")

// permanentError marks a failure that retrying cannot fix (an undecodable
// message, an event the aggregate does not know): it goes to the poison
// queue without retries.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err: err} }

// transientError marks a failure that must never poison a message: the
// message is redelivered instead (a gap that is still committing, a
// connection that broke, a transaction the subscriber already ended).
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

func transient(err error) error { return &transientError{err: err} }

func isPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// isTransient reports failures of the delivery rather than of the
// message: poisoning those would drop revisions that are fine.
func isTransient(err error) bool {
	var (
		t   *transientError
		net net.Error
		pg  *pgconn.PgError
	)
	switch {
	case errors.As(err, &t),
		errors.Is(err, context.Canceled),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, pgx.ErrTxClosed),
		errors.Is(err, errTxDone),
		pgconn.Timeout(err),
		pgconn.SafeToRetry(err),
		errors.As(err, &net):
		return true
	case errors.As(err, &pg):
		// Class 08: connection exceptions; 57P: the server is shutting
		// down; 40: serialization failures and deadlocks. A statement
		// timeout (57014) is not here: a revision that always runs into it
		// must not stall its projection forever.
		return pg.Code[:2] == "08" || pg.Code[:3] == "57P" || pg.Code[:2] == "40"
	}
	return false
}
