package public

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// QueryFields are the root fields a request without a token may
// select (transport.Config.AnonymousQueryFields). They, and everything
// below them (the Public* types of this package), never call graph.Viewer: they serve only what an
// ADMIN published. Every other field still answers UNAUTHENTICATED.
var QueryFields = []string{"publicDocuments", "publicStrategy", "publicConcept"}

type (
	PublicDocumentConnectionResolver = graph.Connection[*PublicDocumentResolver]
	PublicDocumentEdgeResolver       = graph.Edge[*PublicDocumentResolver]
)

// PublicDocuments lists the published documents from the documents read
// model, most recently published first; minPosition waits for a
// publication the caller knows of (the payload's position).
func (r *View) PublicDocuments(ctx context.Context, args struct {
	graph.ConnectionArgs
	MinPosition *string
}) (*PublicDocumentConnectionResolver, error) {
	var checks domain.Checks
	page := args.Page(&checks)
	position := graph.ParsePosition(args.MinPosition, &checks, "minPosition")
	if err := checks.Err(); err != nil {
		return nil, graph.ArgumentError(err)
	}
	if err := r.WaitFor(ctx, position); err != nil {
		return nil, err
	}
	count := graph.CountOnly(ctx)
	if count {
		page = graph.CountPage(page)
	}
	conn, err := r.Deps.Read.PublicDocuments(ctx, page)
	if err != nil {
		return nil, graph.ArgumentError(err)
	}
	if count {
		return graph.NewConnection[*readmodel.Subject, *PublicDocumentResolver](conn, nil), nil
	}
	view := r.newReading()
	nodes := make([]*PublicDocumentResolver, 0, len(conn.Edges))
	for _, s := range conn.Nodes() {
		d, err := view.document(ctx, s)
		if err != nil {
			return nil, graph.Fail(err)
		}
		nodes = append(nodes, d)
	}
	return graph.NewConnection(conn, nodes), nil
}

// document renders one listed subject. The read model listed it as
// published, so it has an adopted edition: a nil here is a row that breaks
// the rules, reported rather than served as a null the schema forbids.
func (v *reading) document(ctx context.Context, s *readmodel.Subject) (*PublicDocumentResolver, error) {
	switch s.Type {
	case domain.SubjectStrategy:
		var state strategy.Strategy
		if err := json.Unmarshal(s.State, &state); err != nil {
			return nil, fmt.Errorf("decode strategy %s: %w", s.ID, err)
		}
		public, err := v.strategyFrom(ctx, &state)
		if err == nil && public == nil {
			err = fmt.Errorf("published strategy %s has no adopted edition", s.ID)
		}
		return &PublicDocumentResolver{strategy: public}, err
	case domain.SubjectCooperationConcept:
		var state cooperation.Concept
		if err := json.Unmarshal(s.State, &state); err != nil {
			return nil, fmt.Errorf("decode concept %s: %w", s.ID, err)
		}
		public, err := v.conceptFrom(ctx, &state)
		if err == nil && public == nil {
			err = fmt.Errorf("published concept %s is not adopted", s.ID)
		}
		return &PublicDocumentResolver{concept: public}, err
	}
	return nil, fmt.Errorf("subject %s of type %s listed as public", s.ID, s.Type)
}

// PublicStrategy is a published strategy's edition in force, read from the
// event store: a withdrawal counts at once. Null for anything else,
// whether it exists or not, so the public learns nothing of unpublished
// documents.
func (r *View) PublicStrategy(ctx context.Context, args struct{ ID graphql.ID }) (*PublicStrategyResolver, error) {
	id, err := uuid.Parse(string(args.ID))
	if err != nil {
		return nil, nil
	}
	s, err := r.newReading().publicStrategy(ctx, id)
	return s, graph.Fail(err)
}

// PublicConcept is a published, adopted cooperation concept; null for
// anything else.
func (r *View) PublicConcept(ctx context.Context, args struct{ ID graphql.ID }) (*PublicConceptResolver, error) {
	id, err := uuid.Parse(string(args.ID))
	if err != nil {
		return nil, nil
	}
	c, err := r.newReading().publicConcept(ctx, id)
	return c, graph.Fail(err)
}
