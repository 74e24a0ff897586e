package projections

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrLagged ends a Subscription whose reader fell so far behind that
// notices had to be dropped; re-read the read models and subscribe again.
var ErrLagged = errors.New("projections: feed subscriber fell behind")

// Feed fans out the projections' notifications in process: every
// "projection X applied revision R of stream S at position P". It keeps one
// dedicated connection LISTENing (not a pooled one) and reconnects when it
// breaks, announcing a Resync notice since notices may have been missed.
type Feed struct {
	pool        *pgxpool.Pool
	projections []Projection
	logger      *slog.Logger

	mu        sync.Mutex
	subs      map[*Subscription]struct{}
	ready     chan struct{}
	readyOnce sync.Once
}

// NewFeed returns a Feed over the given projections (the set WaitFor
// waits for). Run starts listening.
func NewFeed(pool *pgxpool.Pool, projections []Projection, logger *slog.Logger) *Feed {
	if logger == nil {
		logger = slog.Default()
	}
	return &Feed{pool: pool, projections: projections, logger: logger,
		subs: map[*Subscription]struct{}{}, ready: make(chan struct{})}
}

// Ready is closed once the Feed listens; notices committed after that are
// delivered.
func (f *Feed) Ready() <-chan struct{} { return f.ready }

// Run listens until ctx ends, reconnecting with backoff.
func (f *Feed) Run(ctx context.Context) error {
	connected := false
	backoff := 50 * time.Millisecond
	for {
		err := f.listen(ctx, func() {
			if connected {
				f.dispatch(Notice{Kind: Resync})
			}
			connected = true
			backoff = 50 * time.Millisecond
			f.readyOnce.Do(func() { close(f.ready) })
		})
		if ctx.Err() != nil {
			return nil
		}
		f.logger.Warn("projections feed: listening failed, reconnecting", "error", err, "in", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (f *Feed) listen(ctx context.Context, listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, f.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		notice, err := decodeNotice(n.Payload)
		if err != nil {
			f.logger.Warn("projections feed: ignoring a malformed notice", "error", err)
			continue
		}
		f.dispatch(notice)
	}
}

// Subscription receives notices on C until Close, or until it fell behind
// (C is closed and Err returns ErrLagged).
type Subscription struct {
	C    <-chan Notice
	c    chan Notice
	feed *Feed
	err  error
	done bool
	stop func() // ends a completion tracker feeding c
}

// Subscribe returns a subscription to every notice, buffering up to
// buffer of them (default 1024).
func (f *Feed) Subscribe(buffer int) *Subscription {
	if buffer <= 0 {
		buffer = 1024
	}
	c := make(chan Notice, buffer)
	s := &Subscription{C: c, c: c, feed: f}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	return s
}

// Close ends the subscription.
func (s *Subscription) Close() {
	if s.stop != nil {
		s.stop()
	}
	s.feed.mu.Lock()
	defer s.feed.mu.Unlock()
	s.end(nil)
}

// Err reports why C was closed: ErrLagged, or nil after Close.
func (s *Subscription) Err() error {
	s.feed.mu.Lock()
	defer s.feed.mu.Unlock()
	return s.err
}

// end is called with feed.mu held.
func (s *Subscription) end(err error) {
	if s.done {
		return
	}
	s.done, s.err = true, err
	delete(s.feed.subs, s)
	close(s.c)
}

func (f *Feed) dispatch(n Notice) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		select {
		case s.c <- n:
		default:
			s.end(ErrLagged)
		}
	}
}
