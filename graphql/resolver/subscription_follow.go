package resolver

import (
	"context"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// followRevisions runs a subscription to revisions (Start): it is told of
// a revision once both the documents projection (the subject as a client
// re-reading it sees it) and the history projection (the revision) hold
// it.
func (r *Root) followRevisions(ctx context.Context, actor domain.Actor, allowed func(domain.Actor) bool, src Source[*readmodel.Revision], start func(context.Context) error) (<-chan *RevisionResolver, error) {
	cfg := Config{
		Feed: r.deps.Feed, Models: []string{documents.Name, history.Name},
		Actor: actor, Allowed: allowed, Users: r.deps.Users, Recheck: r.deps.AccessRecheck, Logger: r.deps.Logger,
	}
	return Start(ctx, cfg, src, start, r.newRevision)
}
