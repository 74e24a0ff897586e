package transport

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// The cost limit bounds what a document asks for; the read budget bounds
// what a request really reads. Every GraphQL request (an HTTP request or a
// WebSocket query or mutation) gets a budget of rows in its context; ReadBudgetTracer,
// installed on the pgx pool, charges the rows each statement returned, and
// once a request has read more than its budget its next statements fail
// before they are sent. The request's errors then carry QUERY_TOO_COMPLEX,
// whatever the resolver made of the failed statement. Subscriptions have
// no budget: one may stay open for days, and each event it pushes is a
// bounded read of its own.

// ErrReadBudgetExceeded is the cause of the statements refused because
// their request has read more rows than its budget.
var ErrReadBudgetExceeded = domain.NewError(domain.CodeQueryTooComplex,
	"the request read more rows from the database than allowed; ask for smaller pages or fewer fields")

type readBudgetKey struct{}

// readBudget counts the rows one request read.
type readBudget struct {
	limit int64
	used  atomic.Int64
}

func (b *readBudget) exceeded() bool { return b.used.Load() > b.limit }

// WithReadBudget gives ctx a fresh budget of limit rows. The handler does
// it for every request; tests and other servers of the schema can too.
func WithReadBudget(ctx context.Context, limit int) context.Context {
	return context.WithValue(ctx, readBudgetKey{}, &readBudget{limit: int64(limit)})
}

func readBudgetFrom(ctx context.Context) *readBudget {
	b, _ := ctx.Value(readBudgetKey{}).(*readBudget)
	return b
}

// ChargeRows records n rows read for the request of ctx and reports
// ErrReadBudgetExceeded once the request has read more than its budget.
// A context without a budget (projections, commands of the CLI) is never
// limited. ReadBudgetTracer calls it for every statement; code that reads
// through other means can call it too.
func ChargeRows(ctx context.Context, n int64) error {
	b := readBudgetFrom(ctx)
	if b == nil {
		return nil
	}
	if b.used.Add(n) > b.limit {
		return fmt.Errorf("%w (%d rows)", ErrReadBudgetExceeded, b.limit)
	}
	return nil
}

// readBudgetExceeded reports whether the request of ctx ran out of budget.
func readBudgetExceeded(ctx context.Context) bool {
	b := readBudgetFrom(ctx)
	return b != nil && b.exceeded()
}

// ReadBudgetTracer is a pgx.QueryTracer that charges every statement's rows
// to the request budget in its context and refuses statements of a request
// that has exceeded it (their context is cancelled before anything is
// sent, which leaves the connection usable). Install it as
// pgxpool.Config.ConnConfig.Tracer, chained with Next when there is
// another tracer.
type ReadBudgetTracer struct {
	Next pgx.QueryTracer
}

var _ pgx.QueryTracer = ReadBudgetTracer{}

func (t ReadBudgetTracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if readBudgetExceeded(ctx) {
		refused, cancel := context.WithCancelCause(ctx)
		cancel(ErrReadBudgetExceeded)
		ctx = refused
	}
	if t.Next != nil {
		ctx = t.Next.TraceQueryStart(ctx, conn, data)
	}
	return ctx
}

func (t ReadBudgetTracer) TraceQueryEnd(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryEndData) {
	if data.Err == nil {
		_ = ChargeRows(ctx, data.CommandTag.RowsAffected())
	}
	if t.Next != nil {
		t.Next.TraceQueryEnd(ctx, conn, data)
	}
}

// isReadBudgetError reports whether err is, or was caused by, a refusal of
// the read budget: a statement cancelled by the tracer fails with
// context.Canceled, which is the budget's doing when the request's budget
// is spent.
func isReadBudgetError(ctx context.Context, err error) bool {
	if errors.Is(err, ErrReadBudgetExceeded) {
		return true
	}
	return readBudgetExceeded(ctx) && errors.Is(err, context.Canceled)
}
