package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Pilots: planned, updated, started, completed or cancelled.

type PlanPilotInput struct {
	graph.EditInput
	ConceptID    graphql.ID
	PilotID      *graphql.ID
	LocationID   graphql.ID
	StartDate    graph.Date
	EndDate      *graph.Date
	Participants int32
}

func (r *Mutations) PlanPilot(ctx context.Context, args struct{ Input PlanPilotInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.PlanPilot{
		PilotID:      ids.Optional(in.PilotID, "pilotId"),
		LocationID:   ids.ID(in.LocationID, "locationId"),
		StartDate:    string(in.StartDate),
		EndDate:      dateOf(in.EndDate),
		Participants: int(in.Participants),
	})
}

type UpdatePilotInput struct {
	graph.EditInput
	ConceptID    graphql.ID
	PilotID      graphql.ID
	LocationID   graphql.NullID
	StartDate    graph.NullDate
	EndDate      graph.NullDate
	Participants graphql.NullInt
}

// UpdatePilot: null clears the end date; location, start date and
// participants are required.
func (r *Mutations) UpdatePilot(ctx context.Context, args struct{ Input UpdatePilotInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.UpdatePilot{
		PilotID:      ids.ID(in.PilotID, "pilotId"),
		LocationID:   ids.Nullable(in.LocationID, "locationId"),
		StartDate:    optDate(in.StartDate),
		EndDate:      optDate(in.EndDate),
		Participants: optInt(in.Participants),
	})
}

type PilotRefInput struct {
	graph.EditInput
	ConceptID graphql.ID
	PilotID   graphql.ID
}

func (r *Mutations) StartPilot(ctx context.Context, args struct{ Input PilotRefInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.StartPilot{PilotID: ids.ID(in.PilotID, "pilotId")})
}

func (r *Mutations) CancelPilot(ctx context.Context, args struct{ Input PilotRefInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.CancelPilot{PilotID: ids.ID(in.PilotID, "pilotId")})
}

type CompletePilotInput struct {
	graph.EditInput
	ConceptID    graphql.ID
	PilotID      graphql.ID
	Outcome      string
	Lessons      *string
	Participants *int32
}

func (r *Mutations) CompletePilot(ctx context.Context, args struct{ Input CompletePilotInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.CompletePilot{
		PilotID:      ids.ID(in.PilotID, "pilotId"),
		Outcome:      in.Outcome,
		Lessons:      graph.Deref(in.Lessons),
		Participants: int32Of(in.Participants),
	})
}
