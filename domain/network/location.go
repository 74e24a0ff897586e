package network

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Location is a place where the network works: reference data that
// organisations, strategies and pilots name.
type Location struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	// Country is an ISO 3166-1 alpha-2 code in upper case, e.g. "DE".
	Country string `json:"country"`
	// Region is optional; "" means none.
	Region   string `json:"region,omitempty"`
	Revision int    `json:"revision"`
}

// exists reports whether the location was added; a stream that does not
// exist yet loads as the zero value.
func (l *Location) exists() bool { return l != nil && l.ID != uuid.Nil }

// Apply evolves the location by one event; unknown events only advance the
// revision.
func (l *Location) Apply(e domain.Event, revision int) {
	if l == nil {
		return
	}
	if ev, ok := e.(locationEvent); ok {
		ev.applyTo(l)
	}
	l.Revision = revision
}

// Document renders /name, /country and /region (null when none).
func (l *Location) Document() domain.Doc {
	if l == nil {
		return domain.NewDoc()
	}
	return domain.NewDoc().
		Set("name", l.Name).
		Set("country", l.Country).
		Set("region", optionalString(l.Region))
}

// locationEvent is implemented by the location's events: each knows how it
// changes the state, next to its definition. Implementations accept a nil
// receiver, so Apply cannot panic.
type locationEvent interface {
	domain.Event
	applyTo(l *Location)
}
