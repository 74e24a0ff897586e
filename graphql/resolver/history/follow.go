package history

import (
	"context"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/follow"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// followRevisions runs a subscription to revisions (Start): it is told of
// a revision once both the documents projection (the subject as a client
// re-reading it sees it) and the history projection (the revision) hold
// it.
func (r *Revisions) followRevisions(ctx context.Context, actor domain.Actor, allowed func(domain.Actor) bool, src follow.Source[*readmodel.Revision], start func(context.Context) error) (<-chan *graph.RevisionResolver, error) {
	cfg := follow.Config{
		Feed: r.Deps.Feed, Models: []string{documents.Name, history.Name},
		Actor: actor, Allowed: allowed, Users: r.Deps.Users, Recheck: r.Deps.AccessRecheck, Logger: r.Deps.Logger,
	}
	return follow.Start(ctx, cfg, src, start, r.NewRevision)
}
