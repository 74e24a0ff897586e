package app

import (
	"sync"
	"time"

	"github.com/google/uuid"
)

// contestedFor is how long a stream on which this process lost an append
// race to another process is written under the stream's lock.
const contestedFor = time.Second

// contested remembers the streams on which this process recently lost the
// append race to another process. Their commands go straight to the
// stream's lock (eventstore.Store.Lock) for a while: two processes that
// co-edit a document then take turns through PostgreSQL instead of each
// deciding on a state the other has overtaken, which costs a retry per
// switch. Once the contention is over, a stream returns to plain appends
// (one round trip less) after contestedFor.
type contested struct {
	mu    sync.Mutex
	until map[uuid.UUID]time.Time
}

// lost records a lost race on stream at now.
func (c *contested) lost(stream uuid.UUID, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.until == nil {
		c.until = map[uuid.UUID]time.Time{}
	}
	if len(c.until) >= 1024 {
		for id, t := range c.until {
			if now.After(t) {
				delete(c.until, id)
			}
		}
	}
	c.until[stream] = now.Add(contestedFor)
}

// is reports whether stream was lost on within contestedFor before now.
func (c *contested) is(stream uuid.UUID, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.until[stream]
	if ok && now.After(t) {
		delete(c.until, stream)
		return false
	}
	return ok
}
