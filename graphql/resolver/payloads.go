package resolver

import (
	"context"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
)

// Payloads render their subject from the state the command produced
// (app.Result.State), so a client sees its own change at once. They also
// put that state into the request's loaders, so that later fields and
// mutations of the same request do not see an older one.

// StrategyPayloadResolver is a StrategyPayload.
type StrategyPayloadResolver struct {
	payload
	root  *Root
	state *strategy.Strategy
}

func (r *Root) strategyPayload(ctx context.Context, in MutationInput, res app.Result[*strategy.Strategy]) *StrategyPayloadResolver {
	if !res.Replayed {
		r.primeState(ctx, res.SubjectID, res.State)
	}
	return &StrategyPayloadResolver{payload: newPayload(r, in, domain.SubjectStrategy, res), root: r, state: res.State}
}

func (p *StrategyPayloadResolver) Strategy(ctx context.Context) *StrategyResolver {
	p.root.prefetchStrategies(ctx, selectionOf(ctx), []*strategy.Strategy{p.state})
	return p.root.newStrategy(p.state)
}

// CooperationConceptPayloadResolver is a CooperationConceptPayload.
type CooperationConceptPayloadResolver struct {
	payload
	root  *Root
	state *cooperation.Concept
}

func (r *Root) conceptPayload(ctx context.Context, in MutationInput, res app.Result[*cooperation.Concept]) *CooperationConceptPayloadResolver {
	if !res.Replayed {
		r.primeState(ctx, res.SubjectID, res.State)
	}
	return &CooperationConceptPayloadResolver{payload: newPayload(r, in, domain.SubjectCooperationConcept, res), root: r, state: res.State}
}

func (p *CooperationConceptPayloadResolver) CooperationConcept(ctx context.Context) *CooperationConceptResolver {
	p.root.prefetchConcepts(ctx, selectionOf(ctx), []*cooperation.Concept{p.state})
	return p.root.newConcept(p.state)
}

// OrganisationPayloadResolver is an OrganisationPayload.
type OrganisationPayloadResolver struct {
	payload
	root  *Root
	state *network.Organisation
}

func (r *Root) organisationPayload(ctx context.Context, in MutationInput, res app.Result[*network.Organisation]) *OrganisationPayloadResolver {
	if !res.Replayed {
		r.primeState(ctx, res.SubjectID, res.State)
	}
	return &OrganisationPayloadResolver{payload: newPayload(r, in, domain.SubjectOrganisation, res), root: r, state: res.State}
}

func (p *OrganisationPayloadResolver) Organisation(ctx context.Context) *OrganisationResolver {
	p.root.prefetchOrganisations(ctx, selectionOf(ctx), []*network.Organisation{p.state})
	return p.root.newOrganisation(p.state)
}

// LocationPayloadResolver is a LocationPayload (locations do not merge:
// it has no merged field).
type LocationPayloadResolver struct {
	payload
	root  *Root
	state *network.Location
}

func (r *Root) locationPayload(ctx context.Context, in MutationInput, res app.Result[*network.Location]) *LocationPayloadResolver {
	if !res.Replayed {
		r.primeState(ctx, res.SubjectID, res.State)
	}
	return &LocationPayloadResolver{payload: newPayload(r, in, domain.SubjectLocation, res), root: r, state: res.State}
}

func (p *LocationPayloadResolver) Location() *LocationResolver {
	return p.root.newLocation(p.state)
}
