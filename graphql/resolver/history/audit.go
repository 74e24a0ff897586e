package history

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
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
	From                *graph.DateTime
	To                  *graph.DateTime
}

// parse checks the filter into checks, with paths from the argument.
func (f *AuditFilter) parse(checks *domain.Checks) readmodel.AuditFilter {
	var out readmodel.AuditFilter
	if f == nil {
		return out
	}
	out.ActorID = graph.ArgumentID(checks, f.ActorID, "filter", "actorId")
	out.ActorOrganisationID = graph.ArgumentID(checks, f.ActorOrganisationID, "filter", "actorOrganisationId")
	out.SubjectID = graph.ArgumentID(checks, f.SubjectID, "filter", "subjectId")
	if f.SubjectType != nil {
		out.SubjectType = new(domain.SubjectType(*f.SubjectType))
	}
	out.Action = f.Action
	out.Monitoring = f.Monitoring
	out.From = graph.ArgumentTime(checks, f.From, "filter", "from")
	out.To = graph.ArgumentTime(checks, f.To, "filter", "to")
	return out
}

func (r *Revisions) AuditLog(ctx context.Context, args struct {
	graph.ConnectionArgs
	Filter      *AuditFilter
	MinPosition *string
}) (*graph.RevisionConnectionResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	// Before the arguments: a caller who may not read the log learns
	// nothing from it, not even whether the arguments were right.
	if err := graph.RequireAuditReader(actor); err != nil {
		return nil, err
	}
	var checks domain.Checks
	page := args.Page(&checks)
	filter := args.Filter.parse(&checks)
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	conn, err := r.Deps.Read.AuditLog(ctx, page, filter)
	if err != nil {
		return nil, graph.ArgumentError(err)
	}
	return r.RevisionConnection(ctx, conn), nil
}
