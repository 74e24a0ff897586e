package documents

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/subject"
)

// Name is the projection's name (its consumer group); Schema its schema.
const (
	Name   = "documents"
	Schema = "proj_documents"
)

// Projection maintains proj_documents.
type Projection struct{}

// KeepsState implements projections.StateKeeper: the API serves documents
// from the state in the streams table.
func (*Projection) KeepsState() bool { return true }

// New returns the documents projection.
func New() *Projection { return &Projection{} }

// Name implements projections.Projection.
func (*Projection) Name() string { return Name }

// Schema implements projections.Projection.
func (*Projection) Schema() string { return Schema }

// Apply upserts each subject's row as of its last revision in the batch
// and, for subjects whose versions or reviews changed, rewrites those from
// the state the digest carries then (domain.StateLists).
func (*Projection) Apply(ctx context.Context, w *projections.Writer, batch []*projections.Update) error {
	type subjectState struct {
		first, last *projections.Update
		lists       *projections.Update // the last update that changed versions or reviews
		patch       statePatch
	}
	var order []uuid.UUID
	subjects := map[uuid.UUID]*subjectState{}
	for _, u := range batch {
		id := u.Revision.StreamID
		st := subjects[id]
		if st == nil {
			st = &subjectState{first: u}
			subjects[id] = st
			order = append(order, id)
		}
		st.last = u
		st.patch.add(u.Digest.StatePatch)
		if u.Digest.Touches(domain.StateLists...) {
			st.lists = u
		}
	}
	rows := make([][]any, 0, len(order))
	var listIDs []uuid.UUID
	var versions, reviews [][]any
	for _, id := range order {
		st := subjects[id]
		// created_* come from revision 1, which the order guard applies
		// first; an update keeps the stored ones.
		rows = append(rows, subjectRow(st.last.Revision, subject.Of(st.last.Digest.Head()),
			st.first.Revision.RecordedAt, st.first.Revision.ActorID))
		// The state is patched in place (a new subject's patch starts by
		// setting the whole of it; the values of an insert are computed
		// even when the row exists, hence the CASE); the guard row this
		// inserts for a new stream is completed by the runner.
		last := st.last.Revision
		paths, values, deletes := st.patch.arrays()
		w.Queue(`INSERT INTO {schema}.streams AS st (stream_id, stream_type, revision, position, state, applied_at)
			VALUES ($1, $2, $3, $4, CASE WHEN ($5::text[])[1] = '{}' THEN planner_patch_jsonb('null'::jsonb, $5, $6, $7) ELSE 'null'::jsonb END, now())
			ON CONFLICT (stream_id) DO UPDATE SET state = planner_patch_jsonb(st.state, $5, $6, $7)`,
			id, string(last.StreamType), last.Revision, last.Position(), paths, values, deletes)
		if st.lists == nil {
			continue
		}
		l, err := decodeLists(st.lists.Digest.State)
		if err != nil {
			return err
		}
		listIDs = append(listIDs, id)
		versions = append(versions, versionRows(id, l.Versions)...)
		reviews = append(reviews, reviewRows(id, l.Reviews)...)
	}
	w.Queue(`INSERT INTO {schema}.subjects (`+subjectColumnList+`)
		SELECT id, type, title, status, kind, country, partner_ids::uuid[], location_ids::uuid[], strategy_id,
			revision, position, updated_at, updated_by, created_at, created_by
		FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
			$7::text[], $8::text[], $9::uuid[], $10::int[], $11::bigint[], $12::timestamptz[], $13::uuid[],
			$14::timestamptz[], $15::uuid[])
			AS r(id, type, title, status, kind, country, partner_ids, location_ids, strategy_id, revision, position,
				updated_at, updated_by, created_at, created_by)
		ON CONFLICT (id) DO UPDATE SET type = excluded.type, title = excluded.title, status = excluded.status,
			kind = excluded.kind, country = excluded.country, partner_ids = excluded.partner_ids,
			location_ids = excluded.location_ids, strategy_id = excluded.strategy_id, revision = excluded.revision,
			position = excluded.position, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		subjectArrays(rows)...)
	if len(listIDs) > 0 {
		w.Queue(`DELETE FROM {schema}.versions WHERE subject_id = ANY($1)`, listIDs)
		w.Queue(`DELETE FROM {schema}.reviews WHERE subject_id = ANY($1)`, listIDs)
		if err := w.CopyFrom(ctx, "versions", versionColumns, versions); err != nil {
			return err
		}
		if err := w.CopyFrom(ctx, "reviews", reviewColumns, reviews); err != nil {
			return err
		}
	}
	return nil
}

// statePatch is a batch's domain.StatePatch steps for one subject, in
// order, as the arrays planner_patch_jsonb takes.
type statePatch struct {
	ops domain.StatePatch
}

func (p *statePatch) add(ops domain.StatePatch) {
	p.ops = append(p.ops, ops...)
}

// arrays folds the steps (a step whose path a later step sets or deletes
// again, itself or an ancestor, is left out: the later one wins) and
// returns them as planner_patch_jsonb's arrays. Each step rewrites the
// whole stored value, so a hot document edited many times in one batch is
// written as few times as its distinct paths.
func (p *statePatch) arrays() (paths, values []string, deletes []bool) {
	covered := map[string]bool{}
	keep := make([]bool, len(p.ops))
	for i := len(p.ops) - 1; i >= 0; i-- {
		key := ""
		shadowed := covered[key]
		for _, seg := range p.ops[i].Path {
			if shadowed {
				break
			}
			key += "\x00" + seg
			shadowed = covered[key]
		}
		if shadowed {
			continue
		}
		keep[i] = true
		covered[key] = true
	}
	for i, op := range p.ops {
		if !keep[i] {
			continue
		}
		paths = append(paths, textArrayLiteral(op.Path))
		v := "null"
		if len(op.Value) > 0 {
			v = string(op.Value)
		}
		values = append(values, v)
		deletes = append(deletes, op.Delete)
	}
	return paths, values, deletes
}

// textArrayLiteral renders a path as a text[] literal, every element
// quoted.
func textArrayLiteral(path []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, seg := range path {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for _, r := range seg {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// subjectArrays turns subjects rows (subjectRow) into one typed array per
// column for unnest. Arrays of arrays must be rectangular in PostgreSQL, so
// the partner and location lists travel as array literals, cast back.
func subjectArrays(rows [][]any) []any {
	var (
		strategyIDs                     []*uuid.UUID
		types, titles, partners, places []string
		statuses, kinds, countries      []*string
		revisions                       []int
		positions                       []int64
		updatedAt, createdAt            []time.Time
		ids, updatedBy, createdBy       []uuid.UUID
	)
	for _, r := range rows {
		ids = append(ids, r[0].(uuid.UUID))
		types = append(types, r[1].(string))
		titles = append(titles, r[2].(string))
		statuses = append(statuses, r[3].(*string))
		kinds = append(kinds, r[4].(*string))
		countries = append(countries, r[5].(*string))
		partners = append(partners, subject.ArrayLiteral(r[6].([]uuid.UUID), uuid.UUID.String))
		places = append(places, subject.ArrayLiteral(r[7].([]uuid.UUID), uuid.UUID.String))
		strategyIDs = append(strategyIDs, r[8].(*uuid.UUID))
		revisions = append(revisions, r[9].(int))
		positions = append(positions, r[10].(int64))
		updatedAt = append(updatedAt, r[11].(time.Time))
		updatedBy = append(updatedBy, r[12].(uuid.UUID))
		createdAt = append(createdAt, r[13].(time.Time))
		createdBy = append(createdBy, r[14].(uuid.UUID))
	}
	return []any{ids, types, titles, statuses, kinds, countries, partners, places, strategyIDs, revisions,
		positions, updatedAt, updatedBy, createdAt, createdBy}
}

const (
	subjectColumnList = `id, type, title, status, kind, country, partner_ids, location_ids, strategy_id,
		revision, position, updated_at, updated_by, created_at, created_by`
	versionColumnList = `subject_id, name, revision, note, created_at, created_by`
	reviewColumnList  = `id, subject_id, content_revision, reviewer_id, organisation_id, country, decision, comment, at`
)

var (
	subjectColumns = []string{"id", "type", "title", "status", "kind", "country", "partner_ids", "location_ids",
		"strategy_id", "revision", "position", "updated_at", "updated_by", "created_at", "created_by"}
	versionColumns = []string{"subject_id", "name", "revision", "note", "created_at", "created_by"}
	reviewColumns  = []string{"id", "subject_id", "content_revision", "reviewer_id", "organisation_id", "country",
		"decision", "comment", "at"}
)

// subjectRow is a subjects row as of rev, in subjectColumns order.
func subjectRow(rev eventstore.Revision, cols subject.Columns, createdAt time.Time, createdBy uuid.UUID) []any {
	return []any{rev.StreamID, string(rev.StreamType), cols.Title, cols.Status, cols.Kind, cols.Country,
		cols.PartnerIDs, cols.LocationIDs, cols.StrategyID, rev.Revision, rev.Position(),
		rev.RecordedAt, rev.ActorID, createdAt, createdBy}
}

// lists are the parts of a subject's state kept in tables of their own,
// read by their JSON names ("versions", "reviews") so that any aggregate
// with those fields has them projected.
type lists struct {
	Versions []version `json:"versions"`
	Reviews  []review  `json:"reviews"`
}

type version struct {
	Name      string     `json:"name"`
	Revision  int        `json:"revision"`
	Note      string     `json:"note"`
	CreatedAt *time.Time `json:"createdAt"`
	CreatedBy *uuid.UUID `json:"createdBy"`
}

type review struct {
	ID              uuid.UUID  `json:"id"`
	ContentRevision int        `json:"contentRevision"`
	ReviewerID      uuid.UUID  `json:"reviewerId"`
	OrganisationID  uuid.UUID  `json:"organisationId"`
	Country         string     `json:"country"`
	Decision        string     `json:"decision"`
	Comment         string     `json:"comment"`
	At              *time.Time `json:"at"`
}

func decodeLists(state []byte) (lists, error) {
	var l lists
	if len(state) == 0 {
		return l, nil
	}
	if err := json.Unmarshal(state, &l); err != nil {
		return l, fmt.Errorf("documents: versions and reviews: %w", err)
	}
	return l, nil
}

func versionRows(subjectID uuid.UUID, versions []version) [][]any {
	rows := make([][]any, len(versions))
	for i, v := range versions {
		rows[i] = []any{subjectID, v.Name, v.Revision, subject.NullString(v.Note), v.CreatedAt, v.CreatedBy}
	}
	return rows
}

func reviewRows(subjectID uuid.UUID, reviews []review) [][]any {
	rows := make([][]any, len(reviews))
	for i, r := range reviews {
		rows[i] = []any{r.ID, subjectID, r.ContentRevision, r.ReviewerID, subject.NullUUID(r.OrganisationID),
			subject.NullString(r.Country), r.Decision, subject.NullString(r.Comment), r.At}
	}
	return rows
}
