package public

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// The public view: published documents as readers without a token see
// them. Its types are its own (Public*), so that nothing reachable from the
// public root fields leads to a draft, an actor, a contact person, a
// review or the audit log; the object resolvers of the rest of the schema
// are never returned from here. What a public strategy shows is the
// adopted edition (its state at the adoption's revision), never the live
// state.

// reading is one root field's reading of the public view. It memoises
// documents, so that nested selections (a strategy's concepts, a concept's
// strategy, ...) load each one once; graphql-go resolves fields in
// parallel, hence the lock.
type reading struct {
	root *View

	mu         sync.Mutex
	strategies map[uuid.UUID]*PublicStrategyResolver
	concepts   map[uuid.UUID]*PublicConceptResolver
}

func (r *View) newReading() *reading {
	return &reading{root: r, strategies: map[uuid.UUID]*PublicStrategyResolver{}, concepts: map[uuid.UUID]*PublicConceptResolver{}}
}

// publicStrategy returns the public edition of the strategy id, nil when
// there is none (no such strategy, never adopted, not published). It
// loads the latest state from the event store, so a withdrawal counts at
// once.
func (v *reading) publicStrategy(ctx context.Context, id uuid.UUID) (*PublicStrategyResolver, error) {
	v.mu.Lock()
	s, seen := v.strategies[id]
	v.mu.Unlock()
	if seen {
		return s, nil
	}
	latest, err := app.Load(ctx, v.root.Deps.App, app.Strategies, id, 0)
	if err != nil {
		if domain.CodeOf(err) == domain.CodeNotFound {
			return v.rememberStrategy(id, nil), nil
		}
		return nil, err
	}
	return v.strategyFrom(ctx, latest.State)
}

// strategyFrom renders the public edition of a strategy whose current
// state is current (from the event store or the documents read model).
func (v *reading) strategyFrom(ctx context.Context, current *strategy.Strategy) (*PublicStrategyResolver, error) {
	edition, adopted := current.AdoptedVersion()
	if current.PublishedAt == nil || !adopted {
		return v.rememberStrategy(current.ID, nil), nil
	}
	state, err := app.Load(ctx, v.root.Deps.App, app.Strategies, current.ID, edition.Revision)
	if err != nil {
		return nil, err
	}
	return v.rememberStrategy(current.ID, &PublicStrategyResolver{
		view: v, id: current.ID, s: state.State, current: current, edition: edition, publishedAt: *current.PublishedAt,
	}), nil
}

func (v *reading) rememberStrategy(id uuid.UUID, s *PublicStrategyResolver) *PublicStrategyResolver {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.strategies[id] = s
	return s
}

// publicConcept returns the published concept id, nil when there is none.
func (v *reading) publicConcept(ctx context.Context, id uuid.UUID) (*PublicConceptResolver, error) {
	v.mu.Lock()
	c, seen := v.concepts[id]
	v.mu.Unlock()
	if seen {
		return c, nil
	}
	latest, err := app.Load(ctx, v.root.Deps.App, app.Concepts, id, 0)
	if err != nil {
		if domain.CodeOf(err) == domain.CodeNotFound {
			return v.rememberConcept(id, nil), nil
		}
		return nil, err
	}
	return v.conceptFrom(ctx, latest.State)
}

// conceptFrom renders a published concept. ADOPTED is final and freezes
// the content, so the current content is the adopted one; the adoption's
// revision and time come from its event.
func (v *reading) conceptFrom(ctx context.Context, c *cooperation.Concept) (*PublicConceptResolver, error) {
	if c.PublishedAt == nil || c.Status != cooperation.StatusAdopted {
		return v.rememberConcept(c.ID, nil), nil
	}
	var e PublicEditionResolver
	var at time.Time
	err := v.root.Deps.Pool.QueryRow(ctx, `SELECT revision, recorded_at FROM events
		WHERE stream_id = $1 AND event_type = $2 ORDER BY version DESC LIMIT 1`,
		c.ID, (&cooperation.Adopted{}).EventType()).Scan(&e.revision, &at)
	e.at = graph.NewDateTime(at)
	if errors.Is(err, pgx.ErrNoRows) {
		return v.rememberConcept(c.ID, nil), nil
	}
	if err != nil {
		return nil, fmt.Errorf("adoption of concept %s: %w", c.ID, err)
	}
	return v.rememberConcept(c.ID, &PublicConceptResolver{view: v, c: c, edition: &e, publishedAt: *c.PublishedAt}), nil
}

func (v *reading) rememberConcept(id uuid.UUID, c *PublicConceptResolver) *PublicConceptResolver {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.concepts[id] = c
	return c
}

// publicRefs are the organisations and locations one document names,
// read through the request's loaders (the event store, batched) when first
// needed.
type publicRefs struct {
	once sync.Once
	err  error
	orgs map[uuid.UUID]*network.Organisation
	locs map[uuid.UUID]*network.Location
}

func (p *publicRefs) load(ctx context.Context, v *reading, orgIDs, locIDs []uuid.UUID) error {
	p.once.Do(func() {
		p.orgs, p.locs = map[uuid.UUID]*network.Organisation{}, map[uuid.UUID]*network.Location{}
		orgs, err := v.root.OrganisationStates(ctx, orgIDs)
		if err != nil {
			p.err = err
			return
		}
		for _, o := range orgs {
			p.orgs[o.ID] = o
			locIDs = append(locIDs, o.LocationID)
		}
		locs, err := v.root.LocationStates(ctx, locIDs)
		if err != nil {
			p.err = err
			return
		}
		for _, l := range locs {
			p.locs[l.ID] = l
		}
	})
	return p.err
}

// organisation renders an organisation without its contact person and
// address; nil when it is unknown.
func (p *publicRefs) organisation(id uuid.UUID) *PublicOrganisationResolver {
	o := p.orgs[id]
	if o == nil {
		return nil
	}
	out := &PublicOrganisationResolver{name: o.Name, website: o.Website}
	if l := p.locs[o.LocationID]; l != nil {
		out.country = l.Country
	}
	return out
}

func (p *publicRefs) locations(ids []uuid.UUID) []*PublicLocationResolver {
	out := make([]*PublicLocationResolver, 0, len(ids))
	for _, id := range ids {
		if l := p.locs[id]; l != nil {
			out = append(out, &PublicLocationResolver{l: l})
		}
	}
	return out
}

// ---------------------------------------------------------------- PublicDocument

// PublicDocumentResolver is the PublicDocument interface.
type PublicDocumentResolver struct {
	strategy *PublicStrategyResolver
	concept  *PublicConceptResolver
}

func (d *PublicDocumentResolver) ID() graphql.ID {
	if d.strategy != nil {
		return d.strategy.ID()
	}
	return d.concept.ID()
}

func (d *PublicDocumentResolver) Title() string {
	if d.strategy != nil {
		return d.strategy.Title()
	}
	return d.concept.Title()
}

func (d *PublicDocumentResolver) Edition() *PublicEditionResolver {
	if d.strategy != nil {
		return d.strategy.Edition()
	}
	return d.concept.Edition()
}

func (d *PublicDocumentResolver) PublishedAt() graph.DateTime {
	if d.strategy != nil {
		return d.strategy.PublishedAt()
	}
	return d.concept.PublishedAt()
}

func (d *PublicDocumentResolver) ToPublicStrategy() (*PublicStrategyResolver, bool) {
	return d.strategy, d.strategy != nil
}

func (d *PublicDocumentResolver) ToPublicConcept() (*PublicConceptResolver, bool) {
	return d.concept, d.concept != nil
}

// PublicEditionResolver is an adopted edition.
type PublicEditionResolver struct {
	name     *string
	revision int
	at       graph.DateTime
}

func (e *PublicEditionResolver) Name() *string             { return e.name }
func (e *PublicEditionResolver) Revision() int32           { return int32(e.revision) }
func (e *PublicEditionResolver) AdoptedAt() graph.DateTime { return e.at }

func edition(v strategy.NamedVersion) *PublicEditionResolver {
	return &PublicEditionResolver{name: new(v.Name), revision: v.Revision, at: graph.NewDateTime(v.CreatedAt)}
}

// PublicOrganisationResolver is a partner without personal data.
type PublicOrganisationResolver struct {
	name, country, website string
}

func (o *PublicOrganisationResolver) Name() string     { return o.name }
func (o *PublicOrganisationResolver) Country() string  { return o.country }
func (o *PublicOrganisationResolver) Website() *string { return graph.Optional(o.website) }

// PublicLocationResolver is a location.
type PublicLocationResolver struct{ l *network.Location }

func (l *PublicLocationResolver) Name() string    { return l.l.Name }
func (l *PublicLocationResolver) Country() string { return l.l.Country }
func (l *PublicLocationResolver) Region() *string { return graph.Optional(l.l.Region) }

// ---------------------------------------------------------------- PublicStrategy

// PublicStrategyResolver renders a strategy's adopted edition.
type PublicStrategyResolver struct {
	view *reading
	id   uuid.UUID
	// s is the state at the adoption; current is the latest state, for
	// the editions before this one.
	s, current  *strategy.Strategy
	edition     strategy.NamedVersion
	publishedAt time.Time
	refs        publicRefs
}

func (s *PublicStrategyResolver) ID() graphql.ID                  { return graph.SubjectID(s.id) }
func (s *PublicStrategyResolver) Title() string                   { return s.s.Title }
func (s *PublicStrategyResolver) Edition() *PublicEditionResolver { return edition(s.edition) }
func (s *PublicStrategyResolver) PublishedAt() graph.DateTime {
	return graph.NewDateTime(s.publishedAt)
}
func (s *PublicStrategyResolver) Vision() string   { return s.s.Vision }
func (s *PublicStrategyResolver) StartYear() int32 { return int32(s.s.StartYear) }
func (s *PublicStrategyResolver) EndYear() int32   { return int32(s.s.EndYear()) }

func (s *PublicStrategyResolver) loadRefs(ctx context.Context) error {
	var orgs []uuid.UUID
	for _, p := range s.s.Partnerships {
		orgs = append(orgs, p.OrganisationID)
	}
	locs := slices.Clone(s.s.Locations)
	for _, p := range s.s.Priorities {
		for _, o := range p.Objectives {
			for _, m := range o.Measures {
				if m.LeadPartnerID != nil {
					orgs = append(orgs, *m.LeadPartnerID)
				}
				locs = append(locs, m.LocationIDs...)
			}
		}
	}
	return graph.Fail(s.refs.load(ctx, s.view, orgs, locs))
}

func (s *PublicStrategyResolver) Locations(ctx context.Context) ([]*PublicLocationResolver, error) {
	if err := s.loadRefs(ctx); err != nil {
		return nil, err
	}
	return s.refs.locations(s.s.Locations), nil
}

func (s *PublicStrategyResolver) Partnerships(ctx context.Context) ([]*PublicPartnershipResolver, error) {
	if err := s.loadRefs(ctx); err != nil {
		return nil, err
	}
	out := make([]*PublicPartnershipResolver, 0, len(s.s.Partnerships))
	for _, p := range s.s.Partnerships {
		if org := s.refs.organisation(p.OrganisationID); org != nil {
			out = append(out, &PublicPartnershipResolver{org: org, role: string(p.Role)})
		}
	}
	return out, nil
}

func (s *PublicStrategyResolver) Sections() []*PublicSectionResolver {
	out := make([]*PublicSectionResolver, len(s.s.Sections))
	for i := range s.s.Sections {
		out[i] = &PublicSectionResolver{s: &s.s.Sections[i]}
	}
	return out
}

func (s *PublicStrategyResolver) Priorities() []*PublicPriorityResolver {
	out := make([]*PublicPriorityResolver, len(s.s.Priorities))
	for i := range s.s.Priorities {
		out[i] = &PublicPriorityResolver{strategy: s, p: &s.s.Priorities[i]}
	}
	return out
}

// annexPaths are the parts of a strategy's document the change annex
// reports: its content. Status, reviews (reviewers, comments) and named
// versions are the network's workflow, not the public's business;
// locations and partners are listed by the edition itself.
var annexPaths = []string{"/title", "/vision", "/startYear", "/endYear", "/sections", "/priorities"}

// ChangeAnnex compares this edition with the one before it.
func (s *PublicStrategyResolver) ChangeAnnex(ctx context.Context) (*PublicChangeAnnexResolver, error) {
	var previous *strategy.NamedVersion
	for _, v := range s.current.Editions() {
		if v.Revision < s.edition.Revision {
			previous = &v
		}
	}
	annex := &PublicChangeAnnexResolver{changes: []*PublicChangeResolver{}}
	if previous == nil {
		return annex, nil
	}
	annex.previous = edition(*previous)
	before, err := app.Load(ctx, s.view.root.Deps.App, app.Strategies, s.id, previous.Revision)
	if err != nil {
		return nil, graph.Fail(err)
	}
	for _, c := range domain.Diff(before.State.Document(), s.s.Document()) {
		if slices.ContainsFunc(annexPaths, func(p string) bool { return domain.HasPrefix(c.Path, p) }) {
			annex.changes = append(annex.changes, &PublicChangeResolver{c: c})
		}
	}
	return annex, nil
}

// CooperationConcepts are the strategy's published concepts.
func (s *PublicStrategyResolver) CooperationConcepts(ctx context.Context) ([]*PublicConceptResolver, error) {
	found, err := s.view.root.Deps.Read.ConceptsOfStrategies(ctx, []uuid.UUID{s.id})
	if err != nil {
		return nil, graph.Fail(err)
	}
	out := []*PublicConceptResolver{}
	for _, subject := range found[s.id] {
		var c cooperation.Concept
		if err := json.Unmarshal(subject.State, &c); err != nil {
			return nil, graph.Fail(fmt.Errorf("decode concept %s: %w", subject.ID, err))
		}
		public, err := s.view.conceptFrom(ctx, &c)
		if err != nil {
			return nil, graph.Fail(err)
		}
		if public != nil {
			out = append(out, public)
		}
	}
	return out, nil
}

// PublicPartnershipResolver is a partner and its role in the strategy.
type PublicPartnershipResolver struct {
	org  *PublicOrganisationResolver
	role string
}

func (p *PublicPartnershipResolver) Organisation() *PublicOrganisationResolver { return p.org }
func (p *PublicPartnershipResolver) Role() string                              { return p.role }

// PublicChangeAnnexResolver is what an edition changed.
type PublicChangeAnnexResolver struct {
	previous *PublicEditionResolver
	changes  []*PublicChangeResolver
}

func (a *PublicChangeAnnexResolver) PreviousEdition() *PublicEditionResolver { return a.previous }
func (a *PublicChangeAnnexResolver) Changes() []*PublicChangeResolver        { return a.changes }

// PublicChangeResolver is one change of the annex.
type PublicChangeResolver struct{ c domain.Change }

func (c *PublicChangeResolver) Path() string        { return c.c.Path }
func (c *PublicChangeResolver) Kind() string        { return string(c.c.Kind) }
func (c *PublicChangeResolver) Before() *graph.JSON { return jsonOrNil(c.c.Before) }
func (c *PublicChangeResolver) After() *graph.JSON  { return jsonOrNil(c.c.After) }

func jsonOrNil(v any) *graph.JSON {
	if v == nil {
		return nil
	}
	return &graph.JSON{Value: v}
}

// PublicSectionResolver is a chapter.
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

// ---------------------------------------------------------------- PublicConcept

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
