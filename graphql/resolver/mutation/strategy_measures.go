package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Measures and their milestones.

type AddMeasureInput struct {
	graph.EditInput
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

func (r *Mutations) AddMeasure(ctx context.Context, args struct{ Input AddMeasureInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	cmd := strategy.AddMeasure{
		ObjectiveID:   ids.ID(in.ObjectiveID, "objectiveId"),
		MeasureID:     ids.Optional(in.MeasureID, "measureId"),
		Title:         in.Title,
		Description:   graph.Deref(in.Description),
		LeadPartnerID: ids.Optional(in.LeadPartnerID, "leadPartnerId"),
		StartYear:     int(in.StartYear),
		EndYear:       int(in.EndYear),
	}
	if in.LocationIDs != nil {
		cmd.LocationIDs = ids.List(*in.LocationIDs, "locationIds")
	}
	return r.strategyEdit(ctx, &ids, in.EditInput, id, cmd)
}

type UpdateMeasureInput struct {
	graph.EditInput
	StrategyID    graphql.ID
	MeasureID     graphql.ID
	Title         graphql.NullString
	Description   graphql.NullString
	LeadPartnerID graphql.NullID
	LocationIDs   graph.NullIDList
	StartYear     graphql.NullInt
	EndYear       graphql.NullInt
}

// UpdateMeasure: a null leadPartnerId leaves the measure without a lead
// partner, null locationIds without locations.
func (r *Mutations) UpdateMeasure(ctx context.Context, args struct{ Input UpdateMeasureInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateMeasure{
		MeasureID:     ids.ID(in.MeasureID, "measureId"),
		Title:         optString(in.Title),
		Description:   optString(in.Description),
		LeadPartnerID: ids.Nullable(in.LeadPartnerID, "leadPartnerId"),
		LocationIDs:   ids.NullableList(in.LocationIDs, "locationIds"),
		StartYear:     optInt(in.StartYear),
		EndYear:       optInt(in.EndYear),
	})
}

type SetMeasureStatusInput struct {
	graph.EditInput
	StrategyID graphql.ID
	MeasureID  graphql.ID
	Status     string
}

func (r *Mutations) SetMeasureStatus(ctx context.Context, args struct{ Input SetMeasureStatusInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.SetMeasureStatus{
		MeasureID: ids.ID(in.MeasureID, "measureId"),
		Status:    strategy.MeasureStatus(in.Status),
	})
}

type AddMilestoneInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	MeasureID   graphql.ID
	MilestoneID *graphql.ID
	Title       string
	Due         graph.Date
}

func (r *Mutations) AddMilestone(ctx context.Context, args struct{ Input AddMilestoneInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddMilestone{
		MeasureID:   ids.ID(in.MeasureID, "measureId"),
		MilestoneID: ids.Optional(in.MilestoneID, "milestoneId"),
		Title:       in.Title,
		Due:         string(in.Due),
	})
}

type UpdateMilestoneInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	MilestoneID graphql.ID
	Title       graphql.NullString
	Due         graph.NullDate
}

func (r *Mutations) UpdateMilestone(ctx context.Context, args struct{ Input UpdateMilestoneInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateMilestone{
		MilestoneID: ids.ID(in.MilestoneID, "milestoneId"),
		Title:       optString(in.Title),
		Due:         optDate(in.Due),
	})
}

type SetMilestoneDoneInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	MilestoneID graphql.ID
	Done        bool
}

func (r *Mutations) SetMilestoneDone(ctx context.Context, args struct{ Input SetMilestoneDoneInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.SetMilestoneDone{
		MilestoneID: ids.ID(in.MilestoneID, "milestoneId"),
		Done:        in.Done,
	})
}
