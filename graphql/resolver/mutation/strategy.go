package mutation

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Strategy mutations: the document itself, its locations and partners.
// Content mutations are for PLANNERs of a partner organisation and ADMINs
// (app.Authorize decides).

// strategyEdit runs a command on the strategy id and renders the payload.
func (r *Mutations) strategyEdit(ctx context.Context, ids *graph.InputIDs, in graph.EditInput, id uuid.UUID, cmd domain.Command[*strategy.Strategy]) (*StrategyPayloadResolver, error) {
	res, err := edit(ctx, r, app.Strategies, ids, in, id, cmd)
	if err != nil {
		return nil, err
	}
	return r.strategyPayload(ctx, in.MutationInput, res), nil
}

type CreateStrategyInput struct {
	graph.MutationInput
	Title       string
	Vision      *string
	StartYear   int32
	LocationIDs []graphql.ID
	PartnerIDs  []graphql.ID
}

func (r *Mutations) CreateStrategy(ctx context.Context, args struct{ Input CreateStrategyInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	cmd := strategy.CreateStrategy{
		Title:       in.Title,
		Vision:      graph.Deref(in.Vision),
		StartYear:   int(in.StartYear),
		LocationIDs: ids.List(in.LocationIDs, "locationIds"),
		PartnerIDs:  ids.List(in.PartnerIDs, "partnerIds"),
	}
	res, err := create(ctx, r, app.Strategies, &ids, in.MutationInput, domain.Command[*strategy.Strategy](cmd))
	if err != nil {
		return nil, err
	}
	return r.strategyPayload(ctx, in.MutationInput, res), nil
}

type UpdateStrategyInput struct {
	graph.EditInput
	StrategyID graphql.ID
	Title      graphql.NullString
	Vision     graphql.NullString
	StartYear  graphql.NullInt
}

func (r *Mutations) UpdateStrategy(ctx context.Context, args struct{ Input UpdateStrategyInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateStrategy{
		Title:     optString(in.Title),
		Vision:    optString(in.Vision),
		StartYear: optInt(in.StartYear),
	})
}

type StrategyLocationInput struct {
	graph.EditInput
	StrategyID graphql.ID
	LocationID graphql.ID
}

func (r *Mutations) AddStrategyLocation(ctx context.Context, args struct{ Input StrategyLocationInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	location := ids.ID(in.LocationID, "locationId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddStrategyLocation{LocationID: location})
}

func (r *Mutations) RemoveStrategyLocation(ctx context.Context, args struct{ Input StrategyLocationInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	location := ids.ID(in.LocationID, "locationId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.RemoveStrategyLocation{LocationID: location})
}

type StrategyPartnerInput struct {
	graph.EditInput
	StrategyID     graphql.ID
	OrganisationID graphql.ID
	Role           *string
}

// AddStrategyPartner also changes the role of an organisation that is a
// partner already: the contract has no other way to.
func (r *Mutations) AddStrategyPartner(ctx context.Context, args struct{ Input StrategyPartnerInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	org := ids.ID(in.OrganisationID, "organisationId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddStrategyPartner{
		OrganisationID: org,
		Role:           strategy.PartnerRole(graph.Deref(in.Role)),
	})
}

// RemoveStrategyPartner ignores role, as the contract says.
func (r *Mutations) RemoveStrategyPartner(ctx context.Context, args struct{ Input StrategyPartnerInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	org := ids.ID(in.OrganisationID, "organisationId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.RemoveStrategyPartner{OrganisationID: org})
}
