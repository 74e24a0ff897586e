package public

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// A public strategy: its adopted edition, partners, change annex and
// the public concepts that implement it.

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
