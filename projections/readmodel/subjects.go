package readmodel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// Subject is a strategy, concept, organisation or location as the
// documents projection holds it: its state (the aggregate's JSON, to be
// decoded into its type) and the columns lists use.
type Subject struct {
	ID       uuid.UUID
	Type     domain.SubjectType
	Revision int
	// Position is the log position of the revision the state is at.
	Position int64
	State    json.RawMessage
	// Title is a strategy's or concept's title, an organisation's or
	// location's name.
	Title       string
	Status      string
	Kind        string
	Country     string
	PartnerIDs  []uuid.UUID
	LocationIDs []uuid.UUID
	StrategyID  *uuid.UUID
	CreatedAt   time.Time
	CreatedBy   uuid.UUID
	UpdatedAt   time.Time
	UpdatedBy   uuid.UUID
}

const subjectSelect = `s.id, s.type, s.revision, s.position, st.state, s.title, COALESCE(s.status, ''),
	COALESCE(s.kind, ''), COALESCE(s.country, ''), s.partner_ids, s.location_ids, s.strategy_id,
	s.created_at, s.created_by, s.updated_at, s.updated_by`

const subjectFrom = `FROM proj_documents.subjects s JOIN proj_documents.streams st ON st.stream_id = s.id`

func scanSubject(row pgx.Rows) (*Subject, error) {
	var s Subject
	var typ string
	err := row.Scan(&s.ID, &typ, &s.Revision, &s.Position, &s.State, &s.Title, &s.Status, &s.Kind, &s.Country,
		&s.PartnerIDs, &s.LocationIDs, &s.StrategyID, &s.CreatedAt, &s.CreatedBy, &s.UpdatedAt, &s.UpdatedBy)
	s.Type = domain.SubjectType(typ)
	return &s, err
}

// Subject returns the subject with the given id, nil when there is none.
func (r *Reader) Subject(ctx context.Context, id uuid.UUID) (*Subject, error) {
	subjects, err := r.Subjects(ctx, []uuid.UUID{id})
	if err != nil {
		return nil, err
	}
	return subjects[0], nil
}

// Subjects returns the subjects with the given ids in their order, nil
// for unknown ones.
func (r *Reader) Subjects(ctx context.Context, ids []uuid.UUID) ([]*Subject, error) {
	rows, err := r.pool.Query(ctx, `SELECT `+subjectSelect+` `+subjectFrom+` WHERE s.id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("subjects: %w", err)
	}
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Subject, error) { return scanSubject(row.(pgx.Rows)) })
	if err != nil {
		return nil, fmt.Errorf("subjects: %w", err)
	}
	if err := r.redactSubjects(ctx, found); err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]*Subject, len(found))
	for _, s := range found {
		byID[s.ID] = s
	}
	out := make([]*Subject, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// StrategyFilter is the contract's StrategyFilter; zero fields do not
// filter.
type StrategyFilter struct {
	Status     []string
	LocationID *uuid.UUID
	PartnerID  *uuid.UUID
	// Search is a case-insensitive substring of the title.
	Search string
}

func (f StrategyFilter) apply(l *list, alias string) {
	if len(f.Status) > 0 {
		l.where = append(l.where, alias+".status = ANY("+l.arg(f.Status)+")")
	}
	if f.LocationID != nil {
		l.where = append(l.where, alias+".location_ids @> ARRAY["+l.arg(*f.LocationID)+"::uuid]")
	}
	if f.PartnerID != nil {
		l.where = append(l.where, alias+".partner_ids @> ARRAY["+l.arg(*f.PartnerID)+"::uuid]")
	}
	if f.Search != "" {
		l.where = append(l.where, alias+".title ILIKE "+l.arg("%"+escapeLike(f.Search)+"%"))
	}
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func subjectList(name string, typ domain.SubjectType) list {
	l := list{name: name, sel: subjectSelect, from: subjectFrom}
	l.where = append(l.where, "s.type = "+l.arg(string(typ)))
	return l
}

// recent orders most recently updated first.
var recent = []keyColumn{{"s.updated_at", "timestamptz"}, {"s.id", "uuid"}}

func recentKey(s *Subject) []any { return []any{s.UpdatedAt, s.ID} }

// Strategies lists strategies, most recently updated first.
func (r *Reader) Strategies(ctx context.Context, p Page, f StrategyFilter) (*Connection[*Subject], error) {
	l := subjectList("strategies", domain.SubjectStrategy)
	l.key, l.desc = recent, true
	f.apply(&l, "s")
	return fetch(ctx, r.pool, l, p, scanSubject, recentKey)
}

// ConceptFilter is the contract's ConceptFilter; zero fields do not filter.
type ConceptFilter struct {
	Kind       []string
	Status     []string
	StrategyID *uuid.UUID
}

// Concepts lists cooperation concepts, most recently updated first.
func (r *Reader) Concepts(ctx context.Context, p Page, f ConceptFilter) (*Connection[*Subject], error) {
	l := subjectList("concepts", domain.SubjectCooperationConcept)
	l.key, l.desc = recent, true
	if len(f.Kind) > 0 {
		l.where = append(l.where, "s.kind = ANY("+l.arg(f.Kind)+")")
	}
	if len(f.Status) > 0 {
		l.where = append(l.where, "s.status = ANY("+l.arg(f.Status)+")")
	}
	if f.StrategyID != nil {
		l.where = append(l.where, "s.strategy_id = "+l.arg(*f.StrategyID))
	}
	return fetch(ctx, r.pool, l, p, scanSubject, recentKey)
}

// ConceptsOfStrategies returns, per strategy id, the concepts that name it
// (most recently updated first): Strategy.cooperationConcepts, batched.
func (r *Reader) ConceptsOfStrategies(ctx context.Context, strategyIDs []uuid.UUID) (map[uuid.UUID][]*Subject, error) {
	rows, err := r.pool.Query(ctx, `SELECT `+subjectSelect+` `+subjectFrom+`
		WHERE s.strategy_id = ANY($1) AND s.type = $2 ORDER BY s.updated_at DESC, s.id DESC`,
		strategyIDs, string(domain.SubjectCooperationConcept))
	if err != nil {
		return nil, fmt.Errorf("concepts of strategies: %w", err)
	}
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Subject, error) { return scanSubject(row.(pgx.Rows)) })
	if err != nil {
		return nil, fmt.Errorf("concepts of strategies: %w", err)
	}
	out := make(map[uuid.UUID][]*Subject, len(strategyIDs))
	for _, s := range found {
		out[*s.StrategyID] = append(out[*s.StrategyID], s)
	}
	return out, nil
}

// Organisations lists organisations by name.
func (r *Reader) Organisations(ctx context.Context, p Page) (*Connection[*Subject], error) {
	l := subjectList("organisations", domain.SubjectOrganisation)
	l.key = []keyColumn{{"s.title", "text"}, {"s.id", "uuid"}}
	conn, err := fetch(ctx, r.pool, l, p, scanSubject, func(s *Subject) []any { return []any{s.Title, s.ID} })
	if err != nil {
		return nil, err
	}
	return conn, r.redactSubjects(ctx, conn.Nodes())
}

// Locations lists every location, by country then name (reference data,
// not paginated).
func (r *Reader) Locations(ctx context.Context) ([]*Subject, error) {
	rows, err := r.pool.Query(ctx, `SELECT `+subjectSelect+` `+subjectFrom+`
		WHERE s.type = $1 ORDER BY s.country, s.title, s.id`, string(domain.SubjectLocation))
	if err != nil {
		return nil, fmt.Errorf("locations: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Subject, error) { return scanSubject(row.(pgx.Rows)) })
}

// NamedVersion is a name given to one revision of a subject.
type NamedVersion struct {
	SubjectID uuid.UUID
	Name      string
	Revision  int
	Note      string
	CreatedAt *time.Time
	CreatedBy *uuid.UUID
}

// Versions returns a subject's named versions, oldest revision first.
func (r *Reader) Versions(ctx context.Context, subject uuid.UUID) ([]NamedVersion, error) {
	return r.versions(ctx, `WHERE subject_id = $1 ORDER BY revision, name`, subject)
}

// Version returns the version of a subject called name, nil when none is.
func (r *Reader) Version(ctx context.Context, subject uuid.UUID, name string) (*NamedVersion, error) {
	vs, err := r.versions(ctx, `WHERE subject_id = $1 AND name = $2`, subject, name)
	if err != nil || len(vs) == 0 {
		return nil, err
	}
	return &vs[0], nil
}

func (r *Reader) versions(ctx context.Context, where string, args ...any) ([]NamedVersion, error) {
	rows, err := r.pool.Query(ctx, `SELECT subject_id, name, revision, COALESCE(note, ''), created_at, created_by
		FROM proj_documents.versions `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("versions: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (NamedVersion, error) {
		var v NamedVersion
		err := row.Scan(&v.SubjectID, &v.Name, &v.Revision, &v.Note, &v.CreatedAt, &v.CreatedBy)
		return v, err
	})
}

// Review is one reviewer's decision on one content revision.
type Review struct {
	ID              uuid.UUID
	SubjectID       uuid.UUID
	ContentRevision int
	ReviewerID      uuid.UUID
	OrganisationID  *uuid.UUID
	Country         string
	Decision        string
	Comment         string
	At              *time.Time
}

const reviewSelect = `SELECT id, subject_id, content_revision, reviewer_id, organisation_id, COALESCE(country, ''),
	decision, COALESCE(comment, ''), at FROM proj_documents.reviews `

func scanReview(row pgx.CollectableRow) (Review, error) {
	var rv Review
	err := row.Scan(&rv.ID, &rv.SubjectID, &rv.ContentRevision, &rv.ReviewerID, &rv.OrganisationID, &rv.Country,
		&rv.Decision, &rv.Comment, &rv.At)
	return rv, err
}

// Reviews returns a subject's reviews, oldest first.
func (r *Reader) Reviews(ctx context.Context, subject uuid.UUID) ([]Review, error) {
	rows, err := r.pool.Query(ctx, reviewSelect+`WHERE subject_id = $1 ORDER BY at, id`, subject)
	if err != nil {
		return nil, fmt.Errorf("reviews: %w", err)
	}
	return pgx.CollectRows(rows, scanReview)
}

// Review returns the review with the given id (node(id)), nil when none.
func (r *Reader) Review(ctx context.Context, id uuid.UUID) (*Review, error) {
	rows, err := r.pool.Query(ctx, reviewSelect+`WHERE id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	rv, err := pgx.CollectExactlyOneRow(rows, scanReview)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &rv, err
}
