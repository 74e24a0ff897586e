package network

import "github.com/creativeclusters/planner/domain"

// RegisterEvents adds the network's events to r. The stored names are
// literals in each EventType method; renaming a Go type changes nothing,
// renaming a stored name orphans every stored event of that type.
func RegisterEvents(r *domain.Registry) {
	r.Register(func() domain.Event { return new(LocationAdded) })
	r.Register(func() domain.Event { return new(LocationUpdated) })
	r.Register(func() domain.Event { return new(OrganisationRegistered) })
	r.Register(func() domain.Event { return new(OrganisationUpdated) })
	r.Register(func() domain.Event { return new(ContactPersonSet) })
	r.Register(func() domain.Event { return new(ContactPersonErased) })
}
