package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// CooperationConceptResolver renders a cooperation concept from its state.
// History fields (revisions, revisionByNumber, diff, blame) belong to the
// read side.
type CooperationConceptResolver struct {
	root *Resolver
	c    *cooperation.Concept
}

func (r *Resolver) NewConcept(c *cooperation.Concept) *CooperationConceptResolver {
	return &CooperationConceptResolver{root: r, c: c}
}

func (c *CooperationConceptResolver) ID() graphql.ID         { return SubjectID(c.c.ID) }
func (c *CooperationConceptResolver) Kind() string           { return string(c.c.Kind) }
func (c *CooperationConceptResolver) Title() string          { return c.c.Content.Title }
func (c *CooperationConceptResolver) Summary() string        { return c.c.Content.Summary }
func (c *CooperationConceptResolver) TargetGroups() []string { return targetGroups(c.c) }
func (c *CooperationConceptResolver) Status() string         { return string(c.c.Status) }
func (c *CooperationConceptResolver) Revision() int32        { return int32(c.c.Revision) }

func (c *CooperationConceptResolver) Partners(ctx context.Context) ([]*OrganisationResolver, error) {
	return c.root.organisationList(ctx, c.c.Content.Partners)
}

func (c *CooperationConceptResolver) Strategy(ctx context.Context) (*StrategyResolver, error) {
	return c.root.conceptStrategy(ctx, c.c)
}

func (c *CooperationConceptResolver) Pilots(ctx context.Context) []*PilotResolver {
	return c.root.pilots(ctx, c.c.Content.Pilots)
}

// Evaluation is the latest evaluation, null before the first.
func (c *CooperationConceptResolver) Evaluation(ctx context.Context) *EvaluationResolver {
	evals := c.root.evaluations(ctx, c.c.Evaluations)
	if len(evals) == 0 {
		return nil
	}
	return evals[len(evals)-1]
}

func (c *CooperationConceptResolver) Evaluations(ctx context.Context) []*EvaluationResolver {
	return c.root.evaluations(ctx, c.c.Evaluations)
}

func (c *CooperationConceptResolver) CreatedAt(ctx context.Context) (DateTime, error) {
	return c.root.createdAt(ctx, c.c.ID, c.c.Revision)
}

func (c *CooperationConceptResolver) UpdatedAt(ctx context.Context) (DateTime, error) {
	return c.root.updatedAt(ctx, c.c.ID, c.c.Revision)
}

func (c *CooperationConceptResolver) CreatedBy(ctx context.Context) (*ActorResolver, error) {
	return c.root.createdBy(ctx, c.c.ID, c.c.Revision)
}

func (c *CooperationConceptResolver) UpdatedBy(ctx context.Context) (*ActorResolver, error) {
	return c.root.updatedBy(ctx, c.c.ID, c.c.Revision)
}

// ViewerCanEdit follows app.Authorize: PLANNER of a partner organisation,
// or ADMIN.
func (c *CooperationConceptResolver) ViewerCanEdit(ctx context.Context) (bool, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return false, err
	}
	return app.CanEdit(actor, c.c), nil
}

func (c *CooperationConceptResolver) Versions(ctx context.Context) []*NamedVersionResolver {
	out := make([]*NamedVersionResolver, len(c.c.Versions))
	for i, v := range c.c.Versions {
		out[i] = c.root.conceptVersion(v)
	}
	c.root.prefetchVersionActors(ctx, out)
	return out
}

func (c *CooperationConceptResolver) Snapshot(ctx context.Context, args struct{ At RevisionSelector }) (*CooperationConceptSnapshotResolver, error) {
	n, err := c.root.selectRevision(ctx, c.c.ID, c.c.Revision, args.At, func(name string) (int, bool) {
		for _, v := range c.c.Versions {
			if v.Name == name {
				return v.Revision, true
			}
		}
		return 0, false
	})
	if err != nil {
		return nil, err
	}
	return c.root.conceptSnapshot(ctx, c.c.ID, n)
}

// concept loads the latest state of a concept through the request's loader.
func (r *Resolver) concept(ctx context.Context, id uuid.UUID) (*CooperationConceptResolver, error) {
	state, err := r.loaders(ctx).concepts.Load(ctx, id)()
	if err != nil {
		return nil, Fail(err)
	}
	return r.NewConcept(state), nil
}

// conceptStrategy is the strategy a concept belongs to, null for none.
func (r *Resolver) conceptStrategy(ctx context.Context, c *cooperation.Concept) (*StrategyResolver, error) {
	if c.Content.StrategyID == nil {
		return nil, nil
	}
	return r.strategy(ctx, *c.Content.StrategyID)
}

// targetGroups is never null: the contract's list is non-null.
func targetGroups(c *cooperation.Concept) []string {
	if c.Content.TargetGroups == nil {
		return []string{}
	}
	return c.Content.TargetGroups
}

// PilotResolver renders one pilot of a concept.
type PilotResolver struct {
	root *Resolver
	p    cooperation.Pilot
}

func (p *PilotResolver) Key() graphql.ID     { return ItemKey(p.p.Key) }
func (p *PilotResolver) StartDate() Date     { return Date(p.p.StartDate) }
func (p *PilotResolver) Participants() int32 { return int32(p.p.Participants) }
func (p *PilotResolver) Status() string      { return string(p.p.Status) }
func (p *PilotResolver) Outcome() *string    { return Optional(p.p.Outcome) }
func (p *PilotResolver) Lessons() *string    { return Optional(p.p.Lessons) }

func (p *PilotResolver) EndDate() *Date {
	if p.p.EndDate == nil {
		return nil
	}
	return new(Date(*p.p.EndDate))
}

func (p *PilotResolver) Location(ctx context.Context) (*LocationResolver, error) {
	return p.root.location(ctx, p.p.LocationID)
}

// pilots renders pilots and registers their locations, when selected, in
// one batch.
func (r *Resolver) pilots(ctx context.Context, items []cooperation.Pilot) []*PilotResolver {
	if p, ok := r.prefetcher(ctx); ok && SelectionOf(ctx).Has("location") {
		for _, pilot := range items {
			p.locations(pilot.LocationID)
		}
	}
	out := make([]*PilotResolver, len(items))
	for i, pilot := range items {
		out[i] = &PilotResolver{root: r, p: pilot}
	}
	return out
}

// EvaluationResolver renders one round's verdict on the pilots.
type EvaluationResolver struct {
	root *Resolver
	e    cooperation.Evaluation
}

func (e *EvaluationResolver) Recommendation() string { return string(e.e.Recommendation) }
func (e *EvaluationResolver) Findings() string       { return e.e.Findings }
func (e *EvaluationResolver) At() DateTime           { return NewDateTime(e.e.At) }

func (e *EvaluationResolver) EvaluatedBy(ctx context.Context) (*ActorResolver, error) {
	return e.root.ActorByID(ctx, e.e.EvaluatedBy)
}

// evaluations renders evaluations oldest first and registers their
// evaluators when selected.
func (r *Resolver) evaluations(ctx context.Context, items []cooperation.Evaluation) []*EvaluationResolver {
	if sel := SelectionOf(ctx); sel.Has("evaluatedBy") {
		ids := make([]uuid.UUID, len(items))
		for i, e := range items {
			ids[i] = e.EvaluatedBy
		}
		r.prefetchActors(ctx, sel.Under("evaluatedBy"), ids)
	}
	out := make([]*EvaluationResolver, len(items))
	for i, e := range items {
		out[i] = &EvaluationResolver{root: r, e: e}
	}
	return out
}

// PublishedAt is when an ADMIN published the concept; nil while it is not
// public.
func (c *CooperationConceptResolver) PublishedAt() *DateTime {
	if c.c.PublishedAt == nil {
		return nil
	}
	return new(NewDateTime(*c.c.PublishedAt))
}
