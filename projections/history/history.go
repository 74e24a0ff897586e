package history

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

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

// Apply records each revision with its changes and updates blame. A run
// of revisions without personal data is written from their digests in
// three statements (revisions, blame set, blame removed); a revision of a
// subject with personal data is applied on its own, and when the
// subject's erased paths grow, its whole history is derived again from the
// log instead (see rederive).
func (*Projection) Apply(ctx context.Context, w *projections.Writer, batch []*projections.Update) error {
	var run []*projections.Update
	for _, u := range batch {
		if !u.Personal {
			run = append(run, u)
			continue
		}
		if err := queueDigests(w, run); err != nil {
			return err
		}
		run = run[:0]
		if err := applyPersonal(ctx, w, u); err != nil {
			return err
		}
	}
	return queueDigests(w, run)
}

// queueDigests queues the rows of revisions without personal data, from
// their digests: their changes as they are (there is nothing to redact),
// and blame folded over the run, so that each path is written once.
func queueDigests(w *projections.Writer, run []*projections.Update) error {
	if len(run) == 0 {
		return nil
	}
	var rows revisionArrays
	type blameKey struct {
		subject uuid.UUID
		path    string
	}
	blame := map[blameKey]*blameEntry{} // nil entry: removed
	var keys []blameKey
	for _, u := range run {
		rev := u.Revision
		if err := rows.add(rev, u.Digest.Changes); err != nil {
			return err
		}
		entry := &blameEntry{revision: rev.Revision, actor: rev.ActorID, at: rev.RecordedAt}
		for _, p := range u.Digest.Set {
			k := blameKey{rev.StreamID, p}
			if _, seen := blame[k]; !seen {
				keys = append(keys, k)
			}
			blame[k] = entry
		}
		for _, p := range u.Digest.Removed {
			k := blameKey{rev.StreamID, p}
			if _, seen := blame[k]; !seen {
				keys = append(keys, k)
			}
			blame[k] = nil
		}
	}
	w.Queue(`INSERT INTO {schema}.revisions (`+revisionColumnList+`)
		SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
			$7::timestamptz[], $8::text[], $9::uuid[], $10::uuid[], $11::bigint[], $12::jsonb[])`, rows.args()...)
	var (
		setIDs, setActors, removedIDs []uuid.UUID
		setPaths, removedPaths        []string
		setRevisions                  []int
		setAt                         []time.Time
	)
	for _, k := range keys {
		e := blame[k]
		if e == nil {
			removedIDs, removedPaths = append(removedIDs, k.subject), append(removedPaths, k.path)
			continue
		}
		setIDs, setPaths = append(setIDs, k.subject), append(setPaths, k.path)
		setRevisions, setActors, setAt = append(setRevisions, e.revision), append(setActors, e.actor), append(setAt, e.at)
	}
	if len(setIDs) > 0 {
		w.Queue(`INSERT INTO {schema}.blame (subject_id, path, revision, actor_id, at)
			SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::timestamptz[])
			ON CONFLICT (subject_id, path) DO UPDATE SET revision = excluded.revision,
				actor_id = excluded.actor_id, at = excluded.at`,
			setIDs, setPaths, setRevisions, setActors, setAt)
	}
	if len(removedIDs) > 0 {
		w.Queue(`DELETE FROM {schema}.blame b USING unnest($1::uuid[], $2::text[]) AS r(subject_id, path)
			WHERE b.subject_id = r.subject_id AND b.path = r.path`, removedIDs, removedPaths)
	}
	return nil
}

// applyPersonal records one revision of a subject with personal data,
// redacted with every erasure known, or derives the subject's history
// again when the revision erased something new.
func applyPersonal(ctx context.Context, w *projections.Writer, u *projections.Update) error {
	rev := u.Revision
	known, err := knownErasures(ctx, w, rev.StreamID)
	if err != nil {
		return err
	}
	all, added := union(slices.Sorted(maps.Keys(known)), u.Erased)
	if len(added) > 0 {
		return rederive(ctx, w, u, known)
	}
	changes := revisionChanges(u)
	domain.Redact(changes, all)
	row, err := revisionRow(rev, changes)
	if err != nil {
		return err
	}
	w.Queue(`INSERT INTO {schema}.revisions (`+revisionColumnList+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, row...)

	set, removed := domain.LeafChanges(u.BeforeLeaves(), u.AfterLeaves())
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

// revisionArrays are revisions rows as one typed array per column, for
// unnest.
type revisionArrays struct {
	subjects, actors, commands  []uuid.UUID
	organisations, correlations []*uuid.UUID
	numbers                     []int
	types, actions              []string
	reasons                     []*string
	at                          []time.Time
	positions                   []int64
	changes                     []string
}

func (a *revisionArrays) add(rev eventstore.Revision, changes []domain.Change) error {
	if changes == nil {
		changes = []domain.Change{}
	}
	raw, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("history: encode changes of %s revision %d: %w", rev.StreamID, rev.Revision, err)
	}
	a.subjects = append(a.subjects, rev.StreamID)
	a.numbers = append(a.numbers, rev.Revision)
	a.types = append(a.types, string(rev.StreamType))
	a.actions = append(a.actions, rev.Action)
	a.actors = append(a.actors, rev.ActorID)
	a.organisations = append(a.organisations, subject.NullUUID(rev.ActorOrganisationID))
	a.at = append(a.at, rev.RecordedAt)
	a.reasons = append(a.reasons, subject.NullString(rev.Reason))
	a.commands = append(a.commands, rev.CommandID)
	a.correlations = append(a.correlations, subject.NullUUID(rev.CorrelationID))
	a.positions = append(a.positions, rev.Position())
	a.changes = append(a.changes, string(raw))
	return nil
}

func (a *revisionArrays) args() []any {
	return []any{a.subjects, a.numbers, a.types, a.actions, a.actors, a.organisations, a.at, a.reasons,
		a.commands, a.correlations, a.positions, a.changes}
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
	// Stored revisions are rewritten in place, keeping their seq (the
	// order consumers of the audit log read by); the new one is added.
	var numbers []int
	var changes []string
	var fresh [][]any
	for _, row := range revisions {
		if number := row[1].(int); number < u.Revision.Revision {
			numbers, changes = append(numbers, number), append(changes, string(row[11].([]byte)))
			continue
		}
		fresh = append(fresh, row)
	}
	w.Queue(`UPDATE {schema}.revisions r SET changes = c.changes
		FROM unnest($2::int[], $3::jsonb[]) AS c(number, changes)
		WHERE r.subject_id = $1 AND r.number = c.number`, id, numbers, changes)
	for _, table := range []string{"blame", "erased_paths"} {
		w.Queue(`DELETE FROM {schema}.`+table+` WHERE subject_id = $1`, id)
	}
	if err := w.CopyFrom(ctx, "revisions", revisionColumns, fresh); err != nil {
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
