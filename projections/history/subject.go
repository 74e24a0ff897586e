package history

import (
	"github.com/creativeclusters/planner/domain"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
)

// subjectHistory derives a subject's rows from its revisions in order:
// what a rebuild does for every stream, and what the live projection does
// again for a subject whose personal data was erased.
type subjectHistory struct {
	id       uuid.UUID
	pending  []pendingRevision
	blame    map[string]blameEntry
	erased   []string
	erasedAt map[string]int
}

type blameEntry struct {
	revision int
	actor    uuid.UUID
	at       time.Time
}

type pendingRevision struct {
	rev     eventstore.Revision
	changes []domain.Change
}

func newSubjectHistory(id uuid.UUID) *subjectHistory {
	return &subjectHistory{id: id, blame: map[string]blameEntry{}, erasedAt: map[string]int{}}
}

// add takes the next revision.
func (h *subjectHistory) add(u *projections.Update) error {
	rev := u.Revision
	if u.Personal {
		var added []string
		h.erased, added = union(h.erased, u.Erased)
		for _, p := range added {
			h.erasedAt[p] = rev.Revision
		}
	}
	h.pending = append(h.pending, pendingRevision{rev: rev, changes: revisionChanges(u)})
	set, removed := domain.LeafChanges(u.BeforeLeaves(), u.AfterLeaves())
	for _, p := range set {
		h.blame[p] = blameEntry{revision: rev.Revision, actor: rev.ActorID, at: rev.RecordedAt}
	}
	for _, p := range removed {
		delete(h.blame, p)
	}
	return nil
}

// takeRevisions returns the rows of the revisions taken since the last
// call, redacted with every erasure seen so far.
func (h *subjectHistory) takeRevisions() ([][]any, error) {
	rows := make([][]any, 0, len(h.pending))
	for _, p := range h.pending {
		domain.Redact(p.changes, h.erased)
		row, err := revisionRow(p.rev, p.changes)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	h.pending = h.pending[:0]
	return rows, nil
}

// blameRows returns the current blame, by path.
func (h *subjectHistory) blameRows() [][]any {
	paths := make([]string, 0, len(h.blame))
	for p := range h.blame {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	rows := make([][]any, len(paths))
	for i, p := range paths {
		b := h.blame[p]
		rows[i] = []any{h.id, p, b.revision, b.actor, b.at}
	}
	return rows
}

// erasedRows returns every erased path with the revision that erased it.
func (h *subjectHistory) erasedRows() [][]any {
	rows := make([][]any, len(h.erased))
	for i, p := range h.erased {
		rows[i] = []any{h.id, p, h.erasedAt[p]}
	}
	return rows
}

var (
	blameColumns  = []string{"subject_id", "path", "revision", "actor_id", "at"}
	erasedColumns = []string{"subject_id", "path", "revision"}
)
