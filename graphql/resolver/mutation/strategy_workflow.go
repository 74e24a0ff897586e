package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// The strategy's workflow (submit, review, adopt, reopen, archive) and
// history (restore, name a version). Workflow mutations need an exact
// expectedRevision when one is given (app.Execute checks).

type StrategyWorkflowInput struct {
	graph.EditInput
	StrategyID graphql.ID
}

func (r *Mutations) SubmitStrategyForReview(ctx context.Context, args struct{ Input StrategyWorkflowInput }) (*StrategyPayloadResolver, error) {
	return r.strategyWorkflow(ctx, args.Input, strategy.SubmitStrategyForReview{})
}

func (r *Mutations) AdoptStrategy(ctx context.Context, args struct{ Input StrategyWorkflowInput }) (*StrategyPayloadResolver, error) {
	return r.strategyWorkflow(ctx, args.Input, strategy.AdoptStrategy{})
}

func (r *Mutations) ReopenStrategy(ctx context.Context, args struct{ Input StrategyWorkflowInput }) (*StrategyPayloadResolver, error) {
	return r.strategyWorkflow(ctx, args.Input, strategy.ReopenStrategy{})
}

func (r *Mutations) ArchiveStrategy(ctx context.Context, args struct{ Input StrategyWorkflowInput }) (*StrategyPayloadResolver, error) {
	return r.strategyWorkflow(ctx, args.Input, strategy.ArchiveStrategy{})
}

func (r *Mutations) strategyWorkflow(ctx context.Context, in StrategyWorkflowInput, cmd domain.Command[*strategy.Strategy]) (*StrategyPayloadResolver, error) {
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, cmd)
}

type ReviewStrategyInput struct {
	graph.MutationInput
	StrategyID      graphql.ID
	ContentRevision int32
	Decision        string
	Comment         *string
}

// ReviewStrategy records the caller's decision; the reviewer, their
// organisation and its country come from authentication. The input names
// the contentRevision read, so it has no expectedRevision.
func (r *Mutations) ReviewStrategy(ctx context.Context, args struct{ Input ReviewStrategyInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.StrategyID, "strategyId")
	return r.strategyEdit(ctx, &ids, graph.EditInput{MutationInput: in.MutationInput}, id, strategy.ReviewStrategy{
		ContentRevision: int(in.ContentRevision),
		Decision:        strategy.ReviewDecision(in.Decision),
		Comment:         graph.Deref(in.Comment),
	})
}

type RestoreRevisionInput struct {
	graph.EditInput
	SubjectID graphql.ID
	Revision  int32
}

// RestoreStrategyRevision makes the content of an earlier revision current
// again; subjectId must be a strategy's (else NOT_FOUND).
func (r *Mutations) RestoreStrategyRevision(ctx context.Context, args struct{ Input RestoreRevisionInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.SubjectID, "subjectId")
	res, err := run(ctx, r, &ids, in.EditInput, func(req app.Request) (app.Result[*strategy.Strategy], error) {
		return app.RestoreStrategyRevision(ctx, r.Deps.App, id, int(in.Revision), req)
	})
	if err != nil {
		return nil, err
	}
	return r.strategyPayload(ctx, in.MutationInput, res), nil
}

type NameVersionInput struct {
	graph.EditInput
	SubjectID graphql.ID
	Revision  int32
	Name      string
	Note      *string
}

// NameStrategyVersion names a revision; subjectId must be a strategy's
// (else NOT_FOUND).
func (r *Mutations) NameStrategyVersion(ctx context.Context, args struct{ Input NameVersionInput }) (*StrategyPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.SubjectID, "subjectId")
	return r.strategyEdit(ctx, &ids, in.EditInput, id, strategy.NameStrategyVersion{
		Revision: int(in.Revision),
		Name:     in.Name,
		Note:     graph.Deref(in.Note),
	})
}

// PublishStrategy (ADMIN) makes the strategy's edition in force public.
func (r *Mutations) PublishStrategy(ctx context.Context, args struct{ Input StrategyWorkflowInput }) (*StrategyPayloadResolver, error) {
	return r.strategyWorkflow(ctx, args.Input, strategy.PublishStrategy{})
}

// UnpublishStrategy (ADMIN) withdraws it from the public view.
func (r *Mutations) UnpublishStrategy(ctx context.Context, args struct{ Input StrategyWorkflowInput }) (*StrategyPayloadResolver, error) {
	return r.strategyWorkflow(ctx, args.Input, strategy.UnpublishStrategy{})
}
