package history

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/follow"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// strategyRevised and cooperationConceptRevised push every revision of one
// document, in order, each once. Revision numbers of a stream are dense,
// so the follower only remembers the last one pushed: a notice for a later
// revision reads everything after it from the read model, which also fills
// any notices that were lost.

func (r *Revisions) StrategyRevised(ctx context.Context, args struct {
	ID            graphql.ID
	AfterRevision *int32
}) (<-chan *graph.RevisionResolver, error) {
	return r.subjectRevised(ctx, domain.SubjectStrategy, args.ID, args.AfterRevision)
}

func (r *Revisions) CooperationConceptRevised(ctx context.Context, args struct {
	ID            graphql.ID
	AfterRevision *int32
}) (<-chan *graph.RevisionResolver, error) {
	return r.subjectRevised(ctx, domain.SubjectCooperationConcept, args.ID, args.AfterRevision)
}

func (r *Revisions) subjectRevised(ctx context.Context, t domain.SubjectType, rawID graphql.ID, after *int32) (<-chan *graph.RevisionResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	id, parseErr := graph.ParseUUID(string(rawID))
	if parseErr != nil {
		checks.Fail("must be an id", "id")
	}
	if after != nil && *after < 0 {
		checks.Fail("must be at least 0", "afterRevision")
	}
	if err := checks.Err(); err != nil {
		return nil, graph.ArgumentError(err)
	}
	if err := r.RequireSubject(ctx, id, t); err != nil {
		return nil, graph.Fail(err)
	}
	f := &subjectFollower{read: r.Deps.Read, id: id}
	return r.followRevisions(ctx, actor, nil, f, func(ctx context.Context) error { return f.start(ctx, after) })
}

// subjectFollower follows one document.
type subjectFollower struct {
	read *readmodel.Reader
	id   uuid.UUID
	// last is the highest revision the client has: pushed, or named by
	// afterRevision.
	last int
}

// start takes afterRevision, or, without one, the revision the read
// models hold now: the client wants what comes next.
func (f *subjectFollower) start(ctx context.Context, after *int32) error {
	if after != nil {
		f.last = int(*after)
		return nil
	}
	var err error
	f.last, err = f.held(ctx)
	return err
}

// held is the latest revision both read models hold: the documents
// projection applies its revisions separately from the history one, and
// a revision is pushed only once a client re-reading the subject sees it.
func (f *subjectFollower) held(ctx context.Context) (int, error) {
	subject, err := f.read.Subject(ctx, f.id)
	if err != nil || subject == nil {
		return 0, err
	}
	page, err := f.read.Revisions(ctx, f.id, readmodel.Page{First: new(1)})
	if err != nil || len(page.Edges) == 0 {
		return 0, err
	}
	return min(subject.Revision, page.Edges[0].Node.Number), nil
}

func (f *subjectFollower) CatchUp(ctx context.Context) ([]*readmodel.Revision, bool, error) {
	held, err := f.held(ctx)
	if err != nil || held <= f.last {
		return nil, true, err
	}
	limit := min(held-f.last, follow.Page)
	revs, err := f.read.RevisionsAfter(ctx, f.id, f.last, limit)
	if err != nil {
		return nil, true, err
	}
	return revs, len(revs) < limit || f.last+len(revs) >= held, nil
}

func (f *subjectFollower) Noticed(ctx context.Context, n projections.Notice) ([]*readmodel.Revision, bool, error) {
	if n.Kind != projections.Applied {
		// Resync or Rebuilt: notices may be missing.
		return nil, true, nil
	}
	if n.StreamID != f.id || n.Revision <= f.last {
		return nil, false, nil
	}
	revs, err := f.read.RevisionsAfter(ctx, f.id, f.last, n.Revision-f.last)
	if err != nil {
		return nil, false, err
	}
	// Numbers are dense: a missing one would be a gap, so stop before it
	// and let the next notice (or catch-up) bring it.
	for i, rv := range revs {
		if rv.Number != f.last+1+i {
			return revs[:i], false, nil
		}
	}
	return revs, false, nil
}

func (f *subjectFollower) Sent(rv *readmodel.Revision) { f.last = rv.Number }
