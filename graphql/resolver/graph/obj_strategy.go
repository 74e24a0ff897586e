package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain/strategy"
)

// StrategyResolver renders a Strategy from its state: the live document
// loaded with app.Load, or the state a mutation produced. History fields
// (revisions, revisionByNumber, diff, blame) and progress belong to the
// read side.
type StrategyResolver struct {
	root *Resolver
	s    *strategy.Strategy
}

func (r *Resolver) NewStrategy(s *strategy.Strategy) *StrategyResolver {
	return &StrategyResolver{root: r, s: s}
}

func (s *StrategyResolver) ID() graphql.ID         { return SubjectID(s.s.ID) }
func (s *StrategyResolver) Title() string          { return s.s.Title }
func (s *StrategyResolver) Vision() string         { return s.s.Vision }
func (s *StrategyResolver) StartYear() int32       { return int32(s.s.StartYear) }
func (s *StrategyResolver) EndYear() int32         { return int32(s.s.EndYear()) }
func (s *StrategyResolver) Status() string         { return string(s.s.Status) }
func (s *StrategyResolver) Revision() int32        { return int32(s.s.Revision) }
func (s *StrategyResolver) ContentRevision() int32 { return int32(s.s.ContentRevision) }

func (s *StrategyResolver) Locations(ctx context.Context) ([]*LocationResolver, error) {
	return s.root.locationList(ctx, s.s.Locations)
}

func (s *StrategyResolver) Partners(ctx context.Context) ([]*OrganisationResolver, error) {
	return s.root.partners(ctx, s.s.Partnerships)
}

func (s *StrategyResolver) Partnerships(ctx context.Context) ([]*PartnershipResolver, error) {
	return s.root.partnerships(ctx, s.s.Partnerships)
}

func (s *StrategyResolver) Sections() []*SectionResolver { return sections(s.s.Sections) }

func (s *StrategyResolver) Priorities(ctx context.Context) []*PriorityResolver {
	return s.root.priorities(ctx, &s.s.Content)
}

func (s *StrategyResolver) CreatedAt(ctx context.Context) (DateTime, error) {
	return s.root.createdAt(ctx, s.s.ID, s.s.Revision)
}

func (s *StrategyResolver) UpdatedAt(ctx context.Context) (DateTime, error) {
	return s.root.updatedAt(ctx, s.s.ID, s.s.Revision)
}

func (s *StrategyResolver) CreatedBy(ctx context.Context) (*ActorResolver, error) {
	return s.root.createdBy(ctx, s.s.ID, s.s.Revision)
}

func (s *StrategyResolver) UpdatedBy(ctx context.Context) (*ActorResolver, error) {
	return s.root.updatedBy(ctx, s.s.ID, s.s.Revision)
}

// ViewerCanEdit is whether the caller may run content and workflow
// mutations on the strategy, by app.Authorize's rule (PLANNER of a partner
// organisation, or ADMIN). Whether the status allows an edit now is the
// status's business: an ADOPTED strategy still accepts reopenStrategy.
func (s *StrategyResolver) ViewerCanEdit(ctx context.Context) (bool, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return false, err
	}
	return app.CanEdit(actor, s.s), nil
}

// ViewerCanReview is whether reviewStrategy would be accepted from the
// caller now: a REVIEWER (or ADMIN, by app.Authorize), and the strategy
// IN_REVIEW, the only state reviews are taken in.
func (s *StrategyResolver) ViewerCanReview(ctx context.Context) (bool, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return false, err
	}
	return app.CanReview(actor) && s.s.Status == strategy.StatusInReview, nil
}

// ViewerCanAdopt is whether the caller may adopt the strategy now: as for
// editing (PLANNER of a partner organisation, or ADMIN) and IN_REVIEW.
// Readiness (approvals) is adoptionReadiness's to tell.
func (s *StrategyResolver) ViewerCanAdopt(ctx context.Context) (bool, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return false, err
	}
	allowed := app.Authorize(actor, strategy.AdoptStrategy{}.Describe(), s.s, strategy.AdoptStrategy{}) == nil
	return allowed && s.s.Status == strategy.StatusInReview, nil
}

func (s *StrategyResolver) AdoptionReadiness() *AdoptionReadinessResolver {
	return &AdoptionReadinessResolver{root: s.root, strategyID: s.s.ID, r: s.s.Readiness()}
}

func (s *StrategyResolver) LastAdopted() *NamedVersionResolver {
	v, ok := s.s.AdoptedVersion()
	if !ok {
		return nil
	}
	return s.root.strategyVersion(v)
}

func (s *StrategyResolver) Versions(ctx context.Context) []*NamedVersionResolver {
	out := make([]*NamedVersionResolver, len(s.s.Versions))
	for i, v := range s.s.Versions {
		out[i] = s.root.strategyVersion(v)
	}
	s.root.prefetchVersionActors(ctx, out)
	return out
}

// Reviews are every review of every content revision, oldest first.
func (s *StrategyResolver) Reviews(ctx context.Context) []*ReviewResolver {
	return s.root.reviews(ctx, s.s.ID, s.s.Reviews)
}

func (s *StrategyResolver) Snapshot(ctx context.Context, args struct{ At RevisionSelector }) (*StrategySnapshotResolver, error) {
	n, err := s.root.selectRevision(ctx, s.s.ID, s.s.Revision, args.At, func(name string) (int, bool) {
		v, ok := s.s.Version(name)
		return v.Revision, ok
	})
	if err != nil {
		return nil, err
	}
	return s.root.strategySnapshot(ctx, s.s.ID, n)
}

// strategy loads the latest state of a strategy through the request's
// loader.
func (r *Resolver) strategy(ctx context.Context, id uuid.UUID) (*StrategyResolver, error) {
	state, err := r.loaders(ctx).strategies.Load(ctx, id)()
	if err != nil {
		return nil, Fail(err)
	}
	return r.NewStrategy(state), nil
}

// PublishedAt is when an ADMIN published the strategy; nil while it is not
// public.
func (s *StrategyResolver) PublishedAt() *DateTime {
	if s.s.PublishedAt == nil {
		return nil
	}
	return new(NewDateTime(*s.s.PublishedAt))
}
