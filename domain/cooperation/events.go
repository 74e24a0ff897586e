package cooperation

import "github.com/creativeclusters/planner/domain"

// RegisterEvents adds the cooperation concept's events to r. The stored
// names are literals in each EventType method; renaming a Go type changes
// nothing, renaming a stored name orphans every stored event of that type.
func RegisterEvents(r *domain.Registry) {
	for _, factory := range []func() domain.Event{
		func() domain.Event { return new(Created) },
		func() domain.Event { return new(Updated) },
		func() domain.Event { return new(PartnerAdded) },
		func() domain.Event { return new(PartnerRemoved) },
		func() domain.Event { return new(RevisionRestored) },
		func() domain.Event { return new(PilotPlanned) },
		func() domain.Event { return new(PilotUpdated) },
		func() domain.Event { return new(PilotStarted) },
		func() domain.Event { return new(PilotCompleted) },
		func() domain.Event { return new(PilotCancelled) },
		func() domain.Event { return new(Specified) },
		func() domain.Event { return new(Evaluated) },
		func() domain.Event { return new(Adopted) },
		func() domain.Event { return new(Discontinued) },
		func() domain.Event { return new(VersionNamed) },
		func() domain.Event { return new(Published) },
		func() domain.Event { return new(Unpublished) },
	} {
		r.Register(factory)
	}
}
