package auth

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/creativeclusters/planner/domain"
)

// tokenTTL bounds how long an authenticated token is trusted without
// asking the database again: a revocation by another instance takes effect
// within it; one by this instance (Revoke, Erase) at once.
const tokenTTL = time.Second

// tokenCacheLimit bounds the entries kept; past it, expired ones are swept
// and, if that is not enough, everything is dropped.
const tokenCacheLimit = 10_000

// tokenCache remembers, for at most tokenTTL, which actor a token hash
// belongs to, so that a client sending requests back to back costs one
// token lookup a second instead of one per request. Every revocation in
// this process moves the generation on, which voids all entries made
// before it.
type tokenCache struct {
	generation atomic.Uint64
	mu         sync.Mutex
	entries    map[string]tokenEntry
}

type tokenEntry struct {
	actor      domain.Actor
	generation uint64
	expires    time.Time
}

// begin returns the generation to store a lookup under; take it before the
// lookup, so that a revocation committed during the lookup voids its entry.
func (c *tokenCache) begin() uint64 { return c.generation.Load() }

func (c *tokenCache) get(hash []byte, now time.Time) (domain.Actor, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(hash)]
	if !ok || e.generation != c.generation.Load() || !now.Before(e.expires) {
		return domain.Actor{}, false
	}
	return e.actor, true
}

func (c *tokenCache) put(hash []byte, actor domain.Actor, generation uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]tokenEntry{}
	}
	if len(c.entries) >= tokenCacheLimit {
		for k, e := range c.entries {
			if !now.Before(e.expires) || e.generation != c.generation.Load() {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= tokenCacheLimit {
			clear(c.entries)
		}
	}
	c.entries[string(hash)] = tokenEntry{actor: actor, generation: generation, expires: now.Add(tokenTTL)}
}

// invalidate voids every entry: called after a token was revoked or a user
// erased.
func (c *tokenCache) invalidate() { c.generation.Add(1) }
