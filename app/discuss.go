package app

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/eventstore"
)

// People tells the organisation of each person among ids who exists and
// may be mentioned (not erased); others are left out of the map.
type People func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error)

// StartDiscussion opens a thread on a document: the document is loaded as
// it is now (its partners decide who may write, its items what can be
// discussed) and handed to the command as discussion.Facts.
func StartDiscussion(ctx context.Context, svc *Service, people People, cmd discussion.StartDiscussion, req Request) (Result[*discussion.Thread], error) {
	facts, err := documentFacts(ctx, svc, cmd.DocumentType, cmd.DocumentID)
	if err != nil {
		return Result[*discussion.Thread]{}, err
	}
	if facts.People, err = mentioned(ctx, people, cmd.Mentions); err != nil {
		return Result[*discussion.Thread]{}, err
	}
	cmd.Facts = facts
	return Execute(ctx, svc, Discussions, uuid.Nil, domain.Command[*discussion.Thread](cmd), req)
}

// Discuss runs a command on an existing thread. build makes the command
// from the facts about the thread's document (NOT_FOUND when the thread
// does not exist); mentions are the people its input names.
func Discuss(ctx context.Context, svc *Service, people People, threadID uuid.UUID, mentions []uuid.UUID,
	build func(*discussion.Facts) domain.Command[*discussion.Thread], req Request) (Result[*discussion.Thread], error) {
	thread, err := eventstore.Load(ctx, svc.store, Discussions, threadID, 0)
	if err != nil {
		return Result[*discussion.Thread]{}, err
	}
	if thread.Revision == 0 {
		return Result[*discussion.Thread]{}, domain.NotFound("discussion")
	}
	facts, err := documentFacts(ctx, svc, thread.State.DocumentType, thread.State.DocumentID)
	if err != nil {
		return Result[*discussion.Thread]{}, err
	}
	if facts.People, err = mentioned(ctx, people, mentions); err != nil {
		return Result[*discussion.Thread]{}, err
	}
	return Execute(ctx, svc, Discussions, threadID, build(facts), req)
}

// documentFacts loads a discussable document as it is now.
func documentFacts(ctx context.Context, svc *Service, t domain.SubjectType, id uuid.UUID) (*discussion.Facts, error) {
	var (
		revision int
		doc      domain.Doc
	)
	switch t {
	case domain.SubjectStrategy:
		loaded, err := eventstore.Load(ctx, svc.store, Strategies, id, 0)
		if err != nil {
			return nil, err
		}
		revision, doc = loaded.Revision, loaded.State.Document()
	case domain.SubjectCooperationConcept:
		loaded, err := eventstore.Load(ctx, svc.store, Concepts, id, 0)
		if err != nil {
			return nil, err
		}
		revision, doc = loaded.Revision, loaded.State.Document()
	default:
		return nil, domain.Invalid("documentId", "only strategies and cooperation concepts can be discussed")
	}
	if revision == 0 {
		return nil, domain.NotFound(t.Noun())
	}
	facts := &discussion.Facts{DocumentType: t, DocumentID: id, Revision: revision, Doc: doc}
	for _, p := range doc.Lists["partners"] {
		if org, err := uuid.Parse(p.Key); err == nil {
			facts.Partners = append(facts.Partners, org)
		}
	}
	return facts, nil
}

func mentioned(ctx context.Context, people People, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error) {
	if len(ids) == 0 || len(ids) > domain.MaxReferenceList || people == nil {
		return map[uuid.UUID]uuid.UUID{}, nil
	}
	return people(ctx, ids)
}
