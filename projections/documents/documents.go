package documents

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"

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

// New returns the documents projection.
func New() *Projection { return &Projection{} }

// Name implements projections.Projection.
func (*Projection) Name() string { return Name }

// Schema implements projections.Projection.
func (*Projection) Schema() string { return Schema }

// Apply upserts the subject's row and, when they changed, its versions and
// reviews.
func (*Projection) Apply(ctx context.Context, w *projections.Writer, u *projections.Update) error {
	rev := u.Revision
	cols := subject.Of(u.After)
	// created_* come from revision 1, which the order guard applies first;
	// an update keeps them.
	w.Queue(`INSERT INTO {schema}.subjects (`+subjectColumnList+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (id) DO UPDATE SET type = excluded.type, title = excluded.title, status = excluded.status,
			kind = excluded.kind, country = excluded.country, partner_ids = excluded.partner_ids,
			location_ids = excluded.location_ids, strategy_id = excluded.strategy_id, revision = excluded.revision,
			position = excluded.position, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		subjectRow(rev, cols, rev.RecordedAt, rev.ActorID)...)

	before, err := decodeLists(u.BeforeJSON)
	if err != nil {
		return err
	}
	after, err := decodeLists(u.StateJSON)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(before.Versions, after.Versions) {
		w.Queue(`DELETE FROM {schema}.versions WHERE subject_id = $1`, rev.StreamID)
		for _, row := range versionRows(rev.StreamID, after.Versions) {
			w.Queue(`INSERT INTO {schema}.versions (`+versionColumnList+`) VALUES ($1, $2, $3, $4, $5, $6)`, row...)
		}
	}
	if !reflect.DeepEqual(before.Reviews, after.Reviews) {
		w.Queue(`DELETE FROM {schema}.reviews WHERE subject_id = $1`, rev.StreamID)
		for _, row := range reviewRows(rev.StreamID, after.Reviews) {
			w.Queue(`INSERT INTO {schema}.reviews (`+reviewColumnList+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, row...)
		}
	}
	return nil
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
