package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
)

// The items of a strategy's content are values identified by their keys;
// the live strategy and its snapshots render them alike.

// PartnershipResolver is a partner organisation and its role in one
// strategy.
type PartnershipResolver struct {
	org  *OrganisationResolver
	role strategy.PartnerRole
}

func (p *PartnershipResolver) Organisation() *OrganisationResolver { return p.org }
func (p *PartnershipResolver) Role() string                        { return string(p.role) }

func (r *Resolver) partners(ctx context.Context, ps []strategy.Partnership) ([]*OrganisationResolver, error) {
	ids := make([]uuid.UUID, len(ps))
	for i, p := range ps {
		ids[i] = p.OrganisationID
	}
	return r.organisationList(ctx, ids)
}

func (r *Resolver) partnerships(ctx context.Context, ps []strategy.Partnership) ([]*PartnershipResolver, error) {
	orgs, err := r.partners(ctx, ps)
	if err != nil {
		return nil, err
	}
	out := make([]*PartnershipResolver, len(ps))
	for i, p := range ps {
		out[i] = &PartnershipResolver{org: orgs[i], role: p.Role}
	}
	return out, nil
}

// SectionResolver renders a chapter.
type SectionResolver struct{ s strategy.Section }

func (s *SectionResolver) Key() graphql.ID { return ItemKey(s.s.Key) }
func (s *SectionResolver) Heading() string { return s.s.Heading }
func (s *SectionResolver) Body() string    { return s.s.Body }

func sections(items []strategy.Section) []*SectionResolver {
	out := make([]*SectionResolver, len(items))
	for i, s := range items {
		out[i] = &SectionResolver{s: s}
	}
	return out
}

// priorities renders the priorities of a content; the measures below them
// reference organisations and locations, which are registered here, for all
// measures at once, when they are selected.
func (r *Resolver) priorities(ctx context.Context, c *strategy.Content) []*PriorityResolver {
	if p, ok := r.prefetcher(ctx); ok {
		p.measureRefs(SelectionOf(ctx), c.Priorities)
	}
	out := make([]*PriorityResolver, len(c.Priorities))
	for i, p := range c.Priorities {
		out[i] = &PriorityResolver{root: r, p: p}
	}
	return out
}

// PriorityResolver renders a priority and its objectives.
type PriorityResolver struct {
	root *Resolver
	p    strategy.Priority
}

func (p *PriorityResolver) Key() graphql.ID     { return ItemKey(p.p.Key) }
func (p *PriorityResolver) Title() string       { return p.p.Title }
func (p *PriorityResolver) Description() string { return p.p.Description }

func (p *PriorityResolver) Objectives() []*ObjectiveResolver {
	out := make([]*ObjectiveResolver, len(p.p.Objectives))
	for i, o := range p.p.Objectives {
		out[i] = &ObjectiveResolver{root: p.root, o: o}
	}
	return out
}

// ObjectiveResolver renders an objective, its measures and indicators.
type ObjectiveResolver struct {
	root *Resolver
	o    strategy.Objective
}

func (o *ObjectiveResolver) Key() graphql.ID     { return ItemKey(o.o.Key) }
func (o *ObjectiveResolver) Title() string       { return o.o.Title }
func (o *ObjectiveResolver) Description() string { return o.o.Description }

func (o *ObjectiveResolver) Measures() []*MeasureResolver {
	out := make([]*MeasureResolver, len(o.o.Measures))
	for i, m := range o.o.Measures {
		out[i] = &MeasureResolver{root: o.root, m: m}
	}
	return out
}

func (o *ObjectiveResolver) Indicators() []*IndicatorResolver {
	out := make([]*IndicatorResolver, len(o.o.Indicators))
	for i, in := range o.o.Indicators {
		out[i] = &IndicatorResolver{in: in}
	}
	return out
}

// MeasureResolver renders a measure.
type MeasureResolver struct {
	root *Resolver
	m    strategy.Measure
}

func (m *MeasureResolver) Key() graphql.ID     { return ItemKey(m.m.Key) }
func (m *MeasureResolver) Title() string       { return m.m.Title }
func (m *MeasureResolver) Description() string { return m.m.Description }
func (m *MeasureResolver) StartYear() int32    { return int32(m.m.StartYear) }
func (m *MeasureResolver) EndYear() int32      { return int32(m.m.EndYear) }
func (m *MeasureResolver) Status() string      { return string(m.m.Status) }

func (m *MeasureResolver) LeadPartner(ctx context.Context) (*OrganisationResolver, error) {
	if m.m.LeadPartnerID == nil {
		return nil, nil
	}
	return m.root.OrganisationByID(ctx, *m.m.LeadPartnerID)
}

func (m *MeasureResolver) Locations(ctx context.Context) ([]*LocationResolver, error) {
	return m.root.locationList(ctx, m.m.LocationIDs)
}

func (m *MeasureResolver) Milestones() []*MilestoneResolver {
	out := make([]*MilestoneResolver, len(m.m.Milestones))
	for i, ms := range m.m.Milestones {
		out[i] = &MilestoneResolver{m: ms}
	}
	return out
}

// MilestoneResolver renders a dated step of a measure.
type MilestoneResolver struct{ m strategy.Milestone }

func (m *MilestoneResolver) Key() graphql.ID { return ItemKey(m.m.Key) }
func (m *MilestoneResolver) Title() string   { return m.m.Title }
func (m *MilestoneResolver) Due() Date       { return Date(m.m.Due) }
func (m *MilestoneResolver) Done() bool      { return m.m.Done }

// IndicatorResolver renders an indicator with its figures.
type IndicatorResolver struct{ in strategy.Indicator }

func (i *IndicatorResolver) Key() graphql.ID               { return ItemKey(i.in.Key) }
func (i *IndicatorResolver) Name() string                  { return i.in.Name }
func (i *IndicatorResolver) Unit() string                  { return i.in.Unit }
func (i *IndicatorResolver) Baseline() float64             { return i.in.Baseline }
func (i *IndicatorResolver) BaselineYear() int32           { return int32(i.in.BaselineYear) }
func (i *IndicatorResolver) Targets() []*YearValueResolver { return YearValues(i.in.Targets) }
func (i *IndicatorResolver) Actuals() []*YearValueResolver { return YearValues(i.in.Actuals) }

// OnTrack compares the latest actual with its year's target (see
// strategy.Indicator.OnTrack); null without both.
func (i *IndicatorResolver) OnTrack() *bool { return i.in.OnTrack() }

// YearValueResolver renders one figure of an indicator.
type YearValueResolver struct{ v strategy.YearValue }

func (y *YearValueResolver) Year() int32    { return int32(y.v.Year) }
func (y *YearValueResolver) Value() float64 { return y.v.Value }

func YearValues(values []strategy.YearValue) []*YearValueResolver {
	out := make([]*YearValueResolver, len(values))
	for i, v := range values {
		out[i] = &YearValueResolver{v: v}
	}
	return out
}
