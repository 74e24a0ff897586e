package auth

import (
	"context"
	"sync/atomic"
	"time"
)

// revocationChannel is the PostgreSQL NOTIFY channel on which Revoke and
// Erase announce a revocation, so that every instance's token cache (and
// not only the revoking one's) forgets at once what it trusted.
const revocationChannel = "planner_auth_revoked"

// revocations keeps one connection listening on revocationChannel. The
// token cache is used only while it listens: should the connection fail,
// every token is looked up again until a new one listens (tried again on
// a later authentication, at most once a second).
type revocations struct {
	running   atomic.Bool
	listening atomic.Bool
	lastStart atomic.Int64
}

// ensureListening starts the listener unless it runs or was started less
// than a second ago.
func (s *Users) ensureListening() {
	r := &s.revocations
	if r.running.Load() {
		return
	}
	now := time.Now().UnixNano()
	if now-r.lastStart.Load() < int64(time.Second) || !r.running.CompareAndSwap(false, true) {
		return
	}
	r.lastStart.Store(now)
	go s.listenForRevocations()
}

// listenForRevocations holds a connection of its own (taken out of the
// pool, so that closing the pool does not wait for it) until it fails:
// when the database goes or drops it.
func (s *Users) listenForRevocations() {
	r := &s.revocations
	defer r.running.Store(false)
	defer s.tokens.invalidate()
	defer r.listening.Store(false)
	ctx := context.Background()
	pooled, err := s.pool.Acquire(ctx)
	if err != nil {
		return
	}
	conn := pooled.Hijack()
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, "LISTEN "+revocationChannel); err != nil {
		return
	}
	// What was cached while nobody listened may have been revoked since.
	s.tokens.invalidate()
	r.listening.Store(true)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return
		}
		s.tokens.invalidate()
	}
}

// announceRevocation tells every instance's token cache, this one's at
// once, that tokens were revoked.
func (s *Users) announceRevocation(ctx context.Context) {
	s.tokens.invalidate()
	// Best effort: without the notice, other instances stop trusting the
	// revoked tokens within tokenTTL anyway.
	_, _ = s.pool.Exec(context.WithoutCancel(ctx), `SELECT pg_notify($1, '')`, revocationChannel)
}
