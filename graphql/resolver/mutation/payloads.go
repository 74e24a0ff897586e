package mutation

import (
	"context"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Payloads render their subject from the state the command produced
// (app.Result.State), so a client sees its own change at once. They also
// put that state into the request's loaders, so that later fields and
// mutations of the same request do not see an older one.

// StrategyPayloadResolver is a StrategyPayload.
type StrategyPayloadResolver struct {
	graph.Payload
	root  *Mutations
	state *strategy.Strategy
}

func (r *Mutations) strategyPayload(ctx context.Context, in graph.MutationInput, res app.Result[*strategy.Strategy]) *StrategyPayloadResolver {
	if !res.Replayed {
		r.PrimeState(ctx, res.SubjectID, res.State)
	}
	return &StrategyPayloadResolver{Payload: graph.NewPayload(r.Resolver, in, domain.SubjectStrategy, res), root: r, state: res.State}
}

func (p *StrategyPayloadResolver) Strategy(ctx context.Context) *graph.StrategyResolver {
	p.root.PrefetchStrategies(ctx, graph.SelectionOf(ctx), []*strategy.Strategy{p.state})
	return p.root.NewStrategy(p.state)
}

// CooperationConceptPayloadResolver is a CooperationConceptPayload.
type CooperationConceptPayloadResolver struct {
	graph.Payload
	root  *Mutations
	state *cooperation.Concept
}

func (r *Mutations) conceptPayload(ctx context.Context, in graph.MutationInput, res app.Result[*cooperation.Concept]) *CooperationConceptPayloadResolver {
	if !res.Replayed {
		r.PrimeState(ctx, res.SubjectID, res.State)
	}
	return &CooperationConceptPayloadResolver{Payload: graph.NewPayload(r.Resolver, in, domain.SubjectCooperationConcept, res), root: r, state: res.State}
}

func (p *CooperationConceptPayloadResolver) CooperationConcept(ctx context.Context) *graph.CooperationConceptResolver {
	p.root.PrefetchConcepts(ctx, graph.SelectionOf(ctx), []*cooperation.Concept{p.state})
	return p.root.NewConcept(p.state)
}

// OrganisationPayloadResolver is an OrganisationPayload.
type OrganisationPayloadResolver struct {
	graph.Payload
	root  *Mutations
	state *network.Organisation
}

func (r *Mutations) organisationPayload(ctx context.Context, in graph.MutationInput, res app.Result[*network.Organisation]) *OrganisationPayloadResolver {
	if !res.Replayed {
		r.PrimeState(ctx, res.SubjectID, res.State)
	}
	return &OrganisationPayloadResolver{Payload: graph.NewPayload(r.Resolver, in, domain.SubjectOrganisation, res), root: r, state: res.State}
}

func (p *OrganisationPayloadResolver) Organisation(ctx context.Context) *graph.OrganisationResolver {
	p.root.PrefetchOrganisations(ctx, graph.SelectionOf(ctx), []*network.Organisation{p.state})
	return p.root.NewOrganisation(p.state)
}

// LocationPayloadResolver is a LocationPayload (locations do not merge:
// it has no merged field).
type LocationPayloadResolver struct {
	graph.Payload
	root  *Mutations
	state *network.Location
}

func (r *Mutations) locationPayload(ctx context.Context, in graph.MutationInput, res app.Result[*network.Location]) *LocationPayloadResolver {
	if !res.Replayed {
		r.PrimeState(ctx, res.SubjectID, res.State)
	}
	return &LocationPayloadResolver{Payload: graph.NewPayload(r.Resolver, in, domain.SubjectLocation, res), root: r, state: res.State}
}

func (p *LocationPayloadResolver) Location() *graph.LocationResolver {
	return p.root.NewLocation(p.state)
}
