package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Network mutations: locations, organisations and contact persons, for
// ADMINs (app.Authorize decides).

type AddLocationInput struct {
	graph.MutationInput
	Name    string
	Country string
	Region  *string
}

func (r *Mutations) AddLocation(ctx context.Context, args struct{ Input AddLocationInput }) (*LocationPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	res, err := create(ctx, r, app.Locations, &ids, in.MutationInput, domain.Command[*network.Location](
		network.AddLocation{Name: in.Name, Country: in.Country, Region: graph.Deref(in.Region)}))
	if err != nil {
		return nil, err
	}
	return r.locationPayload(ctx, in.MutationInput, res), nil
}

type UpdateLocationInput struct {
	graph.MutationInput
	LocationID graphql.ID
	Name       graphql.NullString
	Country    graphql.NullString
	Region     graphql.NullString
}

// UpdateLocation takes no expectedRevision (the contract's input has
// none): the latest revision is updated.
func (r *Mutations) UpdateLocation(ctx context.Context, args struct{ Input UpdateLocationInput }) (*LocationPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.LocationID, "locationId")
	res, err := edit(ctx, r, app.Locations, &ids, graph.EditInput{MutationInput: in.MutationInput}, id, domain.Command[*network.Location](
		network.UpdateLocation{Name: optString(in.Name), Country: optString(in.Country), Region: optString(in.Region)}))
	if err != nil {
		return nil, err
	}
	return r.locationPayload(ctx, in.MutationInput, res), nil
}

type RegisterOrganisationInput struct {
	graph.MutationInput
	Name       string
	Role       string
	LocationID graphql.ID
	Address    *string
	Website    *string
}

func (r *Mutations) RegisterOrganisation(ctx context.Context, args struct{ Input RegisterOrganisationInput }) (*OrganisationPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	location := ids.ID(in.LocationID, "locationId")
	res, err := create(ctx, r, app.Organisations, &ids, in.MutationInput, domain.Command[*network.Organisation](
		network.RegisterOrganisation{
			Name: in.Name, Role: network.PartnerRole(in.Role), LocationID: location,
			Address: graph.Deref(in.Address), Website: graph.Deref(in.Website),
		}))
	if err != nil {
		return nil, err
	}
	return r.organisationPayload(ctx, in.MutationInput, res), nil
}

type UpdateOrganisationInput struct {
	graph.EditInput
	OrganisationID graphql.ID
	Name           graphql.NullString
	Role           NullPartnerRole
	LocationID     graphql.NullID
	Address        graphql.NullString
	Website        graphql.NullString
}

func (r *Mutations) UpdateOrganisation(ctx context.Context, args struct{ Input UpdateOrganisationInput }) (*OrganisationPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.OrganisationID, "organisationId")
	cmd := network.UpdateOrganisation{
		Name:       optString(in.Name),
		Role:       optEnum[network.PartnerRole](in.Role),
		LocationID: ids.Nullable(in.LocationID, "locationId"),
		Address:    optString(in.Address),
		Website:    optString(in.Website),
	}
	res, err := edit(ctx, r, app.Organisations, &ids, in.EditInput, id, domain.Command[*network.Organisation](cmd))
	if err != nil {
		return nil, err
	}
	return r.organisationPayload(ctx, in.MutationInput, res), nil
}

type SetContactPersonInput struct {
	graph.EditInput
	OrganisationID graphql.ID
	Name           string
	Email          *string
	Phone          *string
}

func (r *Mutations) SetContactPerson(ctx context.Context, args struct{ Input SetContactPersonInput }) (*OrganisationPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.OrganisationID, "organisationId")
	res, err := edit(ctx, r, app.Organisations, &ids, in.EditInput, id, domain.Command[*network.Organisation](
		network.SetContactPerson{Name: in.Name, Email: graph.Deref(in.Email), Phone: graph.Deref(in.Phone)}))
	if err != nil {
		return nil, err
	}
	return r.organisationPayload(ctx, in.MutationInput, res), nil
}

type EraseContactPersonInput struct {
	graph.EditInput
	OrganisationID graphql.ID
}

func (r *Mutations) EraseContactPerson(ctx context.Context, args struct{ Input EraseContactPersonInput }) (*OrganisationPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.OrganisationID, "organisationId")
	res, err := edit(ctx, r, app.Organisations, &ids, in.EditInput, id, domain.Command[*network.Organisation](network.EraseContactPerson{}))
	if err != nil {
		return nil, err
	}
	return r.organisationPayload(ctx, in.MutationInput, res), nil
}
