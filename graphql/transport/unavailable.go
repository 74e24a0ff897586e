package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/creativeclusters/planner/domain"
)

// ErrDependencyUnavailable is what a client is told when the database
// cannot be reached, is restarting, has no connection free or timed a
// statement out: UNAVAILABLE, retry later. A mutation retried with the
// same commandId is applied at most once, so a client that does not know
// whether its command was committed retries it that way and gets the
// committed answer replayed.
var ErrDependencyUnavailable = domain.NewError(domain.CodeUnavailable,
	"the service is temporarily unavailable; retry later (retry mutations with the same commandId)")

// classify returns err marked UNAVAILABLE when it says that a dependency
// is unavailable now rather than that the server has a bug; other errors
// are returned as they are. It is the one place where driver and network
// errors get their code: resolvers and the authenticator return what the
// driver gave them.
func classify(err error) error {
	if err == nil || domain.CodeOf(err) != domain.CodeInternal || !isUnavailable(err) {
		return err
	}
	return &unavailableError{cause: err}
}

// unavailableError is UNAVAILABLE with its cause kept for the log.
type unavailableError struct{ cause error }

func (e *unavailableError) Error() string {
	return ErrDependencyUnavailable.Message + ": " + e.cause.Error()
}
func (e *unavailableError) Unwrap() []error { return []error{ErrDependencyUnavailable, e.cause} }

// isUnavailable recognises an unreachable, restarting or overloaded
// database and timeouts.
func isUnavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "08": // connection exception
			return true
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "53": // insufficient resources (too many connections, ...)
			return true
		}
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
			"57014", // query_canceled: statement_timeout
			"55P03", // lock_not_available: lock_timeout
			"25P03", // idle_in_transaction_session_timeout
			"40001", // serialization_failure
			"40P01": // deadlock_detected
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr),
		errors.As(err, &netErr),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		pgconn.SafeToRetry(err),
		pgconn.Timeout(err):
		return true
	}
	return isConnClosed(err)
}

// isConnClosed recognises errors pgx and its pool make from plain text:
// a connection that died under a statement ("conn closed") and a pool
// closed during shutdown ("closed pool", puddle.ErrClosedPool).
func isConnClosed(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		switch e.Error() {
		case "conn closed", "closed pool":
			return true
		}
	}
	return false
}
