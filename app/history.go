package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
)

// History read from the event store, the source of truth, for what the
// history projection cannot answer: a revision it does not hold yet (a
// mutation payload shows the revision it made at once) and the exact diff
// between any two revisions. Changes are domain.RevisionChanges, the
// function the history projection uses, over states decoded as the log
// reads now (after an erasure, without the erased data).

// StoredRevision is one revision as read from the event store, with its
// changes.
type StoredRevision struct {
	eventstore.Revision
	Changes []domain.Change
}

// Revision reads revision number of subject id (of type want, "" for any)
// and computes its changes; NOT_FOUND when there is none.
func (s *Service) Revision(ctx context.Context, id uuid.UUID, number int, want domain.SubjectType) (StoredRevision, error) {
	if number < 1 {
		return StoredRevision{}, domain.NotFound("revision")
	}
	revs, err := s.store.ReadRevisions(ctx, id, number, number)
	if err != nil {
		return StoredRevision{}, err
	}
	if len(revs) == 0 || (want != "" && revs[0].StreamType != want) {
		return StoredRevision{}, domain.NotFound("revision")
	}
	rev := revs[0]
	before, err := s.stateAt(ctx, rev.StreamType, rev.StreamID, rev.Revision-1)
	if err != nil {
		return StoredRevision{}, err
	}
	beforeDoc := domain.NewDoc()
	if rev.Revision > 1 {
		beforeDoc = before.Document()
	}
	// The state after is the state before, copied through JSON (as the
	// projection keeps it between revisions), evolved by rev's events.
	after, err := copyState(rev.StreamType, before)
	if err != nil {
		return StoredRevision{}, err
	}
	if err := s.store.Decoder().Apply(ctx, after, rev); err != nil {
		return StoredRevision{}, err
	}
	changes := domain.RevisionChanges(beforeDoc, after.Document(), rev.PersonalDataKeys(), erasedPathsOf(before, after))
	return StoredRevision{Revision: rev, Changes: changes}, nil
}

// Diff returns the changes that turn revision from of a subject into
// revision to (either direction), at or under pathPrefix ("" for all).
// NOT_FOUND when either revision does not exist.
func (s *Service) Diff(ctx context.Context, t domain.SubjectType, id uuid.UUID, from, to int, pathPrefix string) ([]domain.Change, error) {
	if from == to {
		return []domain.Change{}, nil
	}
	fromState, err := s.stateAt(ctx, t, id, from)
	if err != nil {
		return nil, err
	}
	toState, err := s.stateAt(ctx, t, id, to)
	if err != nil {
		return nil, err
	}
	changes := domain.RevisionChanges(fromState.Document(), toState.Document(), nil, erasedPathsOf(fromState, toState))
	if pathPrefix == "" {
		return changes, nil
	}
	return slices.DeleteFunc(changes, func(c domain.Change) bool { return !domain.HasPrefix(c.Path, pathPrefix) }), nil
}

// SubjectType returns the type of the subject with this id; found is false
// when no such subject exists.
func (s *Service) SubjectType(ctx context.Context, id uuid.UUID) (t domain.SubjectType, found bool, err error) {
	return s.store.StreamType(ctx, id)
}

// RevisionAt returns the last revision of the subject recorded at or
// before instant, 0 when there is none.
func (s *Service) RevisionAt(ctx context.Context, id uuid.UUID, instant time.Time) (int, error) {
	return s.store.RevisionAt(ctx, id, instant)
}

// DecodeEvent decodes one stored event as it reads now: personal data
// opened while its key exists, left out and marked redacted after erasure.
func (s *Service) DecodeEvent(ctx context.Context, rec eventstore.Record) (domain.Event, error) {
	return s.store.Decoder().Event(ctx, rec)
}

// stateAt loads a subject's state at a revision; revision 0 is the empty
// state before the first (not the latest, as for Load). NOT_FOUND when
// the revision does not exist.
func (s *Service) stateAt(ctx context.Context, t domain.SubjectType, id uuid.UUID, revision int) (domain.Aggregate, error) {
	if revision < 0 {
		return nil, domain.NotFound("revision")
	}
	switch t {
	case domain.SubjectStrategy:
		return loadState(ctx, s, Strategies, id, revision)
	case domain.SubjectCooperationConcept:
		return loadState(ctx, s, Concepts, id, revision)
	case domain.SubjectOrganisation:
		return loadState(ctx, s, Organisations, id, revision)
	case domain.SubjectLocation:
		return loadState(ctx, s, Locations, id, revision)
	case domain.SubjectDiscussionThread:
		return loadState(ctx, s, Discussions, id, revision)
	}
	return nil, fmt.Errorf("unknown subject type %q", t)
}

func loadState[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], id uuid.UUID, revision int) (domain.Aggregate, error) {
	if revision == 0 {
		return kind.New(), nil
	}
	loaded, err := Load(ctx, svc, kind, id, revision)
	if err != nil {
		return nil, err
	}
	return loaded.State, nil
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

// erasedPathsOf returns the erased paths of the given states (subjects
// without personal data have none), sorted and without duplicates.
func erasedPathsOf(states ...domain.Aggregate) []string {
	var all []string
	for _, s := range states {
		if pd, ok := s.(domain.PersonalData); ok {
			all = append(all, pd.ErasedPaths()...)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}
