package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
)

// Measures and their milestones.

type AddMeasureInput struct {
	EditInput
	StrategyID    graphql.ID
	ObjectiveID   graphql.ID
	MeasureID     *graphql.ID
	Title         string
	Description   *string
	LeadPartnerID *graphql.ID
	LocationIDs   *[]graphql.ID
	StartYear     int32
	EndYear       int32
}

func (r *Root) AddMeasure(ctx context.Context, args struct{ Input AddMeasureInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	cmd := strategy.AddMeasure{
		ObjectiveID:   ids.id(in.ObjectiveID, "objectiveId"),
		MeasureID:     ids.optional(in.MeasureID, "measureId"),
		Title:         in.Title,
		Description:   deref(in.Description),
		LeadPartnerID: ids.optional(in.LeadPartnerID, "leadPartnerId"),
		StartYear:     int(in.StartYear),
		EndYear:       int(in.EndYear),
	}
	if in.LocationIDs != nil {
		cmd.LocationIDs = ids.list(*in.LocationIDs, "locationIds")
	}
	return r.strategyEdit(ctx, &ids, in.EditInput, id, cmd)
}

type UpdateMeasureInput struct {
	EditInput
	StrategyID    graphql.ID
	MeasureID     graphql.ID
	Title         graphql.NullString
	Description   graphql.NullString
	LeadPartnerID graphql.NullID
	LocationIDs   NullIDList
	StartYear     graphql.NullInt
	EndYear       graphql.NullInt
}

// UpdateMeasure: a null leadPartnerId leaves the measure without a lead
// partner, null locationIds without locations.
func (r *Root) UpdateMeasure(ctx context.Context, args struct{ Input UpdateMeasureInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateMeasure{
		MeasureID:     ids.id(in.MeasureID, "measureId"),
		Title:         optString(in.Title),
		Description:   optString(in.Description),
		LeadPartnerID: ids.nullable(in.LeadPartnerID, "leadPartnerId"),
		LocationIDs:   ids.nullableList(in.LocationIDs, "locationIds"),
		StartYear:     optInt(in.StartYear),
		EndYear:       optInt(in.EndYear),
	})
}

type SetMeasureStatusInput struct {
	EditInput
	StrategyID graphql.ID
	MeasureID  graphql.ID
	Status     string
}

func (r *Root) SetMeasureStatus(ctx context.Context, args struct{ Input SetMeasureStatusInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.SetMeasureStatus{
		MeasureID: ids.id(in.MeasureID, "measureId"),
		Status:    strategy.MeasureStatus(in.Status),
	})
}

type AddMilestoneInput struct {
	EditInput
	StrategyID  graphql.ID
	MeasureID   graphql.ID
	MilestoneID *graphql.ID
	Title       string
	Due         Date
}

func (r *Root) AddMilestone(ctx context.Context, args struct{ Input AddMilestoneInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddMilestone{
		MeasureID:   ids.id(in.MeasureID, "measureId"),
		MilestoneID: ids.optional(in.MilestoneID, "milestoneId"),
		Title:       in.Title,
		Due:         string(in.Due),
	})
}

type UpdateMilestoneInput struct {
	EditInput
	StrategyID  graphql.ID
	MilestoneID graphql.ID
	Title       graphql.NullString
	Due         NullDate
}

func (r *Root) UpdateMilestone(ctx context.Context, args struct{ Input UpdateMilestoneInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateMilestone{
		MilestoneID: ids.id(in.MilestoneID, "milestoneId"),
		Title:       optString(in.Title),
		Due:         optDate(in.Due),
	})
}

type SetMilestoneDoneInput struct {
	EditInput
	StrategyID  graphql.ID
	MilestoneID graphql.ID
	Done        bool
}

func (r *Root) SetMilestoneDone(ctx context.Context, args struct{ Input SetMilestoneDoneInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.SetMilestoneDone{
		MilestoneID: ids.id(in.MilestoneID, "milestoneId"),
		Done:        in.Done,
	})
}
