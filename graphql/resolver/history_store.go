package resolver

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// History computed from the event store, the source of truth: a
// mutation's payload shows the revision it made before any projection has
// it, and diffs between any two revisions are exact. Changes are computed
// as the history projection computes them (domain.Diff of the documents
// before and after, the document before revision 1 being empty, personal
// data redacted), over states decoded as the log reads now, which is what
// the projection's rows are derived from once personal data was erased.

// revisionNode resolves one revision of a subject from the event store
// (not from projections), so that a mutation payload can show the revision
// it made at once. subjectType is the subject's stream type; number counts
// from 1.
func (r *Root) revisionNode(ctx context.Context, subjectType domain.SubjectType, id uuid.UUID, number int) (*RevisionResolver, error) {
	v, err := r.storedRevision(ctx, id, number, subjectType)
	return v, fail(err)
}

// storedRevision reads revision number of stream id (of type want, "" for
// any) from the event store and computes its changes; NOT_FOUND when there
// is none.
func (r *Root) storedRevision(ctx context.Context, id uuid.UUID, number int, want domain.SubjectType) (*RevisionResolver, error) {
	if number < 1 {
		return nil, domain.NotFound("revision")
	}
	revs, err := r.deps.App.Store().ReadRevisions(ctx, id, number, number)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 || (want != "" && revs[0].StreamType != want) {
		return nil, domain.NotFound("revision")
	}
	rev := revs[0]
	changes, err := r.revisionChanges(ctx, rev)
	if err != nil {
		return nil, err
	}
	events := make([]storedEvent, len(rev.Events))
	for i, e := range rev.Events {
		events[i] = storedEvent{Record: e, At: rev.RecordedAt}
	}
	return &RevisionResolver{root: r, rev: historyRow(rev, changes), events: events}, nil
}

// historyRow is a revision as the history projection records it.
func historyRow(rev eventstore.Revision, changes []readmodel.Change) *readmodel.Revision {
	return &readmodel.Revision{
		SubjectID: rev.StreamID, SubjectType: rev.StreamType, Number: rev.Revision,
		Action: rev.Action, ActorID: rev.ActorID, ActorOrganisationID: nonNil(rev.ActorOrganisationID),
		At: rev.RecordedAt, Reason: rev.Reason, CommandID: rev.CommandID,
		CorrelationID: nonNil(rev.CorrelationID), Position: rev.Position(), Changes: changes,
	}
}

func nonNil(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// revisionChanges diffs the subject's document before rev with the one
// after it. The state after is the state before, copied through JSON (as
// the projection keeps it between revisions) and evolved by rev's events.
func (r *Root) revisionChanges(ctx context.Context, rev eventstore.Revision) ([]readmodel.Change, error) {
	before, err := r.stateAt(ctx, rev.StreamType, rev.StreamID, rev.Revision-1)
	if err != nil {
		return nil, err
	}
	beforeDoc := domain.NewDoc()
	if rev.Revision > 1 {
		beforeDoc = before.Document()
	}
	after, err := copyState(rev.StreamType, before)
	if err != nil {
		return nil, err
	}
	if err := eventstore.ApplyRevision(r.deps.App.Store().Registry(), after, rev); err != nil {
		return nil, err
	}
	return storedChanges(domain.Diff(beforeDoc, after.Document()), personalKeys(&rev), erasedPathsOf(before, after)), nil
}

func copyState(t domain.SubjectType, s domain.Aggregate) (domain.Aggregate, error) {
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("copy %s state: %w", t, err)
	}
	out, err := catalog.New(t)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("copy %s state: %w", t, err)
	}
	return out, nil
}

// stateAt loads a subject's state at a revision; revision 0 is the empty
// state before the first (not the latest, as for app.Load). NOT_FOUND
// when the revision does not exist.
func (r *Root) stateAt(ctx context.Context, t domain.SubjectType, id uuid.UUID, revision int) (domain.Aggregate, error) {
	if revision < 0 {
		return nil, domain.NotFound("revision")
	}
	switch t {
	case domain.SubjectStrategy:
		return loadState(ctx, r.deps.App, app.Strategies, id, revision)
	case domain.SubjectCooperationConcept:
		return loadState(ctx, r.deps.App, app.Concepts, id, revision)
	case domain.SubjectOrganisation:
		return loadState(ctx, r.deps.App, app.Organisations, id, revision)
	case domain.SubjectLocation:
		return loadState(ctx, r.deps.App, app.Locations, id, revision)
	}
	return nil, fmt.Errorf("unknown subject type %q", t)
}

func loadState[S domain.Aggregate](ctx context.Context, svc *app.Service, kind eventstore.StreamKind[S], id uuid.UUID, revision int) (domain.Aggregate, error) {
	if revision == 0 {
		return kind.New(), nil
	}
	loaded, err := app.Load(ctx, svc, kind, id, revision)
	if err != nil {
		return nil, err
	}
	return loaded.State, nil
}

// diffRevisions returns the changes that turn revision from of a subject
// into revision to (either direction), at or under pathPrefix. Both must
// be revisions of the document as the client sees it (1..current);
// anything else is NOT_FOUND.
func (r *Root) diffRevisions(ctx context.Context, t domain.SubjectType, id uuid.UUID, current int, args diffArgs) ([]*ChangeResolver, error) {
	from, to := int(args.FromRevision), int(args.ToRevision)
	for _, n := range []int{from, to} {
		if n < 1 || n > current {
			return nil, fail(domain.NotFound("revision"))
		}
	}
	if from == to {
		return []*ChangeResolver{}, nil
	}
	fromState, err := r.stateAt(ctx, t, id, from)
	if err != nil {
		return nil, fail(err)
	}
	toState, err := r.stateAt(ctx, t, id, to)
	if err != nil {
		return nil, fail(err)
	}
	prefix := ""
	if args.PathPrefix != nil {
		prefix = *args.PathPrefix
	}
	var diff []domain.Change
	for _, c := range domain.Diff(fromState.Document(), toState.Document()) {
		if domain.HasPrefix(c.Path, prefix) {
			diff = append(diff, c)
		}
	}
	changes := storedChanges(diff, nil, erasedPathsOf(fromState, toState))
	out := make([]*ChangeResolver, len(changes))
	for i, c := range changes {
		out[i] = &ChangeResolver{c: c}
	}
	return out, nil
}
