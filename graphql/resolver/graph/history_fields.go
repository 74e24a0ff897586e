package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// The history fields of Strategy, CooperationConcept and Organisation:
// lists and blame come from the history projection (keyset pages, an index
// range each); diffs come from the event store through the command service
// (history_store.go), where
// any two revisions can be compared exactly.

type diffArgs struct {
	FromRevision int32
	ToRevision   int32
	PathPrefix   *string
}

type blameArgs struct{ PathPrefix *string }

type revisionByNumberArgs struct{ Number int32 }

// subjectRevisions is Revisions of a document: newest first.
func (r *Resolver) subjectRevisions(ctx context.Context, id uuid.UUID, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	var checks domain.Checks
	page := args.Page(&checks)
	if err := checks.Err(); err != nil {
		return nil, ArgumentError(err)
	}
	conn, err := r.Deps.Read.Revisions(ctx, id, page)
	if err != nil {
		return nil, ArgumentError(err)
	}
	return r.RevisionConnection(ctx, conn), nil
}

// revisionByNumber reads a revision from the history projection, or, while
// the projection does not hold it yet, from the event store. A number
// outside the document's revisions (1..current) is null.
func (r *Resolver) revisionByNumber(ctx context.Context, t domain.SubjectType, id uuid.UUID, current int, number int32) (*RevisionResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	n := int(number)
	if n < 1 || n > current {
		return nil, nil
	}
	rev, err := r.Deps.Read.RevisionByNumber(ctx, id, n)
	if err != nil {
		return nil, Fail(err)
	}
	if rev != nil {
		return r.NewRevision(rev), nil
	}
	return r.revisionNode(ctx, t, id, n)
}

// blame lists who last set every current leaf under pathPrefix.
func (r *Resolver) blame(ctx context.Context, id uuid.UUID, args blameArgs) ([]*BlameEntryResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	prefix := ""
	if args.PathPrefix != nil {
		prefix = *args.PathPrefix
	}
	entries, err := r.Deps.Read.Blame(ctx, id, prefix)
	if err != nil {
		return nil, Fail(err)
	}
	out := make([]*BlameEntryResolver, len(entries))
	actors := make([]uuid.UUID, len(entries))
	for i, e := range entries {
		out[i] = &BlameEntryResolver{root: r, e: e}
		actors[i] = e.ActorID
	}
	if sel := SelectionOf(ctx); sel.Has("actor") {
		r.prefetchActors(ctx, sel.Under("actor"), actors)
	}
	return out, nil
}

func (s *StrategyResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return s.root.subjectRevisions(ctx, s.s.ID, args)
}

func (s *StrategyResolver) RevisionByNumber(ctx context.Context, args revisionByNumberArgs) (*RevisionResolver, error) {
	return s.root.revisionByNumber(ctx, domain.SubjectStrategy, s.s.ID, s.s.Revision, args.Number)
}

func (s *StrategyResolver) Diff(ctx context.Context, args diffArgs) ([]*ChangeResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	return s.root.diffRevisions(ctx, domain.SubjectStrategy, s.s.ID, s.s.Revision, args)
}

func (s *StrategyResolver) Blame(ctx context.Context, args blameArgs) ([]*BlameEntryResolver, error) {
	return s.root.blame(ctx, s.s.ID, args)
}

func (c *CooperationConceptResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return c.root.subjectRevisions(ctx, c.c.ID, args)
}

func (c *CooperationConceptResolver) RevisionByNumber(ctx context.Context, args revisionByNumberArgs) (*RevisionResolver, error) {
	return c.root.revisionByNumber(ctx, domain.SubjectCooperationConcept, c.c.ID, c.c.Revision, args.Number)
}

func (c *CooperationConceptResolver) Diff(ctx context.Context, args diffArgs) ([]*ChangeResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	return c.root.diffRevisions(ctx, domain.SubjectCooperationConcept, c.c.ID, c.c.Revision, args)
}

func (c *CooperationConceptResolver) Blame(ctx context.Context, args blameArgs) ([]*BlameEntryResolver, error) {
	return c.root.blame(ctx, c.c.ID, args)
}

func (o *OrganisationResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return o.root.subjectRevisions(ctx, o.o.ID, args)
}

func (o *OrganisationResolver) RevisionByNumber(ctx context.Context, args revisionByNumberArgs) (*RevisionResolver, error) {
	return o.root.revisionByNumber(ctx, domain.SubjectOrganisation, o.o.ID, o.o.Revision, args.Number)
}

func (o *OrganisationResolver) Diff(ctx context.Context, args diffArgs) ([]*ChangeResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	return o.root.diffRevisions(ctx, domain.SubjectOrganisation, o.o.ID, o.o.Revision, args)
}

func (o *OrganisationResolver) Blame(ctx context.Context, args blameArgs) ([]*BlameEntryResolver, error) {
	return o.root.blame(ctx, o.o.ID, args)
}

// BlameEntryResolver says which revision and actor last set a current
// leaf of a document.
type BlameEntryResolver struct {
	root *Resolver
	e    readmodel.BlameEntry
}

func (b *BlameEntryResolver) Path() string    { return b.e.Path }
func (b *BlameEntryResolver) Revision() int32 { return int32(b.e.Revision) }
func (b *BlameEntryResolver) At() DateTime    { return NewDateTime(b.e.At) }
func (b *BlameEntryResolver) Actor(ctx context.Context) (*ActorResolver, error) {
	return b.root.ActorByID(ctx, b.e.ActorID)
}
