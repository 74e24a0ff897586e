package graph

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
	StrategyConnectionResolver           = Connection[*StrategyResolver]
	StrategyEdgeResolver                 = Edge[*StrategyResolver]
	CooperationConceptConnectionResolver = Connection[*CooperationConceptResolver]
	CooperationConceptEdgeResolver       = Edge[*CooperationConceptResolver]
	OrganisationConnectionResolver       = Connection[*OrganisationResolver]
	OrganisationEdgeResolver             = Edge[*OrganisationResolver]
	RevisionConnectionResolver           = Connection[*RevisionResolver]
	RevisionEdgeResolver                 = Edge[*RevisionResolver]
	StrategyProgressConnectionResolver   = Connection[*StrategyProgressResolver]
	StrategyProgressEdgeResolver         = Edge[*StrategyProgressResolver]
)

type Connection[N any] struct {
	edges []*Edge[N]
	info  readmodel.PageInfo
	count func(context.Context) (int, error)
}

type Edge[N any] struct {
	cursor string
	node   N
}

func (e *Edge[N]) Cursor() string { return e.cursor }
func (e *Edge[N]) Node() N        { return e.node }

// NewConnection pairs a read-model page with the resolvers of its items
// (nodes[i] renders page.Edges[i].Node).
func NewConnection[T, N any](page *readmodel.Connection[T], nodes []N) *Connection[N] {
	c := &Connection[N]{edges: make([]*Edge[N], len(nodes)), info: page.PageInfo, count: page.TotalCount}
	for i, n := range nodes {
		c.edges[i] = &Edge[N]{cursor: page.Edges[i].Cursor, node: n}
	}
	return c
}

func (c *Connection[N]) Edges() []*Edge[N] { return c.edges }

func (c *Connection[N]) Nodes() []N {
	out := make([]N, len(c.edges))
	for i, e := range c.edges {
		out[i] = e.node
	}
	return out
}

func (c *Connection[N]) PageInfo() *PageInfoResolver { return &PageInfoResolver{p: c.info} }

// TotalCount runs its own query, only when selected.
func (c *Connection[N]) TotalCount(ctx context.Context) (int32, error) {
	n, err := c.count(ctx)
	if err != nil {
		return 0, Fail(err)
	}
	return int32(min(n, math.MaxInt32)), nil
}

// CountOnly reports whether a connection field selects nothing but
// totalCount (and __typename): then no document of the page is needed, and
// 100 aliases of strategies(first: 100) { totalCount } must not decode
// 10,000 documents.
func CountOnly(ctx context.Context) bool {
	for _, p := range SelectionOf(ctx) {
		if p != "totalCount" && p != "__typename" {
			return false
		}
	}
	return true
}

// CountPage is the page to read when only totalCount is selected: one
// item in the requested direction, so that the arguments (cursors) are
// still checked by the read model while almost nothing is loaded.
func CountPage(p readmodel.Page) readmodel.Page {
	one := 1
	if p.Last != nil || p.Before != nil {
		return readmodel.Page{Last: &one, Before: p.Before}
	}
	return readmodel.Page{First: &one, After: p.After}
}

// ItemSelection is the selection of one node of a connection field.
func ItemSelection(ctx context.Context) selection {
	sel := SelectionOf(ctx)
	return sel.Under("nodes").merge(sel.Under("edges.node"))
}

// RevisionConnection renders a page of history rows.
func (r *Resolver) RevisionConnection(ctx context.Context, page *readmodel.Connection[*readmodel.Revision]) *RevisionConnectionResolver {
	return NewConnection(page, r.revisionsOf(ctx, ItemSelection(ctx), page.Nodes()))
}

// NewListConnection is a connection over a page that does not come from
// the documents read model (readmodel.Connection): the nodes, each with
// its cursor, whether more follow and whether the page started after a
// cursor, and the total.
func NewListConnection[N any](cursors []string, nodes []N, more, after bool, total int) *Connection[N] {
	c := &Connection[N]{edges: make([]*Edge[N], len(nodes)),
		count: func(context.Context) (int, error) { return total, nil }}
	for i, n := range nodes {
		c.edges[i] = &Edge[N]{cursor: cursors[i], node: n}
	}
	c.info = readmodel.PageInfo{HasNextPage: more, HasPreviousPage: after}
	if len(c.edges) > 0 {
		c.info.StartCursor, c.info.EndCursor = &c.edges[0].cursor, &c.edges[len(c.edges)-1].cursor
	}
	return c
}
