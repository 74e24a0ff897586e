package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Query roots serve documents from the documents read model: its rows hold
// each subject's state as JSON, which decodes into the aggregate the write
// side's resolvers render. What a page of documents references (partners,
// locations, the concept's strategy) is read from the same model in one
// query and put into the request's loaders, so that the references cost
// one statement per level instead of one app.Load per document. A
// reference the read model lacks (not projected yet) is left to the
// loaders, which load it from the event store.

// decodeSubject returns the aggregate a read-model row holds.
func decodeSubject(s *readmodel.Subject) (domain.Aggregate, error) {
	state, err := catalog.New(s.Type)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(s.State, state); err != nil {
		return nil, fmt.Errorf("decode %s %s from the read model: %w", s.Type, s.ID, err)
	}
	return state, nil
}

// kept is a read-model row and the state it holds.
type kept struct {
	row   *readmodel.Subject
	state domain.Aggregate
}

// Keep decodes read-model rows (nil ones are skipped) and puts them into
// the request's loaders, together with when and by whom each was created
// and last updated. A value the request already holds (e.g. one a
// mutation produced) wins.
func (r *Resolver) Keep(ctx context.Context, rows []*readmodel.Subject) ([]kept, error) {
	l, cache := ctx.Value(loadersKey{}).(*Loaders)
	out := make([]kept, 0, len(rows))
	for _, s := range rows {
		if s == nil {
			continue
		}
		state, err := decodeSubject(s)
		if err != nil {
			return nil, err
		}
		out = append(out, kept{row: s, state: state})
		if !cache {
			continue
		}
		switch v := state.(type) {
		case *strategy.Strategy:
			l.strategies.Prime(ctx, s.ID, v)
		case *cooperation.Concept:
			l.concepts.Prime(ctx, s.ID, v)
		case *network.Organisation:
			l.organisations.Prime(ctx, s.ID, v)
		case *network.Location:
			l.locations.Prime(ctx, s.ID, v)
		}
		l.meta.Prime(ctx, metaKey{ID: s.ID, Revision: s.Revision}, streamMeta{
			CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy,
		})
	}
	return out, nil
}

// Warm reads the documents ids from the read model in one query and keeps
// them in the request's loaders; it returns what it found. It is an
// optimisation: without request loaders it does nothing, and a failure is
// logged, leaving the loads to the loaders.
func (r *Resolver) Warm(ctx context.Context, ids []uuid.UUID) []kept {
	if _, ok := ctx.Value(loadersKey{}).(*Loaders); !ok {
		return nil
	}
	ids = Distinct(ids)
	if len(ids) == 0 {
		return nil
	}
	rows, err := r.Deps.Read.Subjects(ctx, ids)
	if err == nil {
		var found []kept
		if found, err = r.Keep(ctx, rows); err == nil {
			return found
		}
	}
	r.Deps.Logger.WarnContext(ctx, "read model lookup for references failed; loading them from the event store", "error", err)
	return nil
}

// warmOrganisationLocations warms the locations of organisations warmed
// before, when the selection asks for an organisation's location anywhere
// (a guess that costs one query when wrong, never a wrong answer).
func (r *Resolver) warmOrganisationLocations(ctx context.Context, sel selection, warmed []kept) {
	if !slices.ContainsFunc(sel, func(p string) bool { return containsSegment(p, "location") }) {
		return
	}
	known := make(map[uuid.UUID]bool, len(warmed))
	for _, k := range warmed {
		known[k.row.ID] = true
	}
	var ids []uuid.UUID
	for _, k := range warmed {
		if o, ok := k.state.(*network.Organisation); ok && o.LocationID != uuid.Nil && !known[o.LocationID] {
			ids = append(ids, o.LocationID)
		}
	}
	r.Warm(ctx, ids)
}

// containsSegment reports whether the dotted selection path p has a
// segment named name followed by more ("partners.location.name").
func containsSegment(p, name string) bool {
	return strings.HasPrefix(p, name+".") || strings.Contains(p, "."+name+".")
}

func Distinct(ids []uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if id != uuid.Nil && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// documentNode wraps a document's state in its resolver.
func (r *Resolver) documentNode(state domain.Aggregate) node {
	switch s := state.(type) {
	case *strategy.Strategy:
		return r.NewStrategy(s)
	case *cooperation.Concept:
		return r.NewConcept(s)
	case *network.Organisation:
		return r.NewOrganisation(s)
	case *network.Location:
		return r.NewLocation(s)
	case *discussion.Thread:
		return r.NewDiscussion(s, nil)
	}
	return nil
}

// loadDocument loads the latest state of a document of a known type
// through the request's loaders (from the event store).
func (r *Resolver) loadDocument(ctx context.Context, t domain.SubjectType, id uuid.UUID) (node, error) {
	var (
		n   node
		err error
	)
	switch t {
	case domain.SubjectStrategy:
		var s *StrategyResolver
		if s, err = r.strategy(ctx, id); err == nil {
			n = s
		}
	case domain.SubjectCooperationConcept:
		var c *CooperationConceptResolver
		if c, err = r.concept(ctx, id); err == nil {
			n = c
		}
	case domain.SubjectOrganisation:
		var o *OrganisationResolver
		if o, err = r.OrganisationByID(ctx, id); err == nil {
			n = o
		}
	case domain.SubjectLocation:
		var l *LocationResolver
		if l, err = r.location(ctx, id); err == nil {
			n = l
		}
	case domain.SubjectDiscussionThread:
		var loaded eventstore.Loaded[*discussion.Thread]
		if loaded, err = app.Load(ctx, r.Deps.App, app.Discussions, id, 0); err == nil {
			n = r.NewDiscussion(loaded.State, nil)
		}
	default:
		err = fmt.Errorf("unknown subject type %q", t)
	}
	return n, err
}

// document finds a document for a root field or node(id): from the read
// model, or, when the read model does not hold it yet, from the event
// store, so that an existing document is never null. want restricts the
// type ("" for any); nil, nil means there is no such document. row is the
// read model's row, nil when it came from the event store.
func (r *Resolver) document(ctx context.Context, id uuid.UUID, want domain.SubjectType) (n node, row *readmodel.Subject, err error) {
	row, err = r.Deps.Read.Subject(ctx, id)
	if err != nil {
		return nil, nil, Fail(err)
	}
	if row != nil {
		n, err := r.documentOfRow(ctx, row, want)
		return n, row, err
	}
	t, found, err := r.Deps.App.SubjectType(ctx, id)
	if err != nil {
		return nil, nil, Fail(err)
	}
	if !found || (want != "" && t != want) {
		return nil, nil, nil
	}
	n, err = r.loadDocument(ctx, t, id)
	if err != nil {
		return nil, nil, Fail(err)
	}
	return n, nil, nil
}

// DocumentRoot reads one document of type want for a root field (nil when
// id names none of that type) and prepares what the selection references.
func (r *Resolver) DocumentRoot(ctx context.Context, id uuid.UUID, want domain.SubjectType) (node, error) {
	n, row, err := r.document(ctx, id, want)
	if n == nil || err != nil {
		return nil, err
	}
	return r.prepareRoot(ctx, n, row), nil
}

// prepareRoot prepares what the selection of a root field's document
// references (row: its read-model row, nil when it came from the event
// store).
func (r *Resolver) prepareRoot(ctx context.Context, n node, row *readmodel.Subject) node {
	sel := SelectionOf(ctx)
	switch d := n.(type) {
	case *StrategyResolver:
		r.PrepareStrategies(ctx, sel, []kept{{row: row, state: d.s}})
	case *CooperationConceptResolver:
		r.PrepareConcepts(ctx, sel, []kept{{row: row, state: d.c}})
	case *OrganisationResolver:
		r.PrepareOrganisations(ctx, sel, []kept{{row: row, state: d.o}})
	}
	return n
}

// Documents renders the rows the read model listed, dropping those that
// are not documents.
func (r *Resolver) Documents(ctx context.Context, rows []*readmodel.Subject) ([]node, error) {
	found, err := r.Keep(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := make([]node, 0, len(found))
	for _, k := range found {
		if n := r.documentNode(k.state); n != nil {
			out = append(out, n)
		}
	}
	return out, nil
}

// documentOfRow renders a read-model row of a root field's document; nil
// when it is not of type want ("" for any).
func (r *Resolver) documentOfRow(ctx context.Context, row *readmodel.Subject, want domain.SubjectType) (node, error) {
	if want != "" && row.Type != want {
		return nil, nil
	}
	found, err := r.Keep(ctx, []*readmodel.Subject{row})
	if err != nil {
		return nil, Fail(err)
	}
	return r.documentNode(found[0].state), nil
}
