package read

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Node resolves node(id) (nodeByID).
func (r *Queries) Node(ctx context.Context, args struct{ ID graphql.ID }) (*graph.NodeResolver, error) {
	return r.NodeByID(ctx, args.ID)
}

// Viewer is the authenticated caller, as the user directory knows them.
func (r *Queries) Viewer(ctx context.Context) (*graph.ActorResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	return r.ActorByID(ctx, actor.ID)
}
