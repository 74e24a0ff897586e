package history

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/subject"
)

// Name is the projection's name (its consumer group); Schema its schema.
const (
	Name   = "history"
	Schema = "proj_history"
)

// Projection maintains proj_history.
type Projection struct{}

// New returns the history projection.
func New() *Projection { return &Projection{} }

// Name implements projections.Projection.
func (*Projection) Name() string { return Name }

// Schema implements projections.Projection.
func (*Projection) Schema() string { return Schema }

// Apply records the revision with its changes and updates blame. When
// the subject's erased paths grow, its whole history is derived again from
// the log instead (see rederive).
func (*Projection) Apply(ctx context.Context, w *projections.Writer, u *projections.Update) error {
	rev := u.Revision
	erasedNow, personal := erasedPaths(u.State)
	var all []string
	if personal {
		known, err := knownErasures(ctx, w, rev.StreamID)
		if err != nil {
			return err
		}
		var added []string
		all, added = union(slices.Sorted(maps.Keys(known)), erasedNow)
		if len(added) > 0 {
			return rederive(ctx, w, u, known)
		}
	}
	changes := revisionChanges(u)
	domain.Redact(changes, all)
	row, err := revisionRow(rev, changes)
	if err != nil {
		return err
	}
	w.Queue(`INSERT INTO {schema}.revisions (`+revisionColumnList+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, row...)

	set, removed := blameChanges(u.BeforeLeaves(), u.AfterLeaves())
	if len(set) > 0 {
		w.Queue(`INSERT INTO {schema}.blame (subject_id, path, revision, actor_id, at)
			SELECT $1, unnest($2::text[]), $3, $4, $5
			ON CONFLICT (subject_id, path) DO UPDATE SET revision = excluded.revision,
				actor_id = excluded.actor_id, at = excluded.at`,
			rev.StreamID, set, rev.Revision, rev.ActorID, rev.RecordedAt)
	}
	if len(removed) > 0 {
		w.Queue(`DELETE FROM {schema}.blame WHERE subject_id = $1 AND path = ANY($2::text[])`, rev.StreamID, removed)
	}
	return nil
}

// rederive replaces the subject's revisions, blame and erased paths with
// rows derived from the log as it reads now, up to and including u. Once
// personal data is crypto-shredded the log itself no longer holds it: the
// earlier revisions then read as a rebuild reads them, and are redacted
// with every erased path, as a rebuild redacts them. Erasures are rare; a
// subject's history is bounded by what one subject accumulates.
func rederive(ctx context.Context, w *projections.Writer, u *projections.Update, known map[string]int) error {
	id := u.Revision.StreamID
	if u.Replay == nil {
		return fmt.Errorf("history: %s erased personal data but its revisions cannot be read again", id)
	}
	h := newSubjectHistory(id)
	if err := u.Replay(ctx, h.add); err != nil {
		return err
	}
	// Erasures stay erased even if the subject no longer lists them.
	for p, revision := range known {
		if !slices.Contains(h.erased, p) {
			h.erased = append(h.erased, p)
			h.erasedAt[p] = revision
		}
	}
	slices.Sort(h.erased)
	revisions, err := h.takeRevisions()
	if err != nil {
		return err
	}
	for _, table := range []string{"revisions", "blame", "erased_paths"} {
		w.Queue(`DELETE FROM {schema}.`+table+` WHERE subject_id = $1`, id)
	}
	if err := w.CopyFrom(ctx, "revisions", revisionColumns, revisions); err != nil {
		return err
	}
	if err := w.CopyFrom(ctx, "blame", blameColumns, h.blameRows()); err != nil {
		return err
	}
	return w.CopyFrom(ctx, "erased_paths", erasedColumns, h.erasedRows())
}

const revisionColumnList = `subject_id, number, subject_type, action, actor_id, actor_organisation_id, at, reason,
	command_id, correlation_id, position, changes`

var revisionColumns = []string{"subject_id", "number", "subject_type", "action", "actor_id", "actor_organisation_id",
	"at", "reason", "command_id", "correlation_id", "position", "changes"}

func revisionRow(rev eventstore.Revision, changes []domain.Change) ([]any, error) {
	if changes == nil {
		changes = []domain.Change{}
	}
	raw, err := json.Marshal(changes)
	if err != nil {
		return nil, fmt.Errorf("history: encode changes of %s revision %d: %w", rev.StreamID, rev.Revision, err)
	}
	return []any{rev.StreamID, rev.Revision, string(rev.StreamType), rev.Action, rev.ActorID,
		subject.NullUUID(rev.ActorOrganisationID), rev.RecordedAt, subject.NullString(rev.Reason), rev.CommandID,
		subject.NullUUID(rev.CorrelationID), rev.Position(), raw}, nil
}

// blameChanges returns the leaves a revision set (new or changed value)
// and the ones it removed.
func blameChanges(before, after map[string]any) (set, removed []string) {
	for path, v := range after {
		if old, ok := before[path]; !ok || !domain.Equal(old, v) {
			set = append(set, path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			removed = append(removed, path)
		}
	}
	return set, removed
}

// knownErasures returns the subject's erased paths with the revisions that
// erased them.
func knownErasures(ctx context.Context, w *projections.Writer, id uuid.UUID) (map[string]int, error) {
	rows, err := w.Query(ctx, `SELECT path, revision FROM {schema}.erased_paths WHERE subject_id = $1`, id)
	if err != nil {
		return nil, err
	}
	known := map[string]int{}
	var path string
	var revision int
	_, err = pgx.ForEachRow(rows, []any{&path, &revision}, func() error {
		known[path] = revision
		return nil
	})
	return known, err
}

// redactStored redacts the subject's stored revisions up to revision upTo
// with the erased paths all: a rebuild that wrote some of a stream's
// revisions before it saw the stream's erasures.
func redactStored(ctx context.Context, w *projections.Writer, id uuid.UUID, upTo int, all []string) error {
	rows, err := w.Query(ctx, `SELECT number, changes FROM {schema}.revisions WHERE subject_id = $1 AND number <= $2`, id, upTo)
	if err != nil {
		return err
	}
	type stored struct {
		number  int
		changes []domain.Change
	}
	var updates []stored
	var number int
	var raw []byte
	_, err = pgx.ForEachRow(rows, []any{&number, &raw}, func() error {
		var changes []domain.Change
		if err := json.Unmarshal(raw, &changes); err != nil {
			return fmt.Errorf("history: decode changes of %s revision %d: %w", id, number, err)
		}
		if domain.Redact(changes, all) {
			updates = append(updates, stored{number, changes})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, u := range updates {
		raw, err := json.Marshal(u.changes)
		if err != nil {
			return err
		}
		w.Queue(`UPDATE {schema}.revisions SET changes = $3 WHERE subject_id = $1 AND number = $2`, id, u.number, raw)
	}
	return nil
}
