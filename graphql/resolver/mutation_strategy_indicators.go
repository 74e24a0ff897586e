package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
)

// Indicators: their definition, targets and actual values.

type YearValueInput struct {
	Year  int32
	Value float64
}

func yearValuesOf(in []YearValueInput) []strategy.YearValue {
	out := make([]strategy.YearValue, len(in))
	for i, v := range in {
		out[i] = strategy.YearValue{Year: int(v.Year), Value: v.Value}
	}
	return out
}

type AddIndicatorInput struct {
	EditInput
	StrategyID   graphql.ID
	ObjectiveID  graphql.ID
	IndicatorID  *graphql.ID
	Name         string
	Unit         string
	Baseline     float64
	BaselineYear int32
	Targets      *[]YearValueInput
}

func (r *Root) AddIndicator(ctx context.Context, args struct{ Input AddIndicatorInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	cmd := strategy.AddIndicator{
		ObjectiveID:  ids.id(in.ObjectiveID, "objectiveId"),
		IndicatorID:  ids.optional(in.IndicatorID, "indicatorId"),
		Name:         in.Name,
		Unit:         in.Unit,
		Baseline:     in.Baseline,
		BaselineYear: int(in.BaselineYear),
	}
	if in.Targets != nil {
		cmd.Targets = yearValuesOf(*in.Targets)
	}
	return r.strategyEdit(ctx, &ids, in.EditInput, id, cmd)
}

type UpdateIndicatorInput struct {
	EditInput
	StrategyID   graphql.ID
	IndicatorID  graphql.ID
	Name         graphql.NullString
	Unit         graphql.NullString
	Baseline     graphql.NullFloat
	BaselineYear graphql.NullInt
}

func (r *Root) UpdateIndicator(ctx context.Context, args struct{ Input UpdateIndicatorInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateIndicator{
		IndicatorID:  ids.id(in.IndicatorID, "indicatorId"),
		Name:         optString(in.Name),
		Unit:         optString(in.Unit),
		Baseline:     optFloat(in.Baseline),
		BaselineYear: optInt(in.BaselineYear),
	})
}

type SetIndicatorTargetsInput struct {
	EditInput
	StrategyID  graphql.ID
	IndicatorID graphql.ID
	Targets     []YearValueInput
}

func (r *Root) SetIndicatorTargets(ctx context.Context, args struct{ Input SetIndicatorTargetsInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.SetIndicatorTargets{
		IndicatorID: ids.id(in.IndicatorID, "indicatorId"),
		Targets:     yearValuesOf(in.Targets),
	})
}

type RecordIndicatorActualInput struct {
	EditInput
	StrategyID  graphql.ID
	IndicatorID graphql.ID
	Year        int32
	Value       float64
}

func (r *Root) RecordIndicatorActual(ctx context.Context, args struct{ Input RecordIndicatorActualInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.RecordIndicatorActual{
		IndicatorID: ids.id(in.IndicatorID, "indicatorId"),
		Year:        int(in.Year),
		Value:       in.Value,
	})
}
