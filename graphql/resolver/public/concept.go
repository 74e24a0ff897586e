package public

import (
	"context"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// A public cooperation concept: its content, pilots and evaluations.

// PublicConceptResolver renders an adopted, published concept.
type PublicConceptResolver struct {
	view        *reading
	c           *cooperation.Concept
	edition     *PublicEditionResolver
	publishedAt time.Time
	refs        publicRefs
}

func (c *PublicConceptResolver) ID() graphql.ID                  { return graph.SubjectID(c.c.ID) }
func (c *PublicConceptResolver) Title() string                   { return c.c.Content.Title }
func (c *PublicConceptResolver) Edition() *PublicEditionResolver { return c.edition }
func (c *PublicConceptResolver) PublishedAt() graph.DateTime     { return graph.NewDateTime(c.publishedAt) }
func (c *PublicConceptResolver) Kind() string                    { return string(c.c.Kind) }
func (c *PublicConceptResolver) Summary() string                 { return c.c.Content.Summary }

func (c *PublicConceptResolver) TargetGroups() []string {
	return append([]string{}, c.c.Content.TargetGroups...)
}

func (c *PublicConceptResolver) loadRefs(ctx context.Context) error {
	var locs []uuid.UUID
	for _, p := range c.c.Content.Pilots {
		locs = append(locs, p.LocationID)
	}
	return graph.Fail(c.refs.load(ctx, c.view, c.c.Content.Partners, locs))
}

func (c *PublicConceptResolver) Partners(ctx context.Context) ([]*PublicOrganisationResolver, error) {
	if err := c.loadRefs(ctx); err != nil {
		return nil, err
	}
	out := make([]*PublicOrganisationResolver, 0, len(c.c.Content.Partners))
	for _, id := range c.c.Content.Partners {
		if org := c.refs.organisation(id); org != nil {
			out = append(out, org)
		}
	}
	return out, nil
}

// Strategy is the concept's strategy when that is published too: the
// public view never says more about a strategy than its public edition.
func (c *PublicConceptResolver) Strategy(ctx context.Context) (*PublicStrategyResolver, error) {
	if c.c.Content.StrategyID == nil {
		return nil, nil
	}
	s, err := c.view.publicStrategy(ctx, *c.c.Content.StrategyID)
	return s, graph.Fail(err)
}

func (c *PublicConceptResolver) Pilots(ctx context.Context) ([]*PublicPilotResolver, error) {
	if err := c.loadRefs(ctx); err != nil {
		return nil, err
	}
	out := make([]*PublicPilotResolver, 0, len(c.c.Content.Pilots))
	for i := range c.c.Content.Pilots {
		p := &c.c.Content.Pilots[i]
		loc := c.refs.locs[p.LocationID]
		if loc == nil {
			continue
		}
		out = append(out, &PublicPilotResolver{p: p, location: &PublicLocationResolver{l: loc}})
	}
	return out, nil
}

// Evaluation is the latest evaluation, the one that recommended adoption.
func (c *PublicConceptResolver) Evaluation() *PublicEvaluationResolver {
	if len(c.c.Evaluations) == 0 {
		return nil
	}
	return &PublicEvaluationResolver{e: &c.c.Evaluations[len(c.c.Evaluations)-1]}
}

// PublicPilotResolver is a pilot and its published results.
type PublicPilotResolver struct {
	p        *cooperation.Pilot
	location *PublicLocationResolver
}

func (p *PublicPilotResolver) Key() graphql.ID                   { return graph.ItemKey(p.p.Key) }
func (p *PublicPilotResolver) Location() *PublicLocationResolver { return p.location }
func (p *PublicPilotResolver) StartDate() graph.Date             { return graph.Date(p.p.StartDate) }
func (p *PublicPilotResolver) Participants() int32               { return int32(p.p.Participants) }
func (p *PublicPilotResolver) Status() string                    { return string(p.p.Status) }
func (p *PublicPilotResolver) Outcome() *string                  { return graph.Optional(p.p.Outcome) }
func (p *PublicPilotResolver) Lessons() *string                  { return graph.Optional(p.p.Lessons) }

func (p *PublicPilotResolver) EndDate() *graph.Date {
	if p.p.EndDate == nil {
		return nil
	}
	return new(graph.Date(*p.p.EndDate))
}

// PublicEvaluationResolver is an evaluation without its evaluator.
type PublicEvaluationResolver struct{ e *cooperation.Evaluation }

func (e *PublicEvaluationResolver) Recommendation() string { return string(e.e.Recommendation) }
func (e *PublicEvaluationResolver) Findings() string       { return e.e.Findings }
func (e *PublicEvaluationResolver) At() graph.DateTime     { return graph.NewDateTime(e.e.At) }
