package resolver

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
	root       *Root
	strategyID uuid.UUID
	r          strategy.Review
}

func (r *ReviewResolver) ID() graphql.ID         { return reviewID(r.strategyID, r.r.ID) }
func (r *ReviewResolver) ContentRevision() int32 { return int32(r.r.ContentRevision) }
func (r *ReviewResolver) Decision() string       { return string(r.r.Decision) }
func (r *ReviewResolver) Comment() *string       { return optional(r.r.Comment) }
func (r *ReviewResolver) At() DateTime           { return newDateTime(r.r.At) }

func (r *ReviewResolver) Reviewer(ctx context.Context) (*ActorResolver, error) {
	return r.root.actor(ctx, r.r.ReviewerID)
}

// reviews renders reviews in the given order and registers their
// reviewers when selected.
func (r *Root) reviews(ctx context.Context, strategyID uuid.UUID, items []strategy.Review) []*ReviewResolver {
	out := make([]*ReviewResolver, len(items))
	ids := make([]uuid.UUID, len(items))
	for i, rv := range items {
		out[i] = &ReviewResolver{root: r, strategyID: strategyID, r: rv}
		ids[i] = rv.ReviewerID
	}
	if sel := selectionOf(ctx); sel.has("reviewer") {
		r.prefetchActors(ctx, sel.under("reviewer"), ids)
	}
	return out
}

// AdoptionReadinessResolver tells whether adoptStrategy would succeed now.
type AdoptionReadinessResolver struct {
	root       *Root
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
	root      *Root
	name      string
	revision  int
	note      string
	createdAt time.Time
	createdBy uuid.UUID
}

func (r *Root) strategyVersion(v strategy.NamedVersion) *NamedVersionResolver {
	return &NamedVersionResolver{root: r, name: v.Name, revision: v.Revision, note: v.Note, createdAt: v.CreatedAt, createdBy: v.CreatedBy}
}

func (r *Root) conceptVersion(v cooperation.NamedVersion) *NamedVersionResolver {
	return &NamedVersionResolver{root: r, name: v.Name, revision: v.Revision, note: v.Note, createdAt: v.CreatedAt, createdBy: v.CreatedBy}
}

func (v *NamedVersionResolver) Name() string        { return v.name }
func (v *NamedVersionResolver) Revision() int32     { return int32(v.revision) }
func (v *NamedVersionResolver) Note() *string       { return optional(v.note) }
func (v *NamedVersionResolver) CreatedAt() DateTime { return newDateTime(v.createdAt) }

func (v *NamedVersionResolver) CreatedBy(ctx context.Context) (*ActorResolver, error) {
	return v.root.actor(ctx, v.createdBy)
}

// prefetchVersionActors registers the creators of named versions when
// selected.
func (r *Root) prefetchVersionActors(ctx context.Context, versions []*NamedVersionResolver) {
	sel := selectionOf(ctx)
	if !sel.has("createdBy") {
		return
	}
	ids := make([]uuid.UUID, len(versions))
	for i, v := range versions {
		ids[i] = v.createdBy
	}
	r.prefetchActors(ctx, sel.under("createdBy"), ids)
}
