package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
)

// Prefetching registers, before the items of a list resolve, the loads
// those items will make, so that they share one batch (see Loaders). It
// reads the fields selected below the item; every resolver still loads
// what it needs itself, so a prefetch that guesses wrong costs a query,
// never a wrong answer.
//
// List resolvers call the prefetch function of their item type with the
// selection of one item. For a field whose type is the item or a list of
// items that is SelectionOf(ctx); a connection passes what is below its
// nodes and edges, e.g. the strategies connection (ItemSelection):
//
//	sel := graph.SelectionOf(ctx)
//	r.PrefetchStrategies(ctx, sel.Under("nodes").merge(sel.Under("edges.node")), states)

// selection is the set of field paths ("a", "a.b") selected below a field,
// relative to it. Aliases and fragments are already resolved.
type selection []string

// SelectionOf is the selection below the field being resolved.
func SelectionOf(ctx context.Context) selection { return graphql.SelectedFieldNames(ctx) }

// Has reports whether name is selected directly.
func (s selection) Has(names ...string) bool {
	for _, p := range s {
		if slices.Contains(names, p) {
			return true
		}
	}
	return false
}

// Under returns the selection below the field at path ("a" or "a.b").
func (s selection) Under(path string) selection {
	var out selection
	for _, p := range s {
		if rest, ok := strings.CutPrefix(p, path+"."); ok {
			out = append(out, rest)
		}
	}
	return out
}

func (s selection) merge(other selection) selection { return append(slices.Clip(s), other...) }

// prefetcher registers loads on the request's loaders; there is none
// without request loaders, where a registered load would be lost.
type prefetcher struct {
	ctx context.Context
	l   *Loaders
}

func (r *Resolver) prefetcher(ctx context.Context) (prefetcher, bool) {
	l, ok := ctx.Value(loadersKey{}).(*Loaders)
	return prefetcher{ctx: ctx, l: l}, ok
}

// meta registers when and by whom a document was created and updated, and
// asks for the actors (and their organisations) once they are known.
func (p prefetcher) meta(sel selection, id uuid.UUID, revision int) {
	if !sel.Has("createdAt", "updatedAt", "createdBy", "updatedBy") {
		return
	}
	if sel.Has("createdBy", "updatedBy") {
		p.l.wantActors.Store(true)
	}
	if sel.Under("createdBy").Has("organisation") || sel.Under("updatedBy").Has("organisation") {
		p.l.wantActorOrganisations.Store(true)
	}
	p.l.meta.Load(p.ctx, metaKey{ID: id, Revision: revision})
}

func (p prefetcher) organisations(ids ...uuid.UUID) {
	for _, id := range ids {
		p.l.organisations.Load(p.ctx, id)
	}
}

func (p prefetcher) locations(ids ...uuid.UUID) {
	for _, id := range ids {
		p.l.locations.Load(p.ctx, id)
	}
}

// actors registers actors; sel is the selection of one actor.
func (p prefetcher) actors(sel selection, ids ...uuid.UUID) {
	if sel.Has("organisation") {
		p.l.wantActorOrganisations.Store(true)
	}
	for _, id := range ids {
		p.l.actors.Load(p.ctx, id)
	}
}

// PrefetchStrategies registers what the selected fields of these
// strategies (sel: the selection of one) will load.
func (r *Resolver) PrefetchStrategies(ctx context.Context, sel selection, states []*strategy.Strategy) {
	p, ok := r.prefetcher(ctx)
	if !ok || len(sel) == 0 {
		return
	}
	reviewers := sel.Under("reviews.reviewer").merge(sel.Under("adoptionReadiness.approvals.reviewer"))
	creators := sel.Under("versions.createdBy").merge(sel.Under("lastAdopted.createdBy"))
	for _, s := range states {
		p.meta(sel, s.ID, s.Revision)
		p.strategyContent(sel, &s.Content)
		if sel.Under("reviews").Has("reviewer") || sel.Under("adoptionReadiness.approvals").Has("reviewer") {
			for _, rv := range s.Reviews {
				p.actors(reviewers, rv.ReviewerID)
			}
		}
		if sel.Under("versions").Has("createdBy") || sel.Under("lastAdopted").Has("createdBy") {
			for _, v := range s.Versions {
				p.actors(creators, v.CreatedBy)
			}
		}
	}
}

// strategyContent registers the organisations and locations a strategy's
// content names, as far as sel (the selection of a strategy or snapshot)
// selects them.
func (p prefetcher) strategyContent(sel selection, c *strategy.Content) {
	if sel.Has("partners", "partnerships") {
		for _, ps := range c.Partnerships {
			p.organisations(ps.OrganisationID)
		}
	}
	if sel.Has("locations") {
		p.locations(c.Locations...)
	}
	p.measureRefs(sel.Under("priorities"), c.Priorities)
}

// measureRefs registers the lead partners and locations of the measures
// below priorities; sel is the selection of one priority.
func (p prefetcher) measureRefs(sel selection, priorities []strategy.Priority) {
	measures := sel.Under("objectives.measures")
	leads, locs := measures.Has("leadPartner"), measures.Has("locations")
	if !leads && !locs {
		return
	}
	for _, pr := range priorities {
		for _, o := range pr.Objectives {
			for _, m := range o.Measures {
				if leads && m.LeadPartnerID != nil {
					p.organisations(*m.LeadPartnerID)
				}
				if locs {
					p.locations(m.LocationIDs...)
				}
			}
		}
	}
}

// PrefetchConcepts registers what the selected fields of these concepts
// (sel: the selection of one) will load.
func (r *Resolver) PrefetchConcepts(ctx context.Context, sel selection, states []*cooperation.Concept) {
	p, ok := r.prefetcher(ctx)
	if !ok || len(sel) == 0 {
		return
	}
	evaluators := sel.Under("evaluations.evaluatedBy").merge(sel.Under("evaluation.evaluatedBy"))
	creators := sel.Under("versions.createdBy")
	for _, c := range states {
		p.meta(sel, c.ID, c.Revision)
		if sel.Has("partners") {
			p.organisations(c.Content.Partners...)
		}
		if sel.Under("pilots").Has("location") {
			for _, pilot := range c.Content.Pilots {
				p.locations(pilot.LocationID)
			}
		}
		if sel.Has("strategy") && c.Content.StrategyID != nil {
			p.l.strategies.Load(ctx, *c.Content.StrategyID)
		}
		if sel.Under("evaluations").Has("evaluatedBy") || sel.Under("evaluation").Has("evaluatedBy") {
			for _, e := range c.Evaluations {
				p.actors(evaluators, e.EvaluatedBy)
			}
		}
		if sel.Under("versions").Has("createdBy") {
			for _, v := range c.Versions {
				p.actors(creators, v.CreatedBy)
			}
		}
	}
}

// PrefetchOrganisations registers what the selected fields of these
// organisations (sel: the selection of one) will load.
func (r *Resolver) PrefetchOrganisations(ctx context.Context, sel selection, states []*network.Organisation) {
	p, ok := r.prefetcher(ctx)
	if !ok || len(sel) == 0 {
		return
	}
	for _, o := range states {
		p.meta(sel, o.ID, o.Revision)
		if sel.Has("location") && o.LocationID != uuid.Nil {
			p.locations(o.LocationID)
		}
	}
}

// prefetchActors registers actors; sel is the selection of one actor.
func (r *Resolver) prefetchActors(ctx context.Context, sel selection, ids []uuid.UUID) {
	if p, ok := r.prefetcher(ctx); ok {
		p.actors(sel, ids...)
	}
}
