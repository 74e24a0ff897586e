package read

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Dashboards are served from the dashboard projection as it stands: its
// position says which revisions the figures include.

// DashboardResolver is the Dashboard of the contract.
type DashboardResolver struct {
	root *Queries
}

func (r *Queries) Dashboard(ctx context.Context, args struct{ MinPosition *string }) (*DashboardResolver, error) {
	var checks domain.Checks
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	return &DashboardResolver{root: r}, nil
}

func (d *DashboardResolver) Position(ctx context.Context) (string, error) {
	pos, err := d.root.Deps.Read.DashboardPosition(ctx)
	if err != nil {
		return "", graph.Fail(err)
	}
	return strconv.FormatInt(pos, 10), nil
}

func (d *DashboardResolver) Strategies(ctx context.Context, args struct {
	graph.ConnectionArgs
	Filter *StrategyFilter
}) (*graph.StrategyProgressConnectionResolver, error) {
	var checks domain.Checks
	page := args.Page(&checks)
	filter := args.Filter.parse(&checks, "filter")
	if err := checks.Err(); err != nil {
		return nil, graph.ArgumentError(err)
	}
	conn, err := d.root.Deps.Read.StrategyProgress(ctx, page, filter)
	if err != nil {
		return nil, graph.ArgumentError(err)
	}
	items := conn.Nodes()
	sel := graph.ItemSelection(ctx)
	if sel.Has("strategy") {
		ids := make([]uuid.UUID, len(items))
		for i, p := range items {
			ids[i] = p.StrategyID
		}
		d.root.PrepareStrategies(ctx, sel.Under("strategy"), d.root.Warm(ctx, ids))
	}
	nodes := make([]*graph.StrategyProgressResolver, len(items))
	for i, p := range items {
		nodes[i] = d.root.NewStrategyProgress(p)
	}
	return graph.NewConnection(conn, nodes), nil
}

func (d *DashboardResolver) Concepts(ctx context.Context) ([]*ConceptStatusCountResolver, error) {
	counts, err := d.root.Deps.Read.ConceptCounts(ctx)
	if err != nil {
		return nil, graph.Fail(err)
	}
	out := make([]*ConceptStatusCountResolver, len(counts))
	for i, c := range counts {
		out[i] = &ConceptStatusCountResolver{c: c}
	}
	return out, nil
}

// maxActivityWeeks bounds activity(weeks) to ten years, the read model's
// limit.
const maxActivityWeeks = 520

func (d *DashboardResolver) Activity(ctx context.Context, args struct{ Weeks int32 }) ([]*ActivityBucketResolver, error) {
	if args.Weeks < 1 || args.Weeks > maxActivityWeeks {
		return nil, graph.ArgumentError(domain.Invalid("weeks", "must be between 1 and 520"))
	}
	buckets, err := d.root.Deps.Read.Activity(ctx, int(args.Weeks))
	if err != nil {
		return nil, graph.Fail(err)
	}
	if sel := graph.SelectionOf(ctx); sel.Has("organisation") || sel.Has("label") {
		var ids []uuid.UUID
		for _, b := range buckets {
			if b.OrganisationID != nil {
				ids = append(ids, *b.OrganisationID)
			}
		}
		d.root.Warm(ctx, ids)
	}
	out := make([]*ActivityBucketResolver, len(buckets))
	for i, b := range buckets {
		out[i] = &ActivityBucketResolver{root: d.root, b: b}
	}
	return out, nil
}

type ConceptStatusCountResolver struct{ c readmodel.StatusCount }

func (c *ConceptStatusCountResolver) Status() string { return c.c.Status }
func (c *ConceptStatusCountResolver) Count() int32   { return int32(c.c.Count) }

// ActivityBucketResolver counts one organisation's revisions in one week.
type ActivityBucketResolver struct {
	root *Queries
	b    readmodel.ActivityBucket
}

func (a *ActivityBucketResolver) WeekStart() graph.Date {
	return graph.Date(a.b.WeekStart.Format(time.DateOnly))
}
func (a *ActivityBucketResolver) Revisions() int32 { return int32(a.b.Revisions) }

// Monitoring counts the bucket's monitoring revisions.
func (a *ActivityBucketResolver) Monitoring() int32 { return int32(a.b.Monitoring) }

// NoOrganisationLabel names the activity of actors without an organisation:
// the system actor (the seed and other work of the service itself) and users
// who belong to none.
const NoOrganisationLabel = "System / no organisation"

// Label is the organisation's name, or NoOrganisationLabel; an organisation
// that cannot be found shows its id rather than failing the dashboard.
func (a *ActivityBucketResolver) Label(ctx context.Context) (string, error) {
	o, err := a.Organisation(ctx)
	if err != nil {
		return "", err
	}
	if o == nil {
		if a.b.OrganisationID != nil {
			return a.b.OrganisationID.String(), nil
		}
		return NoOrganisationLabel, nil
	}
	return o.Name(), nil
}

// Organisation is null for actors without one, and for one that cannot be
// found (activity must not fail over it).
func (a *ActivityBucketResolver) Organisation(ctx context.Context) (*graph.OrganisationResolver, error) {
	if a.b.OrganisationID == nil {
		return nil, nil
	}
	o, err := a.root.OrganisationByID(ctx, *a.b.OrganisationID)
	if graph.IsNotFound(err) {
		return nil, nil
	}
	return o, err
}
