package mutation

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// The concept's workflow (specify, evaluate, adopt, discontinue) and
// history (restore, name a version).

type ConceptWorkflowInput struct {
	graph.EditInput
	ConceptID graphql.ID
}

func (r *Mutations) SpecifyCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.SpecifyCooperationConcept{})
}

func (r *Mutations) AdoptCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.AdoptCooperationConcept{})
}

func (r *Mutations) DiscontinueCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.DiscontinueCooperationConcept{})
}

func (r *Mutations) conceptWorkflow(ctx context.Context, in ConceptWorkflowInput, cmd domain.Command[*cooperation.Concept]) (*CooperationConceptPayloadResolver, error) {
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cmd)
}

type EvaluateConceptInput struct {
	graph.EditInput
	ConceptID      graphql.ID
	Recommendation string
	Findings       string
}

func (r *Mutations) EvaluateCooperationConcept(ctx context.Context, args struct{ Input EvaluateConceptInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.EvaluateCooperationConcept{
		Recommendation: cooperation.Recommendation(in.Recommendation),
		Findings:       in.Findings,
	})
}

// RestoreCooperationConceptRevision makes the content of an earlier
// revision current again; subjectId must be a concept's (else NOT_FOUND).
func (r *Mutations) RestoreCooperationConceptRevision(ctx context.Context, args struct{ Input RestoreRevisionInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.SubjectID, "subjectId")
	res, err := run(ctx, r, &ids, in.EditInput, func(req app.Request) (app.Result[*cooperation.Concept], error) {
		return app.RestoreCooperationConceptRevision(ctx, r.Deps.App, id, int(in.Revision), req)
	})
	if err != nil {
		return nil, err
	}
	return r.conceptPayload(ctx, in.MutationInput, res), nil
}

// NameCooperationConceptVersion names a revision; subjectId must be a
// concept's (else NOT_FOUND).
func (r *Mutations) NameCooperationConceptVersion(ctx context.Context, args struct{ Input NameVersionInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.SubjectID, "subjectId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.NameCooperationConceptVersion{
		Revision: int(in.Revision),
		Name:     in.Name,
		Note:     graph.Deref(in.Note),
	})
}

// PublishCooperationConcept (ADMIN) makes an adopted concept public.
func (r *Mutations) PublishCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.PublishCooperationConcept{})
}

// UnpublishCooperationConcept (ADMIN) withdraws it from the public view.
func (r *Mutations) UnpublishCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.UnpublishCooperationConcept{})
}
