package graph

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// History the projection cannot answer comes from the command service,
// which reads the event store: a mutation payload's revision before any
// projection has it, and exact diffs between any two revisions. Both use
// domain.RevisionChanges, as the history projection does, so they read
// alike.

// revisionNode resolves one revision of a subject from the event store
// (not from projections), so that a mutation payload can show the revision
// it made at once. subjectType is the subject's stream type ("" for any);
// number counts from 1.
func (r *Resolver) revisionNode(ctx context.Context, subjectType domain.SubjectType, id uuid.UUID, number int) (*RevisionResolver, error) {
	v, err := r.storedRevision(ctx, subjectType, id, number)
	return v, Fail(err)
}

// storedRevision is revisionNode with the error as the service returned
// it (node(id) answers null for NOT_FOUND).
func (r *Resolver) storedRevision(ctx context.Context, subjectType domain.SubjectType, id uuid.UUID, number int) (*RevisionResolver, error) {
	stored, err := r.Deps.App.Revision(ctx, id, number, subjectType)
	if err != nil {
		return nil, err
	}
	events := make([]storedEvent, len(stored.Events))
	for i, e := range stored.Events {
		events[i] = storedEvent{Record: e, At: stored.RecordedAt}
	}
	return &RevisionResolver{root: r, rev: historyRow(stored), events: events}, nil
}

// historyRow is a revision as the history projection records it, its
// values as stored rows read back (JSON).
func historyRow(rev app.StoredRevision) *readmodel.Revision {
	return &readmodel.Revision{
		SubjectID: rev.StreamID, SubjectType: rev.StreamType, Number: rev.Revision.Revision,
		Action: rev.Action, ActorID: rev.ActorID, ActorOrganisationID: nonNil(rev.ActorOrganisationID),
		At: rev.RecordedAt, Reason: rev.Reason, CommandID: rev.CommandID,
		CorrelationID: nonNil(rev.CorrelationID), Position: rev.Position(), Changes: asStored(rev.Changes),
	}
}

// asStored normalises change values through JSON, as the history
// projection's rows read back.
func asStored(changes []domain.Change) []domain.Change {
	for i := range changes {
		changes[i].Before, changes[i].After = domain.JSONValue(changes[i].Before), domain.JSONValue(changes[i].After)
	}
	return changes
}

func nonNil(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// diffRevisions returns the changes that turn revision from of a subject
// into revision to (either direction), at or under pathPrefix. Both must
// be revisions of the document as the client sees it (1..current);
// anything else is NOT_FOUND.
func (r *Resolver) diffRevisions(ctx context.Context, t domain.SubjectType, id uuid.UUID, current int, args diffArgs) ([]*ChangeResolver, error) {
	from, to := int(args.FromRevision), int(args.ToRevision)
	for _, n := range []int{from, to} {
		if n < 1 || n > current {
			return nil, Fail(domain.NotFound("revision"))
		}
	}
	prefix := ""
	if args.PathPrefix != nil {
		prefix = *args.PathPrefix
	}
	changes, err := r.Deps.App.Diff(ctx, t, id, from, to, prefix)
	if err != nil {
		return nil, Fail(err)
	}
	out := make([]*ChangeResolver, len(changes))
	for i, c := range asStored(changes) {
		out[i] = &ChangeResolver{c: c}
	}
	return out, nil
}
