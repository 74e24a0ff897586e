package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"
)

// Node resolves node(id) (nodeByID).
func (r *Root) Node(ctx context.Context, args struct{ ID graphql.ID }) (*NodeResolver, error) {
	return r.nodeByID(ctx, args.ID)
}

// Viewer is the authenticated caller, as the user directory knows them.
func (r *Root) Viewer(ctx context.Context) (*ActorResolver, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	return r.actor(ctx, actor.ID)
}
