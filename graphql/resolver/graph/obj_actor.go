package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

// ActorResolver renders who issued a command, as the user directory knows
// them now: an erased person shows a pseudonym everywhere at once.
type ActorResolver struct {
	root *Resolver
	info auth.ActorInfo
}

func (r *Resolver) newActor(info auth.ActorInfo) *ActorResolver {
	return &ActorResolver{root: r, info: info}
}

func (a *ActorResolver) ID() graphql.ID { return actorID(a.info.ID) }
func (a *ActorResolver) Kind() string   { return string(a.info.Kind) }
func (a *ActorResolver) Name() string   { return a.info.Name }
func (a *ActorResolver) Erased() bool   { return a.info.Erased }

// Role is null for the system and for ids the directory does not know.
func (a *ActorResolver) Role() *string {
	if a.info.Kind == domain.ActorSystem || a.info.Role == "" {
		return nil
	}
	return new(string(a.info.Role))
}

// Organisation is null for actors without one, and for an organisation
// that cannot be found: an actor's history must not fail over it.
func (a *ActorResolver) Organisation(ctx context.Context) (*OrganisationResolver, error) {
	if a.info.OrganisationID == uuid.Nil {
		return nil, nil
	}
	org, err := a.root.OrganisationByID(ctx, a.info.OrganisationID)
	if IsNotFound(err) {
		a.root.Deps.Logger.WarnContext(ctx, "actor's organisation not found",
			"actor", a.info.ID, "organisation", a.info.OrganisationID)
		return nil, nil
	}
	return org, err
}

// actor resolves an actor id through the request's loader.
func (r *Resolver) ActorByID(ctx context.Context, id uuid.UUID) (*ActorResolver, error) {
	info, err := r.loaders(ctx).actors.Load(ctx, id)()
	if err != nil {
		return nil, Fail(err)
	}
	return r.newActor(info), nil
}

// meta returns when and by whom a document was created and last updated,
// as of revision (0: the latest).
func (r *Resolver) meta(ctx context.Context, id uuid.UUID, revision int) (streamMeta, error) {
	m, err := r.loaders(ctx).meta.Load(ctx, metaKey{ID: id, Revision: revision})()
	if err != nil {
		return streamMeta{}, Fail(err)
	}
	return m, nil
}

func (r *Resolver) createdAt(ctx context.Context, id uuid.UUID, revision int) (DateTime, error) {
	m, err := r.meta(ctx, id, revision)
	return NewDateTime(m.CreatedAt), err
}

func (r *Resolver) updatedAt(ctx context.Context, id uuid.UUID, revision int) (DateTime, error) {
	m, err := r.meta(ctx, id, revision)
	return NewDateTime(m.UpdatedAt), err
}

func (r *Resolver) createdBy(ctx context.Context, id uuid.UUID, revision int) (*ActorResolver, error) {
	m, err := r.meta(ctx, id, revision)
	if err != nil {
		return nil, err
	}
	return r.ActorByID(ctx, m.CreatedBy)
}

func (r *Resolver) updatedBy(ctx context.Context, id uuid.UUID, revision int) (*ActorResolver, error) {
	m, err := r.meta(ctx, id, revision)
	if err != nil {
		return nil, err
	}
	return r.ActorByID(ctx, m.UpdatedBy)
}
