package transport

import (
	"crypto/sha256"
	"sync"
	"time"
)

// rateLimiter is a token bucket per key. Buckets unused for idleAfter are
// forgotten by a sweep that runs inline at most once per idleAfter, so no
// goroutine is needed and memory follows the number of active tokens.
type rateLimiter struct {
	perSecond float64
	burst     float64
	idleAfter time.Duration
	now       func() time.Time

	mu        sync.Mutex
	buckets   map[[sha256.Size]byte]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(cfg RateLimitConfig, now func() time.Time) *rateLimiter {
	return &rateLimiter{
		perSecond: cfg.PerSecond,
		burst:     float64(cfg.Burst),
		idleAfter: cfg.IdleAfter,
		now:       now,
		buckets:   map[[sha256.Size]byte]*bucket{},
		lastSweep: now(),
	}
}

// allow takes a token from the bucket of bearerToken. When it is empty it
// returns false and how long until the next token.
func (l *rateLimiter) allow(bearerToken string) (bool, time.Duration) {
	// Keyed by a hash: the map lives long and should not hold secrets.
	key := sha256.Sum256([]byte(bearerToken))
	now := l.now()

	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= l.idleAfter {
		for k, b := range l.buckets {
			if now.Sub(b.last) >= l.idleAfter {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.perSecond)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.perSecond * float64(time.Second))
}

// size is the number of buckets held, for tests.
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
