package app

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"
)

// streamQueue serialises the commands of one process per key (the stream
// id, or the command id of a create): a hot document then costs its
// co-editors a wait in line instead of decisions that lose the append race
// and are made again. Across processes the unique (stream, version) of the
// events table still decides; this only keeps one process from racing
// itself.
type streamQueue struct {
	mu    sync.Mutex
	slots map[uuid.UUID]*slot
}

// slot is one key's turn: a one-token channel (so waiting can end with the
// context) and the number of commands holding or waiting for it, so the map
// forgets keys nobody uses.
type slot struct {
	token chan struct{}
	refs  int
}

// enter waits for key's turn; the returned leave must be called exactly
// once. It fails only when ctx ends while waiting.
func (q *streamQueue) enter(ctx context.Context, key uuid.UUID) (leave func(), err error) {
	q.mu.Lock()
	if q.slots == nil {
		q.slots = map[uuid.UUID]*slot{}
	}
	s := q.slots[key]
	if s == nil {
		s = &slot{token: make(chan struct{}, 1)}
		q.slots[key] = s
	}
	s.refs++
	q.mu.Unlock()
	release := func() {
		q.mu.Lock()
		if s.refs--; s.refs == 0 {
			delete(q.slots, key)
		}
		q.mu.Unlock()
	}
	select {
	case s.token <- struct{}{}:
		return func() { <-s.token; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}

// backoff waits before the attempt-th retry of a command that lost the
// append race to another process: exponential from 1 ms, capped at 64 ms,
// with full jitter so that the losers of one race do not meet again at the
// same instant.
func backoff(ctx context.Context, attempt int) error {
	ceiling := time.Millisecond << min(attempt-1, 6)
	t := time.NewTimer(rand.N(ceiling) + time.Millisecond/4)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
