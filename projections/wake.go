package projections

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// OutboxChannel is the channel the event store notifies after appends
// (eventstore.OutboxChannel): consumer groups that found nothing to do
// wait for it instead of polling.
const OutboxChannel = eventstore.OutboxChannel

// waker turns the outbox's notifications into a broadcast: wait on the
// channel returned by armed, which is closed by the next notification.
// Without a listening connection it is deaf, and consumers poll.
type waker struct {
	mu        sync.Mutex
	next      chan struct{}
	listening bool
}

func newWaker() *waker { return &waker{next: make(chan struct{})} }

// armed returns the channel the next notification closes.
func (w *waker) armed() (c <-chan struct{}, listening bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.next, w.listening
}

func (w *waker) wake(listening bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.next)
	w.next = make(chan struct{})
	w.listening = listening
}

// run listens on a dedicated connection until ctx ends, reconnecting with
// backoff; while it is not listening, consumers poll.
func (w *waker) run(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) {
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		err := w.listen(ctx, pool, func() { backoff = 50 * time.Millisecond })
		w.wake(false)
		if ctx.Err() != nil {
			return
		}
		logger.Warn("projections: listening for outbox notifications failed, polling meanwhile", "error", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (w *waker) listen(ctx context.Context, pool *pgxpool.Pool, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+OutboxChannel); err != nil {
		return err
	}
	connected()
	// Whatever was committed before LISTEN took effect is found by the
	// consumers' next poll.
	w.wake(true)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		w.wake(true)
	}
}

// pacer decides, before each poll of one consumer group, whether to poll
// now or wait for a notification: a group that found work recently polls
// at its PollInterval (a message may be committed but not yet visible,
// while an older transaction is open); an idle one waits for the outbox's
// notification, or IdlePoll at most (the safety net). So an idle service
// costs a poll per IdlePoll per group, and a write is picked up at once.
type pacer struct {
	waker    *waker
	busyFor  time.Duration
	idlePoll time.Duration

	mu       sync.Mutex
	lastWork time.Time
	armed    <-chan struct{} // taken when the previous poll began
}

// worked records that a poll found messages.
func (p *pacer) worked() {
	p.mu.Lock()
	p.lastWork = time.Now()
	p.mu.Unlock()
}

// beforePoll waits while the group is idle, then arms the wake-up for the
// poll after this one: a notification that arrives while this poll runs
// makes the next one start at once.
func (p *pacer) beforePoll(ctx context.Context) {
	p.mu.Lock()
	idle := time.Since(p.lastWork) > p.busyFor
	armed := p.armed
	p.mu.Unlock()
	if idle && armed != nil {
		select {
		case <-armed:
			p.worked()
		case <-time.After(p.idlePoll):
		case <-ctx.Done():
		}
	}
	next, listening := p.waker.armed()
	p.mu.Lock()
	p.armed = nil
	if listening {
		p.armed = next
	}
	p.mu.Unlock()
}

// waiting reports whether the group is idle and waits for a notification
// (or the safety net) before its next poll.
func (p *pacer) waiting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Since(p.lastWork) > p.busyFor && p.armed != nil
}
