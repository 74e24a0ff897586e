package eventstore

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// OutboxChannel is the PostgreSQL channel on which appends are announced:
// projection consumers that found nothing to do wait for it instead of
// polling (projections' waker).
const OutboxChannel = "planner_outbox"

// notifier announces appends on OutboxChannel after they committed, never
// inside them: PostgreSQL serialises the commits of notifying
// transactions, flush included, which would keep concurrent appends from
// sharing a WAL flush (migration 00016). While one notification is being
// sent, further appends only mark that another is due: a burst of appends
// costs two notifications, not one each. The sending goroutine exists only
// while notifications are due. A notification lost to a crash or a failed
// connection costs consumers their safety-net poll, nothing more.
type notifier struct {
	pool    *pgxpool.Pool
	mu      sync.Mutex
	due     bool
	sending bool
}

// appended records that an append committed.
func (n *notifier) appended() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.due = true
	if !n.sending {
		n.sending = true
		go n.send()
	}
}

func (n *notifier) send() {
	for {
		n.mu.Lock()
		if !n.due {
			n.sending = false
			n.mu.Unlock()
			return
		}
		n.due = false
		n.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, _ = n.pool.Exec(ctx, `SELECT pg_notify($1, '')`, OutboxChannel) // see notifier: a lost one costs a poll
		cancel()
	}
}
