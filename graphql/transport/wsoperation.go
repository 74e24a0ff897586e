package transport

import (
	"context"
	"log/slog"
	"sync"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// wsOperation is one operation started by a "subscribe" message: a
// subscription, or a query or mutation answered with one "next".
type wsOperation struct {
	id     string
	cancel context.CancelFunc
}

// opRecord is what one operation did, for its log line and metrics.
type opRecord struct {
	opType, opName string
	codes          []string
}

// run executes one operation and sends its messages. ctx is cancelled when
// the client completes the operation or the socket closes; then nothing
// more is sent for it.
func (c *wsConn) run(ctx context.Context, op *wsOperation, req request) {
	defer c.wg.Done()
	defer op.cancel()
	c.h.metrics.operations.Inc()
	defer c.h.metrics.operations.Dec()
	start := time.Now()
	rec := opRecord{opName: req.OperationName}
	defer func() {
		d := time.Since(start)
		c.h.metrics.observe("ws", rec.opType, rec.codes, d)
		level := slog.LevelInfo
		if containsCode(rec.codes, domain.CodeInternal) {
			level = slog.LevelError
		}
		c.h.logger.Log(c.ctx, level, "graphql request",
			"transport", "ws", "id", op.id, "operation", rec.opName, "type", rec.opType,
			"duration", d, "codes", rec.codes, "actor", c.actorID())
	}()

	if c.h.limiter != nil {
		if ok, _ := c.h.limiter.allow(c.token); !ok {
			rec.codes = []string{string(domain.CodeRateLimited)}
			c.sendError(ctx, op, []*gqlerrors.QueryError{
				newQueryError(domain.CodeRateLimited, "too many requests for this token; retry later"),
			})
			return
		}
	}
	p, errs := c.h.prepare(ctx, req)
	if errs != nil {
		rec.codes = translateErrors(ctx, c.h.logger, errs, false)
		c.sendError(ctx, op, errs)
		return
	}
	rec.opType, rec.opName = p.opType(), p.opName()
	if p.opType() == opSubscription {
		// No read budget: a subscription may stay open for days, and each
		// event it pushes is a bounded read of its own.
		c.runSubscription(ctx, op, p, &rec)
		return
	}
	// The budget and the timeout bound the execution; ctx stays what tells
	// whether the client still wants the answer.
	execCtx, cancel := context.WithTimeout(WithReadBudget(ctx, c.h.cfg.MaxRowsPerRequest), c.h.cfg.RequestTimeout)
	defer cancel()
	resp, executed, codes := c.h.execute(execCtx, p)
	rec.codes = codes
	if ctx.Err() != nil {
		rec.codes = []string{codeCancelled} // completed by the client or socket closed
		return
	}
	if !executed {
		c.sendError(ctx, op, resp.Errors)
		return
	}
	c.sendNext(ctx, op, resp)
	c.sendComplete(ctx, op)
}

func (c *wsConn) runSubscription(ctx context.Context, op *wsOperation, p *prepared, rec *opRecord) {
	end := &subscriptionEnd{}
	events, err := c.h.schema.Subscribe(context.WithValue(ctx, subscriptionEndKey{}, end), p.Query, p.OperationName, p.Variables)
	if err != nil {
		// The schema has no Subscription type or resolver.
		e := newQueryError(domain.CodeValidationFailed, "subscriptions are not offered by this schema")
		rec.codes = []string{string(domain.CodeValidationFailed)}
		c.sendError(ctx, op, []*gqlerrors.QueryError{e})
		return
	}
	first, refused := true, false
	// Read every event at once, even after a cancel, until graphql-go closes
	// the channel: its goroutines only end then.
	for v := range events {
		resp, ok := v.(*graphql.Response)
		if !ok {
			continue
		}
		executed := executionStarted(resp)
		codes := translateErrors(ctx, c.h.logger, resp.Errors, executed)
		if len(rec.codes) == 0 {
			rec.codes = codes
		}
		if first && !executed {
			// Refused before it started (validation): "error" ends it.
			refused = true
			c.sendError(ctx, op, resp.Errors)
		}
		first = false
		if !refused {
			c.sendNext(ctx, op, resp)
		}
	}
	if refused || ctx.Err() != nil {
		return
	}
	if err := end.get(); err != nil {
		c.h.logger.Log(ctx, slog.LevelDebug, "subscription ended by its resolver", "error", causeText(err))
		logResolverError(ctx, c.h.logger, err, nil)
		e := &gqlerrors.QueryError{Message: PublicMessage(err), Extensions: ErrorExtensions(err)}
		rec.codes = append(rec.codes, string(domain.CodeOf(classify(err))))
		c.sendNext(ctx, op, &graphql.Response{Errors: []*gqlerrors.QueryError{e}})
	}
	c.sendComplete(ctx, op)
}

// sendNext sends a result unless the operation was cancelled.
func (c *wsConn) sendNext(ctx context.Context, op *wsOperation, resp *graphql.Response) {
	if ctx.Err() != nil {
		return
	}
	c.enqueue(outgoing{ID: op.id, Type: msgNext, Payload: resp})
}

// sendError ends an operation with an "error" message; no "complete"
// follows it.
func (c *wsConn) sendError(ctx context.Context, op *wsOperation, errs []*gqlerrors.QueryError) {
	if !c.release(ctx, op) {
		return
	}
	c.enqueue(outgoing{ID: op.id, Type: msgError, Payload: errs})
}

func (c *wsConn) sendComplete(ctx context.Context, op *wsOperation) {
	if !c.release(ctx, op) {
		return
	}
	c.enqueue(outgoing{ID: op.id, Type: msgComplete})
}

// release forgets op before its last message is queued, so that a client
// reusing the id after that message is not taken for a duplicate. It
// reports false when the client completed the operation first or the socket
// is closing: then nothing more is sent.
func (c *wsConn) release(ctx context.Context, op *wsOperation) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops[op.id] == op {
		delete(c.ops, op.id)
	}
	return ctx.Err() == nil
}

type subscriptionEndKey struct{}

// subscriptionEnd holds the error a subscription resolver ended with.
type subscriptionEnd struct {
	mu  sync.Mutex
	err error
}

func (e *subscriptionEnd) get() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// EndSubscription records err as the reason why the subscription whose
// resolver was given ctx ends. graphql-go's subscription channels cannot
// carry errors, so a resolver whose source fails (FORBIDDEN when the caller
// lost access) calls this and then closes its channel: the client receives
// the events sent before, then a "next" whose errors carry err's code and
// extensions (translated like any resolver error), then "complete". It
// reports false when ctx does not belong to a subscription served by this
// package; the first error recorded wins.
func EndSubscription(ctx context.Context, err error) bool {
	end, ok := ctx.Value(subscriptionEndKey{}).(*subscriptionEnd)
	if !ok || err == nil {
		return false
	}
	end.mu.Lock()
	defer end.mu.Unlock()
	if end.err == nil {
		end.err = err
	}
	return true
}
