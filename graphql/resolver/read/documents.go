package read

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Query roots of the documents: single documents and the lists, served
// from the documents read model (graph/subjects.go).

type StrategyFilter struct {
	Status     *[]string
	LocationID *graphql.ID
	PartnerID  *graphql.ID
	Search     *string
}

// parse checks the filter's ids into checks (paths from the argument).
func (f *StrategyFilter) parse(checks *domain.Checks, path ...string) readmodel.StrategyFilter {
	var out readmodel.StrategyFilter
	if f == nil {
		return out
	}
	if f.Status != nil {
		out.Status = *f.Status
	}
	out.LocationID = graph.ArgumentID(checks, f.LocationID, append(path, "locationId")...)
	out.PartnerID = graph.ArgumentID(checks, f.PartnerID, append(path, "partnerId")...)
	if f.Search != nil {
		out.Search = *f.Search
	}
	return out
}

type ConceptFilter struct {
	Kind       *[]string
	Status     *[]string
	StrategyID *graphql.ID
}

func (f *ConceptFilter) parse(checks *domain.Checks) readmodel.ConceptFilter {
	var out readmodel.ConceptFilter
	if f == nil {
		return out
	}
	if f.Kind != nil {
		out.Kind = *f.Kind
	}
	if f.Status != nil {
		out.Status = *f.Status
	}
	out.StrategyID = graph.ArgumentID(checks, f.StrategyID, "filter", "strategyId")
	return out
}

func (r *Queries) Strategy(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*graph.StrategyResolver, error) {
	var checks domain.Checks
	n, err := r.DocumentReadRoot(ctx, &checks, args.MinPosition, args.ID, domain.SubjectStrategy)
	if n == nil || err != nil {
		return nil, err
	}
	return n.(*graph.StrategyResolver), nil
}

func (r *Queries) Strategies(ctx context.Context, args struct {
	graph.ConnectionArgs
	Filter      *StrategyFilter
	MinPosition *string
}) (*graph.StrategyConnectionResolver, error) {
	var checks domain.Checks
	page := args.Page(&checks)
	filter := args.Filter.parse(&checks, "filter")
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	count := graph.CountOnly(ctx)
	if count {
		page = graph.CountPage(page)
	}
	conn, err := r.Deps.Read.Strategies(ctx, page, filter)
	if err != nil {
		return nil, graph.ArgumentError(err)
	}
	if count {
		return graph.NewConnection[*readmodel.Subject, *graph.StrategyResolver](conn, nil), nil
	}
	found, err := r.Keep(ctx, conn.Nodes())
	if err != nil {
		return nil, graph.Fail(err)
	}
	return graph.NewConnection(conn, r.PrepareStrategies(ctx, graph.ItemSelection(ctx), found)), nil
}

func (r *Queries) CooperationConcept(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*graph.CooperationConceptResolver, error) {
	var checks domain.Checks
	n, err := r.DocumentReadRoot(ctx, &checks, args.MinPosition, args.ID, domain.SubjectCooperationConcept)
	if n == nil || err != nil {
		return nil, err
	}
	return n.(*graph.CooperationConceptResolver), nil
}

func (r *Queries) CooperationConcepts(ctx context.Context, args struct {
	graph.ConnectionArgs
	Filter      *ConceptFilter
	MinPosition *string
}) (*graph.CooperationConceptConnectionResolver, error) {
	var checks domain.Checks
	page := args.Page(&checks)
	filter := args.Filter.parse(&checks)
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	count := graph.CountOnly(ctx)
	if count {
		page = graph.CountPage(page)
	}
	conn, err := r.Deps.Read.Concepts(ctx, page, filter)
	if err != nil {
		return nil, graph.ArgumentError(err)
	}
	if count {
		return graph.NewConnection[*readmodel.Subject, *graph.CooperationConceptResolver](conn, nil), nil
	}
	found, err := r.Keep(ctx, conn.Nodes())
	if err != nil {
		return nil, graph.Fail(err)
	}
	return graph.NewConnection(conn, r.PrepareConcepts(ctx, graph.ItemSelection(ctx), found)), nil
}

func (r *Queries) Organisation(ctx context.Context, args struct{ ID graphql.ID }) (*graph.OrganisationResolver, error) {
	var checks domain.Checks
	n, err := r.DocumentReadRoot(ctx, &checks, nil, args.ID, domain.SubjectOrganisation)
	if n == nil || err != nil {
		return nil, err
	}
	return n.(*graph.OrganisationResolver), nil
}

func (r *Queries) Organisations(ctx context.Context, args graph.ConnectionArgs) (*graph.OrganisationConnectionResolver, error) {
	var checks domain.Checks
	page := args.Page(&checks)
	if _, err := r.ReadRoot(ctx, &checks, nil); err != nil {
		return nil, err
	}
	count := graph.CountOnly(ctx)
	if count {
		page = graph.CountPage(page)
	}
	conn, err := r.Deps.Read.Organisations(ctx, page)
	if err != nil {
		return nil, graph.ArgumentError(err)
	}
	if count {
		return graph.NewConnection[*readmodel.Subject, *graph.OrganisationResolver](conn, nil), nil
	}
	found, err := r.Keep(ctx, conn.Nodes())
	if err != nil {
		return nil, graph.Fail(err)
	}
	return graph.NewConnection(conn, r.PrepareOrganisations(ctx, graph.ItemSelection(ctx), found)), nil
}

// Locations is reference data: every location, by country then name.
func (r *Queries) Locations(ctx context.Context) ([]*graph.LocationResolver, error) {
	var checks domain.Checks
	if _, err := r.ReadRoot(ctx, &checks, nil); err != nil {
		return nil, err
	}
	rows, err := r.Deps.Read.Locations(ctx)
	if err != nil {
		return nil, graph.Fail(err)
	}
	found, err := r.Documents(ctx, rows)
	if err != nil {
		return nil, graph.Fail(err)
	}
	out := make([]*graph.LocationResolver, 0, len(found))
	for _, n := range found {
		if n, ok := n.(*graph.LocationResolver); ok {
			out = append(out, n)
		}
	}
	return out, nil
}
