package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
)

// NodeByID resolves node(id): every Node type, with the same visibility as the typed
// fields (every authenticated caller reads everything): null for an id
// that names nothing, or that this server never made.
func (r *Resolver) NodeByID(ctx context.Context, raw graphql.ID) (*NodeResolver, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.waitForOwnWrites(ctx, actor); err != nil {
		return nil, err
	}
	id, ok := parseNodeID(raw)
	if !ok {
		return nil, nil
	}
	var n node
	switch id.Kind {
	case nodeBare:
		n, err = r.bareNode(ctx, id.Subject)
	case nodeRevision:
		n, err = r.revisionByID(ctx, id.Subject, id.Number)
	case nodeSnapshot:
		n, err = r.snapshotNode(ctx, id.Subject, id.Number)
	case nodeReview:
		n, err = r.reviewNode(ctx, id.Subject, id.Review)
	}
	if IsNotFound(err) || (err == nil && n == nil) {
		return nil, nil
	}
	if err != nil {
		return nil, Fail(err)
	}
	return &NodeResolver{node: n}, nil
}

// bareNode tells a document from an actor: stream ids and user ids never
// collide, so a document is looked for first, then a user.
func (r *Resolver) bareNode(ctx context.Context, id uuid.UUID) (node, error) {
	n, _, err := r.document(ctx, id, "")
	if n != nil || err != nil {
		return n, err
	}
	if id != domain.SystemActorID {
		// Actors answers every id (unknown ones with a placeholder), so
		// existence is asked of the directory itself.
		if _, err := r.Deps.Users.Get(ctx, id); err != nil {
			return nil, err
		}
	}
	return r.ActorByID(ctx, id)
}

// revisionByID reads a revision from the history projection, or from the
// event store while the projection does not hold it yet.
func (r *Resolver) revisionByID(ctx context.Context, subject uuid.UUID, number int) (node, error) {
	rev, err := r.Deps.Read.RevisionByNumber(ctx, subject, number)
	if err != nil {
		return nil, err
	}
	if rev != nil {
		return r.NewRevision(rev), nil
	}
	v, err := r.storedRevision(ctx, "", subject, number)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// snapshotNode is a strategy's or concept's content at one revision;
// other subjects have no snapshots.
func (r *Resolver) snapshotNode(ctx context.Context, subject uuid.UUID, number int) (node, error) {
	t, found, err := r.Deps.App.SubjectType(ctx, subject)
	if err != nil || !found {
		return nil, err
	}
	switch t {
	case domain.SubjectStrategy:
		s, err := r.strategySnapshot(ctx, subject, number)
		if err != nil {
			return nil, err
		}
		return s, nil
	case domain.SubjectCooperationConcept:
		c, err := r.conceptSnapshot(ctx, subject, number)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	return nil, nil
}

// reviewNode finds a review in its strategy's current state.
func (r *Resolver) reviewNode(ctx context.Context, strategyID, reviewID uuid.UUID) (node, error) {
	if err := r.RequireSubject(ctx, strategyID, domain.SubjectStrategy); err != nil {
		return nil, err
	}
	s, err := r.strategy(ctx, strategyID)
	if err != nil {
		return nil, err
	}
	for _, rv := range s.s.Reviews {
		if rv.ID == reviewID {
			return &ReviewResolver{root: r, strategyID: strategyID, r: rv}, nil
		}
	}
	return nil, nil
}
