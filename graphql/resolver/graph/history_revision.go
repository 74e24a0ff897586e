package graph

import (
	"context"
	"encoding/hex"
	"strconv"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/projections/readmodel"
)

// RevisionResolver renders one accepted mutation of one subject. Its data
// is a history row (readmodel.Revision), either read from the history
// projection or computed from the event store in the very same shape
// (history_store.go), so that a payload's revision and the projected one
// read alike.
type RevisionResolver struct {
	root *Resolver
	rev  *readmodel.Revision
	// events are the revision's stored events when they were read with
	// it (from the event store); nil means load them on demand.
	events []storedEvent
}

func (r *Resolver) NewRevision(rev *readmodel.Revision) *RevisionResolver {
	return &RevisionResolver{root: r, rev: rev}
}

func (v *RevisionResolver) key() readmodel.RevisionKey {
	return readmodel.RevisionKey{SubjectID: v.rev.SubjectID, Number: v.rev.Number}
}

func (v *RevisionResolver) ID() graphql.ID      { return revisionID(v.rev.SubjectID, v.rev.Number) }
func (v *RevisionResolver) Number() int32       { return int32(v.rev.Number) }
func (v *RevisionResolver) SubjectType() string { return string(v.rev.SubjectType) }
func (v *RevisionResolver) Action() string      { return v.rev.Action }
func (v *RevisionResolver) Monitoring() bool    { return v.rev.Monitoring() }
func (v *RevisionResolver) At() DateTime        { return NewDateTime(v.rev.At) }
func (v *RevisionResolver) Reason() *string     { return Optional(v.rev.Reason) }
func (v *RevisionResolver) CommandID() graphql.ID {
	return graphql.ID(v.rev.CommandID.String())
}

func (v *RevisionResolver) CorrelationID() *graphql.ID {
	if v.rev.CorrelationID == nil || *v.rev.CorrelationID == uuid.Nil {
		return nil
	}
	return new(graphql.ID(v.rev.CorrelationID.String()))
}

// Position is decimal text: JSON numbers lose precision beyond 2^53.
func (v *RevisionResolver) Position() string { return strconv.FormatInt(v.rev.Position, 10) }

// Subject is the document as it is now (the history is about it, not a
// snapshot of it).
func (v *RevisionResolver) Subject(ctx context.Context) (*HistorySubjectResolver, error) {
	n, err := v.root.loadDocument(ctx, v.rev.SubjectType, v.rev.SubjectID)
	if err != nil {
		return nil, Fail(err)
	}
	return &HistorySubjectResolver{node: n}, nil
}

func (v *RevisionResolver) Actor(ctx context.Context) (*ActorResolver, error) {
	return v.root.ActorByID(ctx, v.rev.ActorID)
}

func (v *RevisionResolver) Changes() []*ChangeResolver {
	out := make([]*ChangeResolver, len(v.rev.Changes))
	for i, c := range v.rev.Changes {
		out[i] = &ChangeResolver{c: c}
	}
	return out
}

func (v *RevisionResolver) Events(ctx context.Context) ([]*EventRecordResolver, error) {
	events := v.events
	if events == nil {
		var err error
		if events, err = v.root.readLoaders(ctx).events.Load(ctx, v.key())(); err != nil {
			return nil, Fail(err)
		}
	}
	out := make([]*EventRecordResolver, len(events))
	for i, e := range events {
		out[i] = &EventRecordResolver{root: v.root, e: e}
	}
	return out, nil
}

// ChangeResolver renders one field-level change; personal data erased
// since is null in before/after, with redacted set.
type ChangeResolver struct {
	c readmodel.Change
}

func (c *ChangeResolver) Path() string   { return c.c.Path }
func (c *ChangeResolver) Kind() string   { return string(c.c.Kind) }
func (c *ChangeResolver) Before() *JSON  { return jsonValue(c.c.Before) }
func (c *ChangeResolver) After() *JSON   { return jsonValue(c.c.After) }
func (c *ChangeResolver) Redacted() bool { return c.c.Redacted }

// jsonValue serves Go nil as GraphQL null.
func jsonValue(v any) *JSON {
	if v == nil {
		return nil
	}
	return &JSON{Value: v}
}

// revisionsOf resolves history rows, registering what the selected fields
// of every item will load before any resolves (sel: the selection of one
// revision), so that a page costs one batch per kind of reference.
func (r *Resolver) revisionsOf(ctx context.Context, sel selection, revs []*readmodel.Revision) []*RevisionResolver {
	out := make([]*RevisionResolver, len(revs))
	for i, rv := range revs {
		out[i] = r.NewRevision(rv)
	}
	if len(revs) == 0 {
		return out
	}
	if sel.Has("actor") {
		ids := make([]uuid.UUID, len(revs))
		for i, rv := range revs {
			ids[i] = rv.ActorID
		}
		r.prefetchActors(ctx, sel.Under("actor"), ids)
	}
	if sel.Has("subject") {
		ids := make([]uuid.UUID, len(revs))
		for i, rv := range revs {
			ids[i] = rv.SubjectID
		}
		r.prepareDocuments(ctx, sel.Under("subject"), r.Warm(ctx, ids))
	}
	if _, ok := r.prefetcher(ctx); ok && (sel.Has("events") || sel.Has("hash")) {
		l := r.readLoaders(ctx)
		for _, v := range out {
			l.events.Load(ctx, v.key())
		}
	}
	return out
}

// Hash is the stream's chain hash up to the revision's last event.
func (v *RevisionResolver) Hash(ctx context.Context) (string, error) {
	events := v.events
	if len(events) == 0 || events[len(events)-1].Hash == nil {
		var err error
		if events, err = v.root.readLoaders(ctx).events.Load(ctx, v.key())(); err != nil {
			return "", Fail(err)
		}
	}
	if len(events) == 0 {
		return "", nil
	}
	return hex.EncodeToString(events[len(events)-1].Hash), nil
}
