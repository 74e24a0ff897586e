package public

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// The content of a public strategy's edition: sections and the
// priority, objective, measure, milestone and indicator tree.

type PublicSectionResolver struct{ s *strategy.Section }

func (s *PublicSectionResolver) Key() graphql.ID { return graph.ItemKey(s.s.Key) }
func (s *PublicSectionResolver) Heading() string { return s.s.Heading }
func (s *PublicSectionResolver) Body() string    { return s.s.Body }

// PublicPriorityResolver is a priority of the edition.
type PublicPriorityResolver struct {
	strategy *PublicStrategyResolver
	p        *strategy.Priority
}

func (p *PublicPriorityResolver) Key() graphql.ID     { return graph.ItemKey(p.p.Key) }
func (p *PublicPriorityResolver) Title() string       { return p.p.Title }
func (p *PublicPriorityResolver) Description() string { return p.p.Description }

func (p *PublicPriorityResolver) Objectives() []*PublicObjectiveResolver {
	out := make([]*PublicObjectiveResolver, len(p.p.Objectives))
	for i := range p.p.Objectives {
		out[i] = &PublicObjectiveResolver{strategy: p.strategy, o: &p.p.Objectives[i]}
	}
	return out
}

// PublicObjectiveResolver is an objective of the edition.
type PublicObjectiveResolver struct {
	strategy *PublicStrategyResolver
	o        *strategy.Objective
}

func (o *PublicObjectiveResolver) Key() graphql.ID     { return graph.ItemKey(o.o.Key) }
func (o *PublicObjectiveResolver) Title() string       { return o.o.Title }
func (o *PublicObjectiveResolver) Description() string { return o.o.Description }

func (o *PublicObjectiveResolver) Measures() []*PublicMeasureResolver {
	out := make([]*PublicMeasureResolver, len(o.o.Measures))
	for i := range o.o.Measures {
		out[i] = &PublicMeasureResolver{strategy: o.strategy, m: &o.o.Measures[i]}
	}
	return out
}

func (o *PublicObjectiveResolver) Indicators() []*PublicIndicatorResolver {
	out := make([]*PublicIndicatorResolver, len(o.o.Indicators))
	for i := range o.o.Indicators {
		out[i] = &PublicIndicatorResolver{in: &o.o.Indicators[i]}
	}
	return out
}

// PublicMeasureResolver is a measure as adopted.
type PublicMeasureResolver struct {
	strategy *PublicStrategyResolver
	m        *strategy.Measure
}

func (m *PublicMeasureResolver) Key() graphql.ID     { return graph.ItemKey(m.m.Key) }
func (m *PublicMeasureResolver) Title() string       { return m.m.Title }
func (m *PublicMeasureResolver) Description() string { return m.m.Description }
func (m *PublicMeasureResolver) StartYear() int32    { return int32(m.m.StartYear) }
func (m *PublicMeasureResolver) EndYear() int32      { return int32(m.m.EndYear) }
func (m *PublicMeasureResolver) Status() string      { return string(m.m.Status) }

func (m *PublicMeasureResolver) LeadPartner(ctx context.Context) (*PublicOrganisationResolver, error) {
	if m.m.LeadPartnerID == nil {
		return nil, nil
	}
	if err := m.strategy.loadRefs(ctx); err != nil {
		return nil, err
	}
	return m.strategy.refs.organisation(*m.m.LeadPartnerID), nil
}

func (m *PublicMeasureResolver) Locations(ctx context.Context) ([]*PublicLocationResolver, error) {
	if err := m.strategy.loadRefs(ctx); err != nil {
		return nil, err
	}
	return m.strategy.refs.locations(m.m.LocationIDs), nil
}

func (m *PublicMeasureResolver) Milestones() []*PublicMilestoneResolver {
	out := make([]*PublicMilestoneResolver, len(m.m.Milestones))
	for i := range m.m.Milestones {
		out[i] = &PublicMilestoneResolver{m: &m.m.Milestones[i]}
	}
	return out
}

// PublicMilestoneResolver is a milestone as adopted.
type PublicMilestoneResolver struct{ m *strategy.Milestone }

func (m *PublicMilestoneResolver) Key() graphql.ID { return graph.ItemKey(m.m.Key) }
func (m *PublicMilestoneResolver) Title() string   { return m.m.Title }
func (m *PublicMilestoneResolver) Due() graph.Date { return graph.Date(m.m.Due) }
func (m *PublicMilestoneResolver) Done() bool      { return m.m.Done }

// PublicIndicatorResolver is an indicator as adopted.
type PublicIndicatorResolver struct{ in *strategy.Indicator }

func (i *PublicIndicatorResolver) Key() graphql.ID     { return graph.ItemKey(i.in.Key) }
func (i *PublicIndicatorResolver) Name() string        { return i.in.Name }
func (i *PublicIndicatorResolver) Unit() string        { return i.in.Unit }
func (i *PublicIndicatorResolver) Baseline() float64   { return i.in.Baseline }
func (i *PublicIndicatorResolver) BaselineYear() int32 { return int32(i.in.BaselineYear) }
func (i *PublicIndicatorResolver) Targets() []*graph.YearValueResolver {
	return graph.YearValues(i.in.Targets)
}
func (i *PublicIndicatorResolver) Actuals() []*graph.YearValueResolver {
	return graph.YearValues(i.in.Actuals)
}
