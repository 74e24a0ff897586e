package resolver

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Query roots of the documents: single documents and the lists, served
// from the documents read model (read_subjects.go).

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
	out.LocationID = argumentID(checks, f.LocationID, append(path, "locationId")...)
	out.PartnerID = argumentID(checks, f.PartnerID, append(path, "partnerId")...)
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
	out.StrategyID = argumentID(checks, f.StrategyID, "filter", "strategyId")
	return out
}

func (r *Root) Strategy(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*StrategyResolver, error) {
	var checks domain.Checks
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	id, ok := lookupID(args.ID)
	if !ok {
		return nil, nil
	}
	n, err := r.documentRoot(ctx, id, domain.SubjectStrategy)
	if n == nil || err != nil {
		return nil, err
	}
	return n.(*StrategyResolver), nil
}

func (r *Root) Strategies(ctx context.Context, args struct {
	ConnectionArgs
	Filter      *StrategyFilter
	MinPosition *string
}) (*StrategyConnectionResolver, error) {
	var checks domain.Checks
	page := args.page(&checks)
	filter := args.Filter.parse(&checks, "filter")
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	count := countOnly(ctx)
	if count {
		page = countPage(page)
	}
	conn, err := r.deps.Read.Strategies(ctx, page, filter)
	if err != nil {
		return nil, argumentError(err)
	}
	if count {
		return newConnection[*readmodel.Subject, *StrategyResolver](conn, nil), nil
	}
	found, err := r.keep(ctx, conn.Nodes())
	if err != nil {
		return nil, fail(err)
	}
	return newConnection(conn, r.prepareStrategies(ctx, itemSelection(ctx), found)), nil
}

func (r *Root) CooperationConcept(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*CooperationConceptResolver, error) {
	var checks domain.Checks
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	id, ok := lookupID(args.ID)
	if !ok {
		return nil, nil
	}
	n, err := r.documentRoot(ctx, id, domain.SubjectCooperationConcept)
	if n == nil || err != nil {
		return nil, err
	}
	return n.(*CooperationConceptResolver), nil
}

func (r *Root) CooperationConcepts(ctx context.Context, args struct {
	ConnectionArgs
	Filter      *ConceptFilter
	MinPosition *string
}) (*CooperationConceptConnectionResolver, error) {
	var checks domain.Checks
	page := args.page(&checks)
	filter := args.Filter.parse(&checks)
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	count := countOnly(ctx)
	if count {
		page = countPage(page)
	}
	conn, err := r.deps.Read.Concepts(ctx, page, filter)
	if err != nil {
		return nil, argumentError(err)
	}
	if count {
		return newConnection[*readmodel.Subject, *CooperationConceptResolver](conn, nil), nil
	}
	found, err := r.keep(ctx, conn.Nodes())
	if err != nil {
		return nil, fail(err)
	}
	return newConnection(conn, r.prepareConcepts(ctx, itemSelection(ctx), found)), nil
}

func (r *Root) Organisation(ctx context.Context, args struct{ ID graphql.ID }) (*OrganisationResolver, error) {
	var checks domain.Checks
	if _, err := r.readRoot(ctx, &checks, nil); err != nil {
		return nil, err
	}
	id, ok := lookupID(args.ID)
	if !ok {
		return nil, nil
	}
	n, err := r.documentRoot(ctx, id, domain.SubjectOrganisation)
	if n == nil || err != nil {
		return nil, err
	}
	return n.(*OrganisationResolver), nil
}

func (r *Root) Organisations(ctx context.Context, args ConnectionArgs) (*OrganisationConnectionResolver, error) {
	var checks domain.Checks
	page := args.page(&checks)
	if _, err := r.readRoot(ctx, &checks, nil); err != nil {
		return nil, err
	}
	count := countOnly(ctx)
	if count {
		page = countPage(page)
	}
	conn, err := r.deps.Read.Organisations(ctx, page)
	if err != nil {
		return nil, argumentError(err)
	}
	if count {
		return newConnection[*readmodel.Subject, *OrganisationResolver](conn, nil), nil
	}
	found, err := r.keep(ctx, conn.Nodes())
	if err != nil {
		return nil, fail(err)
	}
	return newConnection(conn, r.prepareOrganisations(ctx, itemSelection(ctx), found)), nil
}

// Locations is reference data: every location, by country then name.
func (r *Root) Locations(ctx context.Context) ([]*LocationResolver, error) {
	var checks domain.Checks
	if _, err := r.readRoot(ctx, &checks, nil); err != nil {
		return nil, err
	}
	rows, err := r.deps.Read.Locations(ctx)
	if err != nil {
		return nil, fail(err)
	}
	found, err := r.documents(ctx, rows)
	if err != nil {
		return nil, fail(err)
	}
	out := make([]*LocationResolver, 0, len(found))
	for _, n := range found {
		if n, ok := n.(*LocationResolver); ok {
			out = append(out, n)
		}
	}
	return out, nil
}
