package projections

import "github.com/ThreeDotsLabs/watermill/message"

// RebuildLockKey exposes the rebuild lock to tests.
var RebuildLockKey = rebuildLockKey

// HandleWithoutTransport handles msg for the named projection the way a
// transport without transactions (JetStream) would have it handled.
func (r *Runner) HandleWithoutTransport(name string, msg *message.Message) error {
	p, _ := r.projection(name)
	h := &handler{pool: r.cfg.Pool, applier: r.applier, target: target{projection: p, schema: p.Schema(), live: true}}
	return h.handle(msg)
}

// Idle reports whether every consumer group of r waits for the outbox's
// notification rather than polling.
func (r *Runner) Idle() bool {
	for _, p := range r.pacers {
		if !p.waiting() {
			return false
		}
	}
	return true
}
