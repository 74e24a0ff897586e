package graph

import (
	"context"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/strategy"
)

// ReviewResolver renders one reviewer's decision on one content revision.
type ReviewResolver struct {
	root       *Resolver
	strategyID uuid.UUID
	r          strategy.Review
}

func (r *ReviewResolver) ID() graphql.ID         { return reviewID(r.strategyID, r.r.ID) }
func (r *ReviewResolver) ContentRevision() int32 { return int32(r.r.ContentRevision) }
func (r *ReviewResolver) Decision() string       { return string(r.r.Decision) }
func (r *ReviewResolver) Comment() *string       { return Optional(r.r.Comment) }
func (r *ReviewResolver) At() DateTime           { return NewDateTime(r.r.At) }

func (r *ReviewResolver) Reviewer(ctx context.Context) (*ActorResolver, error) {
	return r.root.ActorByID(ctx, r.r.ReviewerID)
}

// reviews renders reviews in the given order and registers their
// reviewers when selected.
func (r *Resolver) reviews(ctx context.Context, strategyID uuid.UUID, items []strategy.Review) []*ReviewResolver {
	out := make([]*ReviewResolver, len(items))
	ids := make([]uuid.UUID, len(items))
	for i, rv := range items {
		out[i] = &ReviewResolver{root: r, strategyID: strategyID, r: rv}
		ids[i] = rv.ReviewerID
	}
	if sel := SelectionOf(ctx); sel.Has("reviewer") {
		r.prefetchActors(ctx, sel.Under("reviewer"), ids)
	}
	return out
}

// AdoptionReadinessResolver tells whether adoptStrategy would succeed now.
type AdoptionReadinessResolver struct {
	root       *Resolver
	strategyID uuid.UUID
	r          strategy.Readiness
}

func (a *AdoptionReadinessResolver) Ready() bool         { return a.r.Ready }
func (a *AdoptionReadinessResolver) Countries() []string { return a.r.Countries }
func (a *AdoptionReadinessResolver) Missing() []string   { return a.r.Missing }

func (a *AdoptionReadinessResolver) Approvals(ctx context.Context) []*ReviewResolver {
	return a.root.reviews(ctx, a.strategyID, a.r.Approvals)
}

// NamedVersionResolver renders a name given to a revision of a strategy or
// a cooperation concept.
type NamedVersionResolver struct {
	root      *Resolver
	name      string
	revision  int
	note      string
	createdAt time.Time
	createdBy uuid.UUID
}

func (r *Resolver) strategyVersion(v strategy.NamedVersion) *NamedVersionResolver {
	return &NamedVersionResolver{root: r, name: v.Name, revision: v.Revision, note: v.Note, createdAt: v.CreatedAt, createdBy: v.CreatedBy}
}

func (r *Resolver) conceptVersion(v cooperation.NamedVersion) *NamedVersionResolver {
	return &NamedVersionResolver{root: r, name: v.Name, revision: v.Revision, note: v.Note, createdAt: v.CreatedAt, createdBy: v.CreatedBy}
}

func (v *NamedVersionResolver) Name() string        { return v.name }
func (v *NamedVersionResolver) Revision() int32     { return int32(v.revision) }
func (v *NamedVersionResolver) Note() *string       { return Optional(v.note) }
func (v *NamedVersionResolver) CreatedAt() DateTime { return NewDateTime(v.createdAt) }

func (v *NamedVersionResolver) CreatedBy(ctx context.Context) (*ActorResolver, error) {
	return v.root.ActorByID(ctx, v.createdBy)
}

// prefetchVersionActors registers the creators of named versions when
// selected.
func (r *Resolver) prefetchVersionActors(ctx context.Context, versions []*NamedVersionResolver) {
	sel := SelectionOf(ctx)
	if !sel.Has("createdBy") {
		return
	}
	ids := make([]uuid.UUID, len(versions))
	for i, v := range versions {
		ids[i] = v.createdBy
	}
	r.prefetchActors(ctx, sel.Under("createdBy"), ids)
}
