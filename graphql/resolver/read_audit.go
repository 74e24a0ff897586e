package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// The audit log is every revision of every subject, newest first by log
// position, for REVIEWERs and ADMINs (app.CanReadAudit); anybody else gets
// null and FORBIDDEN.

type AuditFilter struct {
	ActorID             *graphql.ID
	ActorOrganisationID *graphql.ID
	SubjectID           *graphql.ID
	SubjectType         *string
	Action              *string
	Monitoring          *bool
	From                *DateTime
	To                  *DateTime
}

// parse checks the filter into checks, with paths from the argument.
func (f *AuditFilter) parse(checks *domain.Checks) readmodel.AuditFilter {
	var out readmodel.AuditFilter
	if f == nil {
		return out
	}
	out.ActorID = argumentID(checks, f.ActorID, "filter", "actorId")
	out.ActorOrganisationID = argumentID(checks, f.ActorOrganisationID, "filter", "actorOrganisationId")
	out.SubjectID = argumentID(checks, f.SubjectID, "filter", "subjectId")
	if f.SubjectType != nil {
		out.SubjectType = new(domain.SubjectType(*f.SubjectType))
	}
	out.Action = f.Action
	out.Monitoring = f.Monitoring
	out.From = argumentTime(checks, f.From, "filter", "from")
	out.To = argumentTime(checks, f.To, "filter", "to")
	return out
}

func (r *Root) AuditLog(ctx context.Context, args struct {
	ConnectionArgs
	Filter      *AuditFilter
	MinPosition *string
}) (*RevisionConnectionResolver, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	// Before the arguments: a caller who may not read the log learns
	// nothing from it, not even whether the arguments were right.
	if err := requireAuditReader(actor); err != nil {
		return nil, err
	}
	var checks domain.Checks
	page := args.page(&checks)
	filter := args.Filter.parse(&checks)
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	conn, err := r.deps.Read.AuditLog(ctx, page, filter)
	if err != nil {
		return nil, argumentError(err)
	}
	return r.revisionConnection(ctx, conn), nil
}
