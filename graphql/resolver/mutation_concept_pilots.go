package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/cooperation"
)

// Pilots: planned, updated, started, completed or cancelled.

type PlanPilotInput struct {
	EditInput
	ConceptID    graphql.ID
	PilotID      *graphql.ID
	LocationID   graphql.ID
	StartDate    Date
	EndDate      *Date
	Participants int32
}

func (r *Root) PlanPilot(ctx context.Context, args struct{ Input PlanPilotInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.PlanPilot{
		PilotID:      ids.optional(in.PilotID, "pilotId"),
		LocationID:   ids.id(in.LocationID, "locationId"),
		StartDate:    string(in.StartDate),
		EndDate:      dateOf(in.EndDate),
		Participants: int(in.Participants),
	})
}

type UpdatePilotInput struct {
	EditInput
	ConceptID    graphql.ID
	PilotID      graphql.ID
	LocationID   graphql.NullID
	StartDate    NullDate
	EndDate      NullDate
	Participants graphql.NullInt
}

// UpdatePilot: null clears the end date; location, start date and
// participants are required.
func (r *Root) UpdatePilot(ctx context.Context, args struct{ Input UpdatePilotInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.UpdatePilot{
		PilotID:      ids.id(in.PilotID, "pilotId"),
		LocationID:   ids.nullable(in.LocationID, "locationId"),
		StartDate:    optDate(in.StartDate),
		EndDate:      optDate(in.EndDate),
		Participants: optInt(in.Participants),
	})
}

type PilotRefInput struct {
	EditInput
	ConceptID graphql.ID
	PilotID   graphql.ID
}

func (r *Root) StartPilot(ctx context.Context, args struct{ Input PilotRefInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.StartPilot{PilotID: ids.id(in.PilotID, "pilotId")})
}

func (r *Root) CancelPilot(ctx context.Context, args struct{ Input PilotRefInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.CancelPilot{PilotID: ids.id(in.PilotID, "pilotId")})
}

type CompletePilotInput struct {
	EditInput
	ConceptID    graphql.ID
	PilotID      graphql.ID
	Outcome      string
	Lessons      *string
	Participants *int32
}

func (r *Root) CompletePilot(ctx context.Context, args struct{ Input CompletePilotInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.CompletePilot{
		PilotID:      ids.id(in.PilotID, "pilotId"),
		Outcome:      in.Outcome,
		Lessons:      deref(in.Lessons),
		Participants: int32Of(in.Participants),
	})
}
