package resolver

import (
	"context"
	"math"

	"github.com/creativeclusters/planner/projections/readmodel"
)

// Every connection of the contract has the same shape (edges, nodes,
// pageInfo, totalCount) over a page of the read model; only the node type
// differs, so one generic type serves them all under the names the schema
// uses.
type (
	StrategyConnectionResolver           = connection[*StrategyResolver]
	StrategyEdgeResolver                 = edge[*StrategyResolver]
	CooperationConceptConnectionResolver = connection[*CooperationConceptResolver]
	CooperationConceptEdgeResolver       = edge[*CooperationConceptResolver]
	OrganisationConnectionResolver       = connection[*OrganisationResolver]
	OrganisationEdgeResolver             = edge[*OrganisationResolver]
	RevisionConnectionResolver           = connection[*RevisionResolver]
	RevisionEdgeResolver                 = edge[*RevisionResolver]
	StrategyProgressConnectionResolver   = connection[*StrategyProgressResolver]
	StrategyProgressEdgeResolver         = edge[*StrategyProgressResolver]
)

type connection[N any] struct {
	edges []*edge[N]
	info  readmodel.PageInfo
	count func(context.Context) (int, error)
}

type edge[N any] struct {
	cursor string
	node   N
}

func (e *edge[N]) Cursor() string { return e.cursor }
func (e *edge[N]) Node() N        { return e.node }

// newConnection pairs a read-model page with the resolvers of its items
// (nodes[i] renders page.Edges[i].Node).
func newConnection[T, N any](page *readmodel.Connection[T], nodes []N) *connection[N] {
	c := &connection[N]{edges: make([]*edge[N], len(nodes)), info: page.PageInfo, count: page.TotalCount}
	for i, n := range nodes {
		c.edges[i] = &edge[N]{cursor: page.Edges[i].Cursor, node: n}
	}
	return c
}

func (c *connection[N]) Edges() []*edge[N] { return c.edges }

func (c *connection[N]) Nodes() []N {
	out := make([]N, len(c.edges))
	for i, e := range c.edges {
		out[i] = e.node
	}
	return out
}

func (c *connection[N]) PageInfo() *PageInfoResolver { return &PageInfoResolver{p: c.info} }

// TotalCount runs its own query, only when selected.
func (c *connection[N]) TotalCount(ctx context.Context) (int32, error) {
	n, err := c.count(ctx)
	if err != nil {
		return 0, fail(err)
	}
	return int32(min(n, math.MaxInt32)), nil
}

// countOnly reports whether a connection field selects nothing but
// totalCount (and __typename): then no document of the page is needed, and
// 100 aliases of strategies(first: 100) { totalCount } must not decode
// 10,000 documents.
func countOnly(ctx context.Context) bool {
	for _, p := range selectionOf(ctx) {
		if p != "totalCount" && p != "__typename" {
			return false
		}
	}
	return true
}

// countPage is the page to read when only totalCount is selected: one
// item in the requested direction, so that the arguments (cursors) are
// still checked by the read model while almost nothing is loaded.
func countPage(p readmodel.Page) readmodel.Page {
	one := 1
	if p.Last != nil || p.Before != nil {
		return readmodel.Page{Last: &one, Before: p.Before}
	}
	return readmodel.Page{First: &one, After: p.After}
}

// itemSelection is the selection of one node of a connection field.
func itemSelection(ctx context.Context) selection {
	sel := selectionOf(ctx)
	return sel.under("nodes").merge(sel.under("edges.node"))
}

// revisionConnection renders a page of history rows.
func (r *Root) revisionConnection(ctx context.Context, page *readmodel.Connection[*readmodel.Revision]) *RevisionConnectionResolver {
	return newConnection(page, r.revisionsOf(ctx, itemSelection(ctx), page.Nodes()))
}

// newListConnection is a connection over a page that does not come from
// the documents read model (readmodel.Connection): the nodes, each with
// its cursor, whether more follow and whether the page started after a
// cursor, and the total.
func newListConnection[N any](cursors []string, nodes []N, more, after bool, total int) *connection[N] {
	c := &connection[N]{edges: make([]*edge[N], len(nodes)),
		count: func(context.Context) (int, error) { return total, nil }}
	for i, n := range nodes {
		c.edges[i] = &edge[N]{cursor: cursors[i], node: n}
	}
	c.info = readmodel.PageInfo{HasNextPage: more, HasPreviousPage: after}
	if len(c.edges) > 0 {
		c.info.StartCursor, c.info.EndCursor = &c.edges[0].cursor, &c.edges[len(c.edges)-1].cursor
	}
	return c
}
