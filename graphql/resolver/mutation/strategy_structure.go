package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Sections, priorities and objectives, and moving and removing any item.

type AddSectionInput struct {
	graph.EditInput
	StrategyID      graphql.ID
	SectionID       *graphql.ID
	Heading         string
	Body            *string
	BeforeSectionID *graphql.ID
}

func (r *Mutations) AddSection(ctx context.Context, args struct{ Input AddSectionInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddSection{
		SectionID:       ids.Optional(in.SectionID, "sectionId"),
		Heading:         in.Heading,
		Body:            graph.Deref(in.Body),
		BeforeSectionID: ids.Optional(in.BeforeSectionID, "beforeSectionId"),
	})
}

type UpdateSectionInput struct {
	graph.EditInput
	StrategyID graphql.ID
	SectionID  graphql.ID
	Heading    graphql.NullString
	Body       graphql.NullString
}

func (r *Mutations) UpdateSection(ctx context.Context, args struct{ Input UpdateSectionInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateSection{
		SectionID: ids.ID(in.SectionID, "sectionId"),
		Heading:   optString(in.Heading),
		Body:      optString(in.Body),
	})
}

type AddPriorityInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	PriorityID  *graphql.ID
	Title       string
	Description *string
}

func (r *Mutations) AddPriority(ctx context.Context, args struct{ Input AddPriorityInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddPriority{
		PriorityID:  ids.Optional(in.PriorityID, "priorityId"),
		Title:       in.Title,
		Description: graph.Deref(in.Description),
	})
}

type UpdatePriorityInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	PriorityID  graphql.ID
	Title       graphql.NullString
	Description graphql.NullString
}

func (r *Mutations) UpdatePriority(ctx context.Context, args struct{ Input UpdatePriorityInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdatePriority{
		PriorityID:  ids.ID(in.PriorityID, "priorityId"),
		Title:       optString(in.Title),
		Description: optString(in.Description),
	})
}

type AddObjectiveInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	PriorityID  graphql.ID
	ObjectiveID *graphql.ID
	Title       string
	Description *string
}

func (r *Mutations) AddObjective(ctx context.Context, args struct{ Input AddObjectiveInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddObjective{
		PriorityID:  ids.ID(in.PriorityID, "priorityId"),
		ObjectiveID: ids.Optional(in.ObjectiveID, "objectiveId"),
		Title:       in.Title,
		Description: graph.Deref(in.Description),
	})
}

type UpdateObjectiveInput struct {
	graph.EditInput
	StrategyID  graphql.ID
	ObjectiveID graphql.ID
	Title       graphql.NullString
	Description graphql.NullString
}

func (r *Mutations) UpdateObjective(ctx context.Context, args struct{ Input UpdateObjectiveInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateObjective{
		ObjectiveID: ids.ID(in.ObjectiveID, "objectiveId"),
		Title:       optString(in.Title),
		Description: optString(in.Description),
	})
}

type MoveItemInput struct {
	graph.EditInput
	StrategyID   graphql.ID
	ItemID       graphql.ID
	BeforeItemID *graphql.ID
}

func (r *Mutations) MoveItem(ctx context.Context, args struct{ Input MoveItemInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.MoveItem{
		ItemID:       ids.ID(in.ItemID, "itemId"),
		BeforeItemID: ids.Optional(in.BeforeItemID, "beforeItemId"),
	})
}

type RemoveItemInput struct {
	graph.EditInput
	StrategyID graphql.ID
	ItemID     graphql.ID
}

func (r *Mutations) RemoveItem(ctx context.Context, args struct{ Input RemoveItemInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.RemoveItem{ItemID: ids.ID(in.ItemID, "itemId")})
}
