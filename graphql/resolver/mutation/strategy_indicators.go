package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
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
	graph.EditInput
	StrategyID   graphql.ID
	ObjectiveID  graphql.ID
	IndicatorID  *graphql.ID
	Name         string
	Unit         string
	Baseline     float64
	BaselineYear int32
	Targets      *[]YearValueInput
}

func (r *Mutations) AddIndicator(ctx context.Context, args struct{ Input AddIndicatorInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	cmd := strategy.AddIndicator{
		ObjectiveID:  ids.ID(in.ObjectiveID, "objectiveId"),
		IndicatorID:  ids.Optional(in.IndicatorID, "indicatorId"),
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
	graph.EditInput
	StrategyID   graphql.ID
	IndicatorID  graphql.ID
	Name         graphql.NullString
	Unit         graphql.NullString
	Baseline     graphql.NullFloat
	BaselineYear graphql.NullInt
}

func (r *Mutations) UpdateIndicator(ctx context.Context, args struct{ Input UpdateIndicatorInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateIndicator{
		IndicatorID:  ids.ID(in.IndicatorID, "indicatorId"),
		Name:         optString(in.Name),
		Unit:         optString(in.Unit),
		Baseline:     optFloat(in.Baseline),
		BaselineYear: optInt(in.BaselineYear),
	})
}

type SetIndicatorTargetsInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	IndicatorID graphql.ID
	Targets     []YearValueInput
}

func (r *Mutations) SetIndicatorTargets(ctx context.Context, args struct{ Input SetIndicatorTargetsInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.SetIndicatorTargets{
		IndicatorID: ids.ID(in.IndicatorID, "indicatorId"),
		Targets:     yearValuesOf(in.Targets),
	})
}

type RecordIndicatorActualInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	IndicatorID graphql.ID
	Year        int32
	Value       float64
}

func (r *Mutations) RecordIndicatorActual(ctx context.Context, args struct{ Input RecordIndicatorActualInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.RecordIndicatorActual{
		IndicatorID: ids.ID(in.IndicatorID, "indicatorId"),
		Year:        int(in.Year),
		Value:       in.Value,
	})
}
