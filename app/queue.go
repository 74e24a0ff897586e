package app

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
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
// forgets keys nobody uses. handed is the state the last command left for
// the next one in line (see turn.hand), read and written by the holder of
// the token only.
type slot struct {
	token  chan struct{}
	refs   int
	handed *handedState
}

// handedState is a subject's state as the command before committed it: its
// JSON (a copy, since the command's own result goes to its caller), its
// revision and version, and what it is the state of.
type handedState struct {
	kind         domain.SubjectType
	stateVersion int
	revision     int
	version      int
	state        []byte
}

// turn is the holder's handle on its slot.
type turn struct {
	q *streamQueue
	s *slot
}

// waiting reports whether other commands wait for this turn.
func (t turn) waiting() bool {
	t.q.mu.Lock()
	defer t.q.mu.Unlock()
	return t.s.refs > 1
}

// hand leaves the state a command committed to the next one in line, which
// then needs no load: a hot document costs one round trip per command, not
// two. Only worth it when someone waits; the slot, and with it the state,
// is gone once nobody does.
func (t turn) hand(h *handedState) { t.s.handed = h }

// handed returns what the previous holder left, if anything.
func (t turn) handed() *handedState { return t.s.handed }

// enter waits for key's turn; the returned leave must be called exactly
// once. It fails only when ctx ends while waiting.
func (q *streamQueue) enter(ctx context.Context, key uuid.UUID) (t turn, leave func(), err error) {
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
		return turn{q: q, s: s}, func() { <-s.token; release() }, nil
	case <-ctx.Done():
		release()
		return turn{}, nil, ctx.Err()
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
