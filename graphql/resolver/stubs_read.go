package resolver

// READ SIDE STUBS. Everything in this file belongs to the read side, which
// replaces it with read_*.go, history_*.go and subscription_*.go files and
// then deletes this file. graphql-go refuses to parse a schema unless every
// field has a resolver, so until then each read-side field has one here
// that fails with "not implemented yet" (served as INTERNAL).
//
// Keep the type names (RevisionResolver, ChangeResolver, ...) or update
// node.go and the write side's callers: NodeResolver.ToRevision and the
// payloads' and snapshots' revision fields use RevisionResolver, and every
// `revision` field of a payload or snapshot calls revisionNode.

import (
	"context"
	"errors"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
)

var errNotImplemented = errors.New("not implemented yet")

func notImplemented() error { return fail(errNotImplemented) }

// revisionNode resolves one revision of a subject from the event store (not
// from projections), so that a mutation payload can show the revision it
// made at once. subjectType is the subject's stream type; number counts
// from 1. The read side implements it.
func (r *Root) revisionNode(ctx context.Context, subjectType domain.SubjectType, id uuid.UUID, number int) (*RevisionResolver, error) {
	return nil, notImplemented()
}

// ---------------------------------------------------------------- arguments and inputs

// ConnectionArgs are the cursor arguments of every connection field.
type ConnectionArgs struct {
	First  *int32
	After  *string
	Last   *int32
	Before *string
}

type StrategyFilter struct {
	Status     *[]string
	LocationID *graphql.ID
	PartnerID  *graphql.ID
	Search     *string
}

type ConceptFilter struct {
	Kind       *[]string
	Status     *[]string
	StrategyID *graphql.ID
}

type AuditFilter struct {
	ActorID             *graphql.ID
	ActorOrganisationID *graphql.ID
	SubjectID           *graphql.ID
	SubjectType         *string
	Action              *string
	From                *DateTime
	To                  *DateTime
}

// ---------------------------------------------------------------- Query

func (r *Root) Node(ctx context.Context, args struct{ ID graphql.ID }) (*NodeResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Viewer(ctx context.Context) (*ActorResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Strategy(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*StrategyResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Strategies(ctx context.Context, args struct {
	ConnectionArgs
	Filter      *StrategyFilter
	MinPosition *string
}) (*StrategyConnectionResolver, error) {
	return nil, notImplemented()
}

func (r *Root) CooperationConcept(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*CooperationConceptResolver, error) {
	return nil, notImplemented()
}

func (r *Root) CooperationConcepts(ctx context.Context, args struct {
	ConnectionArgs
	Filter      *ConceptFilter
	MinPosition *string
}) (*CooperationConceptConnectionResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Organisation(ctx context.Context, args struct{ ID graphql.ID }) (*OrganisationResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Organisations(ctx context.Context, args ConnectionArgs) (*OrganisationConnectionResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Locations(ctx context.Context) ([]*LocationResolver, error) {
	return nil, notImplemented()
}

func (r *Root) AuditLog(ctx context.Context, args struct {
	ConnectionArgs
	Filter      *AuditFilter
	MinPosition *string
}) (*RevisionConnectionResolver, error) {
	return nil, notImplemented()
}

func (r *Root) Dashboard(ctx context.Context, args struct{ MinPosition *string }) (*DashboardResolver, error) {
	return nil, notImplemented()
}

func (r *Root) SystemStatus(ctx context.Context) (*SystemStatusResolver, error) {
	return nil, notImplemented()
}

// ---------------------------------------------------------------- Subscription

func (r *Root) StrategyRevised(ctx context.Context, args struct {
	ID            graphql.ID
	AfterRevision *int32
}) (<-chan *RevisionResolver, error) {
	return nil, notImplemented()
}

func (r *Root) CooperationConceptRevised(ctx context.Context, args struct {
	ID            graphql.ID
	AfterRevision *int32
}) (<-chan *RevisionResolver, error) {
	return nil, notImplemented()
}

func (r *Root) AuditLogAppended(ctx context.Context, args struct {
	Filter        *AuditFilter
	AfterPosition *string
}) (<-chan *RevisionResolver, error) {
	return nil, notImplemented()
}

// ---------------------------------------------------------------- history fields of documents

type diffArgs struct {
	FromRevision int32
	ToRevision   int32
	PathPrefix   *string
}

type blameArgs struct{ PathPrefix *string }

type revisionByNumberArgs struct{ Number int32 }

func (s *StrategyResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return nil, notImplemented()
}

func (s *StrategyResolver) RevisionByNumber(ctx context.Context, args revisionByNumberArgs) (*RevisionResolver, error) {
	return nil, notImplemented()
}

func (s *StrategyResolver) Diff(ctx context.Context, args diffArgs) ([]*ChangeResolver, error) {
	return nil, notImplemented()
}

func (s *StrategyResolver) Blame(ctx context.Context, args blameArgs) ([]*BlameEntryResolver, error) {
	return nil, notImplemented()
}

func (s *StrategyResolver) Progress(ctx context.Context) (*StrategyProgressResolver, error) {
	return nil, notImplemented()
}

func (c *CooperationConceptResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return nil, notImplemented()
}

func (c *CooperationConceptResolver) RevisionByNumber(ctx context.Context, args revisionByNumberArgs) (*RevisionResolver, error) {
	return nil, notImplemented()
}

func (c *CooperationConceptResolver) Diff(ctx context.Context, args diffArgs) ([]*ChangeResolver, error) {
	return nil, notImplemented()
}

func (c *CooperationConceptResolver) Blame(ctx context.Context, args blameArgs) ([]*BlameEntryResolver, error) {
	return nil, notImplemented()
}

func (o *OrganisationResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return nil, notImplemented()
}

func (o *OrganisationResolver) RevisionByNumber(ctx context.Context, args revisionByNumberArgs) (*RevisionResolver, error) {
	return nil, notImplemented()
}

func (o *OrganisationResolver) Diff(ctx context.Context, args diffArgs) ([]*ChangeResolver, error) {
	return nil, notImplemented()
}

func (o *OrganisationResolver) Blame(ctx context.Context, args blameArgs) ([]*BlameEntryResolver, error) {
	return nil, notImplemented()
}

// ---------------------------------------------------------------- Revision, Change, EventRecord, BlameEntry

type RevisionResolver struct{}

func (*RevisionResolver) ID() graphql.ID { return "" }
func (*RevisionResolver) Number() (int32, error) {
	return 0, notImplemented()
}
func (*RevisionResolver) Subject() (*HistorySubjectResolver, error) {
	return nil, notImplemented()
}
func (*RevisionResolver) SubjectType() (string, error) { return "", notImplemented() }
func (*RevisionResolver) Action() (string, error)      { return "", notImplemented() }
func (*RevisionResolver) At() (DateTime, error)        { return DateTime{}, notImplemented() }
func (*RevisionResolver) Actor() (*ActorResolver, error) {
	return nil, notImplemented()
}
func (*RevisionResolver) Reason() (*string, error)            { return nil, notImplemented() }
func (*RevisionResolver) CommandID() (graphql.ID, error)      { return "", notImplemented() }
func (*RevisionResolver) CorrelationID() (*graphql.ID, error) { return nil, notImplemented() }
func (*RevisionResolver) Position() (string, error)           { return "", notImplemented() }
func (*RevisionResolver) Changes() ([]*ChangeResolver, error) { return nil, notImplemented() }
func (*RevisionResolver) Events() ([]*EventRecordResolver, error) {
	return nil, notImplemented()
}

type ChangeResolver struct{}

func (*ChangeResolver) Path() (string, error)   { return "", notImplemented() }
func (*ChangeResolver) Kind() (string, error)   { return "", notImplemented() }
func (*ChangeResolver) Before() (*JSON, error)  { return nil, notImplemented() }
func (*ChangeResolver) After() (*JSON, error)   { return nil, notImplemented() }
func (*ChangeResolver) Redacted() (bool, error) { return false, notImplemented() }

type EventRecordResolver struct{}

func (*EventRecordResolver) ID() (graphql.ID, error)   { return "", notImplemented() }
func (*EventRecordResolver) Type() (string, error)     { return "", notImplemented() }
func (*EventRecordResolver) Version() (int32, error)   { return 0, notImplemented() }
func (*EventRecordResolver) Position() (string, error) { return "", notImplemented() }
func (*EventRecordResolver) At() (DateTime, error)     { return DateTime{}, notImplemented() }
func (*EventRecordResolver) Data() (JSON, error)       { return JSON{}, notImplemented() }
func (*EventRecordResolver) Redacted() (bool, error)   { return false, notImplemented() }

type BlameEntryResolver struct{}

func (*BlameEntryResolver) Path() (string, error)          { return "", notImplemented() }
func (*BlameEntryResolver) Revision() (int32, error)       { return 0, notImplemented() }
func (*BlameEntryResolver) Actor() (*ActorResolver, error) { return nil, notImplemented() }
func (*BlameEntryResolver) At() (DateTime, error)          { return DateTime{}, notImplemented() }

// ---------------------------------------------------------------- dashboards and status

type StrategyProgressResolver struct{}

func (*StrategyProgressResolver) Strategy() (*StrategyResolver, error) { return nil, notImplemented() }
func (*StrategyProgressResolver) Objectives() (int32, error)           { return 0, notImplemented() }
func (*StrategyProgressResolver) Measures() (int32, error)             { return 0, notImplemented() }
func (*StrategyProgressResolver) MeasuresByStatus() ([]*MeasureStatusCountResolver, error) {
	return nil, notImplemented()
}
func (*StrategyProgressResolver) Indicators() (int32, error)        { return 0, notImplemented() }
func (*StrategyProgressResolver) IndicatorsOnTrack() (int32, error) { return 0, notImplemented() }
func (*StrategyProgressResolver) MilestonesOverdue() (int32, error) { return 0, notImplemented() }
func (*StrategyProgressResolver) Completion() (float64, error)      { return 0, notImplemented() }

type MeasureStatusCountResolver struct{}

func (*MeasureStatusCountResolver) Status() (string, error) { return "", notImplemented() }
func (*MeasureStatusCountResolver) Count() (int32, error)   { return 0, notImplemented() }

type ConceptStatusCountResolver struct{}

func (*ConceptStatusCountResolver) Status() (string, error) { return "", notImplemented() }
func (*ConceptStatusCountResolver) Count() (int32, error)   { return 0, notImplemented() }

type ActivityBucketResolver struct{}

func (*ActivityBucketResolver) WeekStart() (Date, error) { return "", notImplemented() }
func (*ActivityBucketResolver) Organisation() (*OrganisationResolver, error) {
	return nil, notImplemented()
}
func (*ActivityBucketResolver) Revisions() (int32, error) { return 0, notImplemented() }

type DashboardResolver struct{}

func (*DashboardResolver) Position() (string, error) { return "", notImplemented() }
func (*DashboardResolver) Strategies(ctx context.Context, args struct {
	ConnectionArgs
	Filter *StrategyFilter
}) (*StrategyProgressConnectionResolver, error) {
	return nil, notImplemented()
}
func (*DashboardResolver) Concepts() ([]*ConceptStatusCountResolver, error) {
	return nil, notImplemented()
}
func (*DashboardResolver) Activity(ctx context.Context, args struct{ Weeks int32 }) ([]*ActivityBucketResolver, error) {
	return nil, notImplemented()
}

type ProjectionStatusResolver struct{}

func (*ProjectionStatusResolver) Name() (string, error)         { return "", notImplemented() }
func (*ProjectionStatusResolver) Position() (string, error)     { return "", notImplemented() }
func (*ProjectionStatusResolver) Lag() (int32, error)           { return 0, notImplemented() }
func (*ProjectionStatusResolver) Rebuilding() (bool, error)     { return false, notImplemented() }
func (*ProjectionStatusResolver) Error() (*string, error)       { return nil, notImplemented() }
func (*ProjectionStatusResolver) UpdatedAt() (*DateTime, error) { return nil, notImplemented() }

type SystemStatusResolver struct{}

func (*SystemStatusResolver) HeadPosition() (string, error) { return "", notImplemented() }
func (*SystemStatusResolver) Projections() ([]*ProjectionStatusResolver, error) {
	return nil, notImplemented()
}

// ---------------------------------------------------------------- connections

type PageInfoResolver struct{}

func (*PageInfoResolver) HasNextPage() (bool, error)     { return false, notImplemented() }
func (*PageInfoResolver) HasPreviousPage() (bool, error) { return false, notImplemented() }
func (*PageInfoResolver) StartCursor() (*string, error)  { return nil, notImplemented() }
func (*PageInfoResolver) EndCursor() (*string, error)    { return nil, notImplemented() }

type StrategyConnectionResolver struct{}

func (*StrategyConnectionResolver) Edges() ([]*StrategyEdgeResolver, error) {
	return nil, notImplemented()
}
func (*StrategyConnectionResolver) Nodes() ([]*StrategyResolver, error) { return nil, notImplemented() }
func (*StrategyConnectionResolver) PageInfo() (*PageInfoResolver, error) {
	return nil, notImplemented()
}
func (*StrategyConnectionResolver) TotalCount() (int32, error) { return 0, notImplemented() }

type StrategyEdgeResolver struct{}

func (*StrategyEdgeResolver) Cursor() (string, error)          { return "", notImplemented() }
func (*StrategyEdgeResolver) Node() (*StrategyResolver, error) { return nil, notImplemented() }

type CooperationConceptConnectionResolver struct{}

func (*CooperationConceptConnectionResolver) Edges() ([]*CooperationConceptEdgeResolver, error) {
	return nil, notImplemented()
}
func (*CooperationConceptConnectionResolver) Nodes() ([]*CooperationConceptResolver, error) {
	return nil, notImplemented()
}
func (*CooperationConceptConnectionResolver) PageInfo() (*PageInfoResolver, error) {
	return nil, notImplemented()
}
func (*CooperationConceptConnectionResolver) TotalCount() (int32, error) { return 0, notImplemented() }

type CooperationConceptEdgeResolver struct{}

func (*CooperationConceptEdgeResolver) Cursor() (string, error) { return "", notImplemented() }
func (*CooperationConceptEdgeResolver) Node() (*CooperationConceptResolver, error) {
	return nil, notImplemented()
}

type OrganisationConnectionResolver struct{}

func (*OrganisationConnectionResolver) Edges() ([]*OrganisationEdgeResolver, error) {
	return nil, notImplemented()
}
func (*OrganisationConnectionResolver) Nodes() ([]*OrganisationResolver, error) {
	return nil, notImplemented()
}
func (*OrganisationConnectionResolver) PageInfo() (*PageInfoResolver, error) {
	return nil, notImplemented()
}
func (*OrganisationConnectionResolver) TotalCount() (int32, error) { return 0, notImplemented() }

type OrganisationEdgeResolver struct{}

func (*OrganisationEdgeResolver) Cursor() (string, error) { return "", notImplemented() }
func (*OrganisationEdgeResolver) Node() (*OrganisationResolver, error) {
	return nil, notImplemented()
}

type RevisionConnectionResolver struct{}

func (*RevisionConnectionResolver) Edges() ([]*RevisionEdgeResolver, error) {
	return nil, notImplemented()
}
func (*RevisionConnectionResolver) Nodes() ([]*RevisionResolver, error) { return nil, notImplemented() }
func (*RevisionConnectionResolver) PageInfo() (*PageInfoResolver, error) {
	return nil, notImplemented()
}
func (*RevisionConnectionResolver) TotalCount() (int32, error) { return 0, notImplemented() }

type RevisionEdgeResolver struct{}

func (*RevisionEdgeResolver) Cursor() (string, error)          { return "", notImplemented() }
func (*RevisionEdgeResolver) Node() (*RevisionResolver, error) { return nil, notImplemented() }

type StrategyProgressConnectionResolver struct{}

func (*StrategyProgressConnectionResolver) Edges() ([]*StrategyProgressEdgeResolver, error) {
	return nil, notImplemented()
}
func (*StrategyProgressConnectionResolver) Nodes() ([]*StrategyProgressResolver, error) {
	return nil, notImplemented()
}
func (*StrategyProgressConnectionResolver) PageInfo() (*PageInfoResolver, error) {
	return nil, notImplemented()
}
func (*StrategyProgressConnectionResolver) TotalCount() (int32, error) { return 0, notImplemented() }

type StrategyProgressEdgeResolver struct{}

func (*StrategyProgressEdgeResolver) Cursor() (string, error) { return "", notImplemented() }
func (*StrategyProgressEdgeResolver) Node() (*StrategyProgressResolver, error) {
	return nil, notImplemented()
}
