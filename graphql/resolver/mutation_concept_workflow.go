package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// The concept's workflow (specify, evaluate, adopt, discontinue) and
// history (restore, name a version).

type ConceptWorkflowInput struct {
	EditInput
	ConceptID graphql.ID
}

func (r *Root) SpecifyCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.SpecifyCooperationConcept{})
}

func (r *Root) AdoptCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.AdoptCooperationConcept{})
}

func (r *Root) DiscontinueCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.DiscontinueCooperationConcept{})
}

func (r *Root) conceptWorkflow(ctx context.Context, in ConceptWorkflowInput, cmd domain.Command[*cooperation.Concept]) (*CooperationConceptPayloadResolver, error) {
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cmd)
}

type EvaluateConceptInput struct {
	EditInput
	ConceptID      graphql.ID
	Recommendation string
	Findings       string
}

func (r *Root) EvaluateCooperationConcept(ctx context.Context, args struct{ Input EvaluateConceptInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.ConceptID, "conceptId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.EvaluateCooperationConcept{
		Recommendation: cooperation.Recommendation(in.Recommendation),
		Findings:       in.Findings,
	})
}

// RestoreCooperationConceptRevision makes the content of an earlier
// revision current again; subjectId must be a concept's (else NOT_FOUND).
func (r *Root) RestoreCooperationConceptRevision(ctx context.Context, args struct{ Input RestoreRevisionInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.SubjectID, "subjectId")
	res, err := run(ctx, r, &ids, in.EditInput, func(req app.Request) (app.Result[*cooperation.Concept], error) {
		return app.RestoreCooperationConceptRevision(ctx, r.deps.App, id, int(in.Revision), req)
	})
	if err != nil {
		return nil, err
	}
	return r.conceptPayload(ctx, in.MutationInput, res), nil
}

// NameCooperationConceptVersion names a revision; subjectId must be a
// concept's (else NOT_FOUND).
func (r *Root) NameCooperationConceptVersion(ctx context.Context, args struct{ Input NameVersionInput }) (*CooperationConceptPayloadResolver, error) {
	in := args.Input
	var ids inputIDs
	id := ids.id(in.SubjectID, "subjectId")
	return r.conceptEdit(ctx, &ids, in.EditInput, id, cooperation.NameCooperationConceptVersion{
		Revision: int(in.Revision),
		Name:     in.Name,
		Note:     deref(in.Note),
	})
}

// PublishCooperationConcept (ADMIN) makes an adopted concept public.
func (r *Root) PublishCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.PublishCooperationConcept{})
}

// UnpublishCooperationConcept (ADMIN) withdraws it from the public view.
func (r *Root) UnpublishCooperationConcept(ctx context.Context, args struct{ Input ConceptWorkflowInput }) (*CooperationConceptPayloadResolver, error) {
	return r.conceptWorkflow(ctx, args.Input, cooperation.UnpublishCooperationConcept{})
}
