package mutation

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Cooperation concept mutations: the concept and its partners. Edits are
// for PLANNERs of a partner organisation and ADMINs (app.Authorize).

// conceptEdit runs a command on the concept id and renders the payload.
func (r *Mutations) conceptEdit(ctx context.Context, ids *graph.InputIDs, in graph.EditInput, id uuid.UUID, cmd domain.Command[*cooperation.Concept]) (*CooperationConceptPayloadResolver, error) {
	res, err := edit(ctx, r, app.Concepts, ids, in, id, cmd)
	if err != nil {
		return nil, err
	}
	return r.conceptPayload(ctx, in.MutationInput, res), nil
}

type CreateCooperationConceptInput struct {
	graph.MutationInput
	Kind         string
	Title        string
	Summary      *string
	TargetGroups *[]string
	PartnerIDs   []graphql.ID
	StrategyID   *graphql.ID
}

func (r *Mutations) CreateCooperationConcept(ctx context.Context, args struct{ Input CreateCooperationConceptInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	cmd := cooperation.CreateCooperationConcept{
		Kind:       cooperation.Kind(in.Kind),
		Title:      in.Title,
		Summary:    graph.Deref(in.Summary),
		PartnerIDs: ids.List(in.PartnerIDs, "partnerIds"),
		StrategyID: ids.Optional(in.StrategyID, "strategyId"),
	}
	if in.TargetGroups != nil {
		cmd.TargetGroups = *in.TargetGroups
	}
	res, err := create(ctx, r, app.Concepts, &ids, in.MutationInput, domain.Command[*cooperation.Concept](cmd))
	if err != nil {
		return nil, err
	}
	return r.conceptPayload(ctx, in.MutationInput, res), nil
}

type UpdateCooperationConceptInput struct {
	graph.EditInput
	ConceptID    graphql.ID
	Title        graphql.NullString
	Summary      graphql.NullString
	TargetGroups graph.NullStringList
	StrategyID   graphql.NullID
}

// UpdateCooperationConcept: null clears the summary, the target groups or
// the strategy; a null title is refused.
func (r *Mutations) UpdateCooperationConcept(ctx context.Context, args struct{ Input UpdateCooperationConceptInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.UpdateCooperationConcept{
		Title:        optString(in.Title),
		Summary:      optString(in.Summary),
		TargetGroups: optStrings(in.TargetGroups),
		StrategyID:   ids.Nullable(in.StrategyID, "strategyId"),
	})
}

type ConceptPartnerInput struct {
	graph.EditInput
	ConceptID      graphql.ID
	OrganisationID graphql.ID
}

func (r *Mutations) AddConceptPartner(ctx context.Context, args struct{ Input ConceptPartnerInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	org := ids.ID(in.OrganisationID, "organisationId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.AddConceptPartner{OrganisationID: org})
}

func (r *Mutations) RemoveConceptPartner(ctx context.Context, args struct{ Input ConceptPartnerInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	org := ids.ID(in.OrganisationID, "organisationId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.RemoveConceptPartner{OrganisationID: org})
}
