package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
)

// Preparing a page of documents: before any item resolves, what the
// selected fields of every item reference is read in one query per level
// (warm) and the rest of their loads is registered (the write side's
// prefetch), so that a page costs a bounded number of statements whatever
// its length. sel is the selection of one item.

// PrepareStrategies prepares strategies read from the read model.
func (r *Resolver) PrepareStrategies(ctx context.Context, sel selection, page []kept) []*StrategyResolver {
	states := make([]*strategy.Strategy, 0, len(page))
	for _, k := range page {
		if s, ok := k.state.(*strategy.Strategy); ok {
			states = append(states, s)
		}
	}
	if len(sel) > 0 && len(states) > 0 {
		var refs []uuid.UUID
		for _, s := range states {
			refs = append(refs, strategyRefs(sel, s)...)
		}
		r.warmOrganisationLocations(ctx, sel, r.Warm(ctx, refs))
		r.PrefetchStrategies(ctx, sel, states)
		r.prefetchCreators(ctx, sel, page)
		if p, ok := r.prefetcher(ctx); ok && sel.Has("progress") {
			for _, s := range states {
				r.readLoaders(p.ctx).progress.Load(p.ctx, s.ID)
			}
		}
	}
	out := make([]*StrategyResolver, len(states))
	for i, s := range states {
		out[i] = r.NewStrategy(s)
	}
	return out
}

// strategyRefs lists the documents a strategy's selected fields name.
func strategyRefs(sel selection, s *strategy.Strategy) []uuid.UUID {
	var refs []uuid.UUID
	if sel.Has("partners", "partnerships") {
		for _, p := range s.Partnerships {
			refs = append(refs, p.OrganisationID)
		}
	}
	if sel.Has("locations") {
		refs = append(refs, s.Locations...)
	}
	measures := sel.Under("priorities.objectives.measures")
	if measures.Has("leadPartner", "locations") {
		for _, p := range s.Priorities {
			for _, o := range p.Objectives {
				for _, m := range o.Measures {
					if m.LeadPartnerID != nil {
						refs = append(refs, *m.LeadPartnerID)
					}
					refs = append(refs, m.LocationIDs...)
				}
			}
		}
	}
	return refs
}

// PrepareConcepts prepares cooperation concepts read from the read model.
func (r *Resolver) PrepareConcepts(ctx context.Context, sel selection, page []kept) []*CooperationConceptResolver {
	states := make([]*cooperation.Concept, 0, len(page))
	for _, k := range page {
		if c, ok := k.state.(*cooperation.Concept); ok {
			states = append(states, c)
		}
	}
	if len(sel) > 0 && len(states) > 0 {
		var refs []uuid.UUID
		for _, c := range states {
			if sel.Has("partners") {
				refs = append(refs, c.Content.Partners...)
			}
			if sel.Under("pilots").Has("location") {
				for _, p := range c.Content.Pilots {
					refs = append(refs, p.LocationID)
				}
			}
			if sel.Has("strategy") && c.Content.StrategyID != nil {
				refs = append(refs, *c.Content.StrategyID)
			}
		}
		r.warmOrganisationLocations(ctx, sel, r.Warm(ctx, refs))
		r.PrefetchConcepts(ctx, sel, states)
		r.prefetchCreators(ctx, sel, page)
	}
	out := make([]*CooperationConceptResolver, len(states))
	for i, c := range states {
		out[i] = r.NewConcept(c)
	}
	return out
}

// PrepareOrganisations prepares organisations read from the read model.
func (r *Resolver) PrepareOrganisations(ctx context.Context, sel selection, page []kept) []*OrganisationResolver {
	states := make([]*network.Organisation, 0, len(page))
	for _, k := range page {
		if o, ok := k.state.(*network.Organisation); ok {
			states = append(states, o)
		}
	}
	if len(sel) > 0 && len(states) > 0 {
		if sel.Has("location") {
			refs := make([]uuid.UUID, len(states))
			for i, o := range states {
				refs[i] = o.LocationID
			}
			r.Warm(ctx, refs)
		}
		r.PrefetchOrganisations(ctx, sel, states)
	}
	out := make([]*OrganisationResolver, len(states))
	for i, o := range states {
		out[i] = r.NewOrganisation(o)
	}
	return out
}

// prepareDocuments prepares documents of any type (the subjects of a page
// of revisions); sel is the selection of one, fragments merged.
func (r *Resolver) prepareDocuments(ctx context.Context, sel selection, page []kept) {
	byType := map[domain.SubjectType][]kept{}
	for _, k := range page {
		byType[k.row.Type] = append(byType[k.row.Type], k)
	}
	r.PrepareStrategies(ctx, sel, byType[domain.SubjectStrategy])
	r.PrepareConcepts(ctx, sel, byType[domain.SubjectCooperationConcept])
	r.PrepareOrganisations(ctx, sel, byType[domain.SubjectOrganisation])
}

// prefetchCreators registers the actors who created and last updated the
// documents. The write side's prefetch asks for them when its metadata
// batch runs; rows of the read model carry that metadata already, so no
// batch runs and the actors are registered here instead.
func (r *Resolver) prefetchCreators(ctx context.Context, sel selection, page []kept) {
	if !sel.Has("createdBy", "updatedBy") {
		return
	}
	ids := make([]uuid.UUID, 0, 2*len(page))
	for _, k := range page {
		if k.row == nil {
			continue // from the event store: the metadata batch registers its actors
		}
		if sel.Has("createdBy") {
			ids = append(ids, k.row.CreatedBy)
		}
		if sel.Has("updatedBy") {
			ids = append(ids, k.row.UpdatedBy)
		}
	}
	r.prefetchActors(ctx, sel.Under("createdBy").merge(sel.Under("updatedBy")), Distinct(ids))
}
