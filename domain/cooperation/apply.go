package cooperation

import "github.com/creativeclusters/planner/domain"

// conceptEvent is implemented by every event of the package: each knows how
// it changes the state, next to its definition. Implementations accept a
// nil receiver and ignore references to missing pilots, so Apply cannot
// panic.
type conceptEvent interface {
	domain.Event
	applyTo(c *Concept)
}

// Apply evolves the concept by one event recorded in the given revision.
// Unknown events only advance the revision.
func (c *Concept) Apply(e domain.Event, revision int) {
	if c == nil {
		return
	}
	if ev, ok := e.(conceptEvent); ok {
		ev.applyTo(c)
	}
	c.Revision = revision
	if e != nil && !domain.IsWorkflow(e) {
		c.ContentRevision = revision
	}
}
