package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/strategy"
)

// Sections, priorities and objectives, and moving and removing any item.

type AddSectionInput struct {
	EditInput
	StrategyID      graphql.ID
	SectionID       *graphql.ID
	Heading         string
	Body            *string
	BeforeSectionID *graphql.ID
}

func (r *Root) AddSection(ctx context.Context, args struct{ Input AddSectionInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddSection{
		SectionID:       ids.optional(in.SectionID, "sectionId"),
		Heading:         in.Heading,
		Body:            deref(in.Body),
		BeforeSectionID: ids.optional(in.BeforeSectionID, "beforeSectionId"),
	})
}

type UpdateSectionInput struct {
	EditInput
	StrategyID graphql.ID
	SectionID  graphql.ID
	Heading    graphql.NullString
	Body       graphql.NullString
}

func (r *Root) UpdateSection(ctx context.Context, args struct{ Input UpdateSectionInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateSection{
		SectionID: ids.id(in.SectionID, "sectionId"),
		Heading:   optString(in.Heading),
		Body:      optString(in.Body),
	})
}

type AddPriorityInput struct {
	EditInput
	StrategyID  graphql.ID
	PriorityID  *graphql.ID
	Title       string
	Description *string
}

func (r *Root) AddPriority(ctx context.Context, args struct{ Input AddPriorityInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddPriority{
		PriorityID:  ids.optional(in.PriorityID, "priorityId"),
		Title:       in.Title,
		Description: deref(in.Description),
	})
}

type UpdatePriorityInput struct {
	EditInput
	StrategyID  graphql.ID
	PriorityID  graphql.ID
	Title       graphql.NullString
	Description graphql.NullString
}

func (r *Root) UpdatePriority(ctx context.Context, args struct{ Input UpdatePriorityInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdatePriority{
		PriorityID:  ids.id(in.PriorityID, "priorityId"),
		Title:       optString(in.Title),
		Description: optString(in.Description),
	})
}

type AddObjectiveInput struct {
	EditInput
	StrategyID  graphql.ID
	PriorityID  graphql.ID
	ObjectiveID *graphql.ID
	Title       string
	Description *string
}

func (r *Root) AddObjective(ctx context.Context, args struct{ Input AddObjectiveInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.AddObjective{
		PriorityID:  ids.id(in.PriorityID, "priorityId"),
		ObjectiveID: ids.optional(in.ObjectiveID, "objectiveId"),
		Title:       in.Title,
		Description: deref(in.Description),
	})
}

type UpdateObjectiveInput struct {
	EditInput
	StrategyID  graphql.ID
	ObjectiveID graphql.ID
	Title       graphql.NullString
	Description graphql.NullString
}

func (r *Root) UpdateObjective(ctx context.Context, args struct{ Input UpdateObjectiveInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.UpdateObjective{
		ObjectiveID: ids.id(in.ObjectiveID, "objectiveId"),
		Title:       optString(in.Title),
		Description: optString(in.Description),
	})
}

type MoveItemInput struct {
	EditInput
	StrategyID   graphql.ID
	ItemID       graphql.ID
	BeforeItemID *graphql.ID
}

func (r *Root) MoveItem(ctx context.Context, args struct{ Input MoveItemInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.MoveItem{
		ItemID:       ids.id(in.ItemID, "itemId"),
		BeforeItemID: ids.optional(in.BeforeItemID, "beforeItemId"),
	})
}

type RemoveItemInput struct {
	EditInput
	StrategyID graphql.ID
	ItemID     graphql.ID
}

func (r *Root) RemoveItem(ctx context.Context, args struct{ Input RemoveItemInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.RemoveItem{ItemID: ids.id(in.ItemID, "itemId")})
}
