package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/strategy"
)

// RevisionSelector is the contract's @oneOf input picking one revision of
// a document.
type RevisionSelector struct {
	Number      *int32
	AsOf        *DateTime
	VersionName *string
}

// selectRevision turns a selector into a revision number of the document
// id, whose latest revision is current; versions finds named versions.
// Anything out of range is NOT_FOUND, as the contract says.
func (r *Resolver) selectRevision(ctx context.Context, id uuid.UUID, current int, at RevisionSelector, versions func(name string) (int, bool)) (int, error) {
	set := 0
	for _, given := range []bool{at.Number != nil, at.AsOf != nil, at.VersionName != nil} {
		if given {
			set++
		}
	}
	if set != 1 {
		return 0, ArgumentError(domain.Invalid("at", "must set exactly one of number, asOf and versionName"))
	}
	switch {
	case at.Number != nil:
		n := int(*at.Number)
		if n < 1 || n > current {
			return 0, Fail(domain.NotFound("revision"))
		}
		return n, nil
	case at.AsOf != nil:
		instant, err := at.AsOf.parse()
		if err != nil {
			return 0, ArgumentError(&domain.ValidationError{Fields: []domain.FieldError{{Path: []string{"at", "asOf"}, Message: err.Error()}}})
		}
		n, err := r.Deps.App.RevisionAt(ctx, id, instant)
		if err != nil {
			return 0, Fail(err)
		}
		if n == 0 {
			return 0, Fail(domain.NotFound("revision"))
		}
		return min(n, current), nil
	default:
		n, ok := versions(*at.VersionName)
		if !ok {
			return 0, Fail(domain.NotFound("named version"))
		}
		return n, nil
	}
}

// StrategySnapshotResolver renders a strategy's content at one revision.
type StrategySnapshotResolver struct {
	root   *Resolver
	id     uuid.UUID
	number int
	s      *strategy.Strategy
}

func (r *Resolver) strategySnapshot(ctx context.Context, id uuid.UUID, number int) (*StrategySnapshotResolver, error) {
	loaded, err := app.Load(ctx, r.Deps.App, app.Strategies, id, number)
	if err != nil {
		return nil, Fail(err)
	}
	return &StrategySnapshotResolver{root: r, id: id, number: number, s: loaded.State}, nil
}

func (s *StrategySnapshotResolver) ID() graphql.ID   { return snapshotID(s.id, s.number) }
func (s *StrategySnapshotResolver) Title() string    { return s.s.Title }
func (s *StrategySnapshotResolver) Vision() string   { return s.s.Vision }
func (s *StrategySnapshotResolver) StartYear() int32 { return int32(s.s.StartYear) }
func (s *StrategySnapshotResolver) EndYear() int32   { return int32(s.s.EndYear()) }
func (s *StrategySnapshotResolver) Status() string   { return string(s.s.Status) }

// Strategy is the live document the snapshot was taken from.
func (s *StrategySnapshotResolver) Strategy(ctx context.Context) (*StrategyResolver, error) {
	return s.root.strategy(ctx, s.id)
}

func (s *StrategySnapshotResolver) Revision(ctx context.Context) (*RevisionResolver, error) {
	return s.root.revisionNode(ctx, domain.SubjectStrategy, s.id, s.number)
}

func (s *StrategySnapshotResolver) Locations(ctx context.Context) ([]*LocationResolver, error) {
	return s.root.locationList(ctx, s.s.Locations)
}

func (s *StrategySnapshotResolver) Partnerships(ctx context.Context) ([]*PartnershipResolver, error) {
	return s.root.partnerships(ctx, s.s.Partnerships)
}

func (s *StrategySnapshotResolver) Sections() []*SectionResolver { return sections(s.s.Sections) }

func (s *StrategySnapshotResolver) Priorities(ctx context.Context) []*PriorityResolver {
	return s.root.priorities(ctx, &s.s.Content)
}

// CooperationConceptSnapshotResolver renders a concept at one revision.
type CooperationConceptSnapshotResolver struct {
	root   *Resolver
	id     uuid.UUID
	number int
	c      *cooperation.Concept
}

func (r *Resolver) conceptSnapshot(ctx context.Context, id uuid.UUID, number int) (*CooperationConceptSnapshotResolver, error) {
	loaded, err := app.Load(ctx, r.Deps.App, app.Concepts, id, number)
	if err != nil {
		return nil, Fail(err)
	}
	return &CooperationConceptSnapshotResolver{root: r, id: id, number: number, c: loaded.State}, nil
}

func (s *CooperationConceptSnapshotResolver) ID() graphql.ID         { return snapshotID(s.id, s.number) }
func (s *CooperationConceptSnapshotResolver) Kind() string           { return string(s.c.Kind) }
func (s *CooperationConceptSnapshotResolver) Title() string          { return s.c.Content.Title }
func (s *CooperationConceptSnapshotResolver) Summary() string        { return s.c.Content.Summary }
func (s *CooperationConceptSnapshotResolver) TargetGroups() []string { return targetGroups(s.c) }
func (s *CooperationConceptSnapshotResolver) Status() string         { return string(s.c.Status) }

func (s *CooperationConceptSnapshotResolver) CooperationConcept(ctx context.Context) (*CooperationConceptResolver, error) {
	return s.root.concept(ctx, s.id)
}

func (s *CooperationConceptSnapshotResolver) Revision(ctx context.Context) (*RevisionResolver, error) {
	return s.root.revisionNode(ctx, domain.SubjectCooperationConcept, s.id, s.number)
}

func (s *CooperationConceptSnapshotResolver) Partners(ctx context.Context) ([]*OrganisationResolver, error) {
	return s.root.organisationList(ctx, s.c.Content.Partners)
}

func (s *CooperationConceptSnapshotResolver) Strategy(ctx context.Context) (*StrategyResolver, error) {
	return s.root.conceptStrategy(ctx, s.c)
}

func (s *CooperationConceptSnapshotResolver) Pilots(ctx context.Context) []*PilotResolver {
	return s.root.pilots(ctx, s.c.Content.Pilots)
}

func (s *CooperationConceptSnapshotResolver) Evaluations(ctx context.Context) []*EvaluationResolver {
	return s.root.evaluations(ctx, s.c.Evaluations)
}
