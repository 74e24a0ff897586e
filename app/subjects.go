package app

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
)

// The stream kinds of the planner's aggregates. Bump a StateVersion when the
// JSON shape of its state changes: older snapshots are then ignored.
var (
	Strategies = eventstore.StreamKind[*strategy.Strategy]{
		Type: domain.SubjectStrategy, New: func() *strategy.Strategy { return &strategy.Strategy{} }, StateVersion: 2, // 2: retiredKeys, contentRevision kept by monitoring
	}
	Concepts = eventstore.StreamKind[*cooperation.Concept]{
		Type: domain.SubjectCooperationConcept, New: func() *cooperation.Concept { return &cooperation.Concept{} }, StateVersion: 2, // 2: retiredKeys
	}
	Organisations = eventstore.StreamKind[*network.Organisation]{
		Type: domain.SubjectOrganisation, New: func() *network.Organisation { return &network.Organisation{} }, StateVersion: 1,
	}
	Locations = eventstore.StreamKind[*network.Location]{
		Type: domain.SubjectLocation, New: func() *network.Location { return &network.Location{} }, StateVersion: 1,
	}
	Discussions = eventstore.StreamKind[*discussion.Thread]{
		Type: domain.SubjectDiscussionThread, New: func() *discussion.Thread { return &discussion.Thread{} }, StateVersion: 1,
	}
)

// RestoreStrategyRevision makes the content of an earlier revision current
// again: the content is read from the log, then decided as a command.
func RestoreStrategyRevision(ctx context.Context, svc *Service, id uuid.UUID, revision int, req Request) (Result[*strategy.Strategy], error) {
	past, err := pastContent(ctx, svc, Strategies, id, revision)
	if err != nil {
		return Result[*strategy.Strategy]{}, err
	}
	cmd := strategy.RestoreStrategyRevision{Revision: revision, Content: past.State.Content}
	return Execute(ctx, svc, Strategies, id, domain.Command[*strategy.Strategy](cmd), req)
}

// RestoreCooperationConceptRevision is RestoreStrategyRevision for concepts.
func RestoreCooperationConceptRevision(ctx context.Context, svc *Service, id uuid.UUID, revision int, req Request) (Result[*cooperation.Concept], error) {
	past, err := pastContent(ctx, svc, Concepts, id, revision)
	if err != nil {
		return Result[*cooperation.Concept]{}, err
	}
	cmd := cooperation.RestoreCooperationConceptRevision{Revision: revision, Content: past.State.Content}
	return Execute(ctx, svc, Concepts, id, domain.Command[*cooperation.Concept](cmd), req)
}

func pastContent[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], id uuid.UUID, revision int) (eventstore.Loaded[S], error) {
	if revision < 1 {
		return eventstore.Loaded[S]{}, domain.Invalid("revision", "must be at least 1")
	}
	past, err := eventstore.Load(ctx, svc.store, kind, id, revision)
	if err != nil {
		return past, err
	}
	if past.Revision == 0 {
		return past, domain.NotFound(kind.Type.Noun())
	}
	if past.Revision < revision {
		return past, domain.Invalid("revision", "does not exist yet")
	}
	return past, nil
}

// Load returns a subject's state at a revision (0: the latest); NOT_FOUND
// when the subject or revision does not exist.
func Load[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], id uuid.UUID, revision int) (eventstore.Loaded[S], error) {
	loaded, err := eventstore.Load(ctx, svc.store, kind, id, revision)
	if err != nil {
		return loaded, err
	}
	if loaded.Revision == 0 || (revision > 0 && loaded.Revision < revision) {
		return loaded, domain.NotFound(kind.Type.Noun() + " revision")
	}
	return loaded, nil
}
