package readmodel

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
)

// Revision is one accepted mutation of one subject.
type Revision struct {
	SubjectID           uuid.UUID
	SubjectType         domain.SubjectType
	Number              int
	Action              string
	ActorID             uuid.UUID
	ActorOrganisationID *uuid.UUID
	At                  time.Time
	Reason              string
	CommandID           uuid.UUID
	CorrelationID       *uuid.UUID
	// Position is the log position of the revision's last event.
	Position int64
	// Seq is the order in which the history applied the revision, which
	// is commit order: the audit log and its subscription read by it.
	// Positions are drawn before commit, so a revision may commit (and
	// appear) after one with a higher position; by seq it comes after it.
	Seq     int64
	Changes []Change
}

// Monitoring reports whether the revision recorded progress rather than
// edited content (strategy.IsMonitoringAction).
func (rv *Revision) Monitoring() bool {
	return rv.SubjectType == domain.SubjectStrategy && strategy.IsMonitoringAction(rv.Action)
}

// Change is one field-level change as the history keeps it: redacted
// where erased personal data was.
type Change = domain.Change

const revisionSelect = `r.subject_id, r.subject_type, r.number, r.action, r.actor_id, r.actor_organisation_id, r.at,
	COALESCE(r.reason, ''), r.command_id, r.correlation_id, r.position, r.seq, r.changes`

const revisionFrom = `FROM proj_history.revisions r`

func scanRevision(row pgx.Rows) (*Revision, error) {
	var rv Revision
	var typ string
	var changes []byte
	if err := row.Scan(&rv.SubjectID, &typ, &rv.Number, &rv.Action, &rv.ActorID, &rv.ActorOrganisationID, &rv.At,
		&rv.Reason, &rv.CommandID, &rv.CorrelationID, &rv.Position, &rv.Seq, &changes); err != nil {
		return nil, err
	}
	rv.SubjectType = domain.SubjectType(typ)
	if err := json.Unmarshal(changes, &rv.Changes); err != nil {
		return nil, fmt.Errorf("changes of %s revision %d: %w", rv.SubjectID, rv.Number, err)
	}
	return &rv, nil
}

// queryRevisions runs a query of revision rows, redacting erased
// personal data (erasure.go).
func (r *Reader) queryRevisions(ctx context.Context, sql string, args ...any) ([]*Revision, error) {
	rows, err := r.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	revs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Revision, error) { return scanRevision(row.(pgx.Rows)) })
	if err != nil {
		return nil, err
	}
	return revs, r.redactRevisions(ctx, revs)
}

// fetchRevisions is fetch for revision lists, redacting erased personal
// data (erasure.go).
func (r *Reader) fetchRevisions(ctx context.Context, l list, p Page, keyOf func(*Revision) []any) (*Connection[*Revision], error) {
	conn, err := fetch(ctx, r.pool, l, p, scanRevision, keyOf)
	if err != nil {
		return nil, err
	}
	return conn, r.redactRevisions(ctx, conn.Nodes())
}

// Revisions lists a subject's revisions, newest first. A page is a range
// of the (subject_id, number) key and totalCount the subject's latest
// revision number, so both cost the same for 10 revisions as for 100,000.
func (r *Reader) Revisions(ctx context.Context, subject uuid.UUID, p Page) (*Connection[*Revision], error) {
	l := revisionList(subject)
	l.totals = func(ctx context.Context) (int, error) {
		var n int
		err := r.pool.QueryRow(ctx, `SELECT COALESCE((SELECT revision FROM proj_history.streams WHERE stream_id = $1), 0)`,
			subject).Scan(&n)
		return n, err
	}
	return r.fetchRevisions(ctx, l, p, func(rv *Revision) []any { return []any{rv.Number} })
}

func revisionList(subject uuid.UUID) list {
	l := list{name: "revisions", sel: revisionSelect, from: revisionFrom,
		key: []keyColumn{{"r.number", "integer"}}, desc: true}
	l.where = append(l.where, "r.subject_id = "+l.arg(subject))
	return l
}

// RevisionByNumber returns one revision of a subject, nil when there is
// no such revision.
func (r *Reader) RevisionByNumber(ctx context.Context, subject uuid.UUID, number int) (*Revision, error) {
	revs, err := r.RevisionsByKeys(ctx, []RevisionKey{{SubjectID: subject, Number: number}})
	if err != nil {
		return nil, err
	}
	return revs[0], nil
}

// RevisionKey names one revision.
type RevisionKey struct {
	SubjectID uuid.UUID
	Number    int
}

// RevisionsByKeys returns revisions in the order of keys, nil for unknown
// ones (for a dataloader of Revision nodes and payloads).
func (r *Reader) RevisionsByKeys(ctx context.Context, keys []RevisionKey) ([]*Revision, error) {
	subjects := make([]uuid.UUID, len(keys))
	numbers := make([]int, len(keys))
	for i, k := range keys {
		subjects[i], numbers[i] = k.SubjectID, k.Number
	}
	found, err := r.queryRevisions(ctx, `SELECT `+revisionSelect+` `+revisionFrom+`
		JOIN unnest($1::uuid[], $2::int[]) AS k(subject_id, number) USING (subject_id, number)`, subjects, numbers)
	if err != nil {
		return nil, fmt.Errorf("revisions by key: %w", err)
	}
	byKey := make(map[RevisionKey]*Revision, len(found))
	for _, rv := range found {
		byKey[RevisionKey{rv.SubjectID, rv.Number}] = rv
	}
	out := make([]*Revision, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, nil
}

// RevisionsAfter returns up to limit revisions of a subject after
// revision after, oldest first: what a reconnecting subscription missed.
func (r *Reader) RevisionsAfter(ctx context.Context, subject uuid.UUID, after, limit int) ([]*Revision, error) {
	revs, err := r.queryRevisions(ctx, `SELECT `+revisionSelect+` `+revisionFrom+`
		WHERE r.subject_id = $1 AND r.number > $2 ORDER BY r.number LIMIT $3`, subject, after, limit)
	if err != nil {
		return nil, fmt.Errorf("revisions after: %w", err)
	}
	return revs, nil
}

// AuditFilter is the contract's AuditFilter; nil fields do not filter.
// From is inclusive, To exclusive.
type AuditFilter struct {
	ActorID             *uuid.UUID
	ActorOrganisationID *uuid.UUID
	SubjectID           *uuid.UUID
	SubjectType         *domain.SubjectType
	Action              *string
	// Monitoring: true keeps monitoring revisions only, false leaves them out.
	Monitoring *bool
	From, To   *time.Time
}

func (f AuditFilter) apply(l *list) {
	add := func(cond string, v any) { l.where = append(l.where, strings.Replace(cond, "?", l.arg(v), 1)) }
	if f.ActorID != nil {
		add("r.actor_id = ?", *f.ActorID)
	}
	if f.ActorOrganisationID != nil {
		add("r.actor_organisation_id = ?", *f.ActorOrganisationID)
	}
	if f.SubjectID != nil {
		add("r.subject_id = ?", *f.SubjectID)
	}
	if f.SubjectType != nil {
		add("r.subject_type = ?", string(*f.SubjectType))
	}
	if f.Action != nil {
		add("r.action = ?", *f.Action)
	}
	if f.Monitoring != nil {
		cond := "(r.subject_type = 'STRATEGY' AND r.action = ANY(?))"
		if !*f.Monitoring {
			cond = "NOT " + cond
		}
		add(cond, strategy.MonitoringActions)
	}
	if f.From != nil {
		add("r.at >= ?", *f.From)
	}
	if f.To != nil {
		add("r.at < ?", *f.To)
	}
}

// AuditLog lists every revision of every subject, newest first, filtered.
// The order is seq, the order the history took the revisions in (commit
// order), so that a cursor never passes over a revision that commits
// later with a lower position: everything after a cursor is after it in
// the list for good. Each filter column has an index with seq, so a page
// is an index range; totalCount counts the matching rows.
func (r *Reader) AuditLog(ctx context.Context, p Page, f AuditFilter) (*Connection[*Revision], error) {
	return r.fetchRevisions(ctx, auditList(f), p, func(rv *Revision) []any { return []any{rv.Seq} })
}

func auditList(f AuditFilter) list {
	// "audit-seq": cursors of the earlier position-ordered list are
	// refused rather than read as seqs.
	l := list{name: "audit-seq", sel: revisionSelect, from: revisionFrom,
		key: []keyColumn{{"r.seq", "bigint"}}, desc: true}
	f.apply(&l)
	return l
}

// AuditAfter returns up to limit revisions matching f after seq after,
// in seq order: what a reconnecting auditLogAppended missed. Revisions
// the history takes in later always come after, whatever their position.
func (r *Reader) AuditAfter(ctx context.Context, f AuditFilter, after int64, limit int) ([]*Revision, error) {
	l := list{}
	f.apply(&l)
	l.where = append(l.where, "r.seq > "+l.arg(after))
	revs, err := r.queryRevisions(ctx, `SELECT `+revisionSelect+` `+revisionFrom+whereClause(l.where)+
		` ORDER BY r.seq LIMIT `+l.arg(limit), l.args...)
	if err != nil {
		return nil, fmt.Errorf("audit after: %w", err)
	}
	return revs, nil
}

// SeqAtPosition maps a log position a client knows (a pushed revision's
// position, or a payload's) to the audit order: the seq of the revision
// holding the event at position, or, when no event has that position, of
// the revision the history holds just below it. What a client has seen up
// to that revision is then what lies at or before that seq. 0 when the
// history holds nothing at or below position; callers wait until the
// history includes position first.
func (r *Reader) SeqAtPosition(ctx context.Context, position int64) (int64, error) {
	var seq int64
	err := r.pool.QueryRow(ctx, `SELECT COALESCE(
		(SELECT r.seq FROM events e JOIN proj_history.revisions r ON r.subject_id = e.stream_id AND r.number = e.revision
		 WHERE e.position = $1),
		(SELECT seq FROM proj_history.revisions WHERE position <= $1 ORDER BY position DESC LIMIT 1), 0)`, position).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("seq at position %d: %w", position, err)
	}
	return seq, nil
}

// LastSeq is the seq of the revision the history took in last, 0 when it
// holds none.
func (r *Reader) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := r.pool.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM proj_history.revisions`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last seq: %w", err)
	}
	return seq, nil
}

// BlameEntry says which revision and actor last set a current leaf.
type BlameEntry struct {
	Path     string
	Revision int
	ActorID  uuid.UUID
	At       time.Time
}

// Blame returns the blame of every current leaf of a subject at or under
// pathPrefix ("" for all), by path.
func (r *Reader) Blame(ctx context.Context, subject uuid.UUID, pathPrefix string) ([]BlameEntry, error) {
	prefix := strings.TrimSuffix(pathPrefix, "/")
	// Paths are "C"-collated: a prefix is a byte range ('0' follows '/').
	rows, err := r.pool.Query(ctx, `SELECT path, revision, actor_id, at FROM proj_history.blame
		WHERE subject_id = $1 AND ($2 = '' OR path = $2 OR (path >= $2 || '/' AND path < $2 || '0'))
		ORDER BY path`, subject, prefix)
	if err != nil {
		return nil, fmt.Errorf("blame: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (BlameEntry, error) {
		var b BlameEntry
		err := row.Scan(&b.Path, &b.Revision, &b.ActorID, &b.At)
		return b, err
	})
}
