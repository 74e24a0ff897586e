package transport

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/graph-gophers/graphql-go/ast"

	"github.com/creativeclusters/planner/domain"
)

// Cost analysis bounds the work one operation can ask for before any
// resolver runs; depth and length limits alone let a query of a few hundred
// bytes ask for millions of nodes through nested connections.
//
// Every field costs 1. A field with a first or last argument multiplies the
// cost of its selections by that argument (the larger when both are given);
// a connection field (its type is named ...Connection) without either uses
// the default page size, as its resolver will. A connection's totalCount
// and pageInfo are resolved once, not per item, and are not multiplied: a
// connection asked only for its totalCount loads no page of documents
// (the resolvers see to that). Fragments count where they
// are spread. @skip and @include are ignored: the cost is an upper bound.
//
// The analysis itself must be cheap whatever the document: a fragment's
// cost does not depend on where it is spread (its type condition fixes the
// type of its selections), so it is computed once and reused, which keeps
// the work linear in the document's size even for "fragment bombs" whose
// expansion is exponential. Cycles between fragments are refused before any
// costing (graphql-go refuses them too, but only after the transport has
// run). A hard budget of visited nodes and the request's context bound the
// analysis even if those rules were ever broken.

// analysisError is a request the analysis refuses: a fragment cycle
// (VALIDATION_FAILED), a document beyond the node budget
// (QUERY_TOO_COMPLEX) or a context that ended.
type analysisError struct {
	code    domain.ErrorCode
	message string
}

func (e *analysisError) Error() string { return e.message }

// contextCheckEvery is how many nodes the analysis visits between two looks
// at the request's context.
const contextCheckEvery = 256

type costCounter struct {
	ctx         context.Context
	schema      *ast.Schema
	doc         *document
	variables   map[string]any
	defaultPage int64
	// ceiling stops counting once the limit is passed, so that huge
	// multipliers cannot overflow.
	ceiling int64
	// fragmentCost memoises each fragment's cost.
	fragmentCost map[string]int64
	// visited counts the selections looked at; maxNodes caps it.
	visited  int
	maxNodes int
	err      *analysisError
}

// operationCost returns the cost of op, or a value above limit as soon as
// the cost exceeds it. It fails when the document's fragments form a cycle,
// when it would visit more than maxNodes selections, or when ctx ends.
func operationCost(ctx context.Context, schema *ast.Schema, doc *document, op *operation, variables map[string]any, defaultPage, limit, maxNodes int) (int64, error) {
	c, err := newCostCounter(ctx, schema, doc, variables, defaultPage, limit, maxNodes)
	if err != nil {
		return 0, err
	}
	return c.operation(op)
}

func newCostCounter(ctx context.Context, schema *ast.Schema, doc *document, variables map[string]any, defaultPage, limit, maxNodes int) (*costCounter, error) {
	if name, ok := fragmentCycle(doc); ok {
		return nil, &analysisError{code: domain.CodeValidationFailed,
			message: fmt.Sprintf("Cannot spread fragment %q within itself.", name)}
	}
	return &costCounter{
		ctx:          ctx,
		schema:       schema,
		doc:          doc,
		variables:    variables,
		defaultPage:  int64(defaultPage),
		ceiling:      min(int64(limit), math.MaxInt64/4) + 1,
		fragmentCost: map[string]int64{},
		maxNodes:     maxNodes,
	}, nil
}

func (c *costCounter) operation(op *operation) (int64, error) {
	var root ast.NamedType
	if c.schema != nil {
		root = c.schema.RootOperationTypes[op.typ]
	}
	cost := c.selections(op.selections, root)
	if c.err != nil {
		return 0, c.err
	}
	return cost, nil
}

// fragmentCycle reports a fragment that spreads itself, directly or through
// others. It walks the spread graph depth first with an explicit stack, so
// a long chain of fragments cannot exhaust the goroutine's stack either.
func fragmentCycle(doc *document) (string, bool) {
	const (
		unseen = iota
		open
		done
	)
	state := make(map[string]int, len(doc.fragments))
	spreads := make(map[string][]string, len(doc.fragments))
	for name, f := range doc.fragments {
		spreads[name] = collectSpreads(f.selections, nil)
	}
	type frame struct {
		name string
		next int
	}
	for start := range doc.fragments {
		if state[start] != unseen {
			continue
		}
		stack := []frame{{name: start}}
		state[start] = open
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			out := spreads[top.name]
			if top.next == len(out) {
				state[top.name] = done
				stack = stack[:len(stack)-1]
				continue
			}
			to := out[top.next]
			top.next++
			if _, known := doc.fragments[to]; !known {
				continue // graphql-go reports unknown fragments
			}
			switch state[to] {
			case open:
				return to, true
			case unseen:
				state[to] = open
				stack = append(stack, frame{name: to})
			}
		}
	}
	return "", false
}

// collectSpreads appends the names of the fragments spread anywhere in sels.
func collectSpreads(sels []selection, names []string) []string {
	for _, s := range sels {
		if s.kind == selectSpread {
			names = append(names, s.name)
			continue
		}
		names = collectSpreads(s.selections, names)
	}
	return names
}

// visit counts one node against the budget and looks at the context now
// and then; false means the analysis must stop.
func (c *costCounter) visit() bool {
	if c.err != nil {
		return false
	}
	c.visited++
	if c.visited > c.maxNodes {
		c.err = &analysisError{code: domain.CodeQueryTooComplex,
			message: fmt.Sprintf("query has more than %d selections to analyse", c.maxNodes)}
		return false
	}
	if c.visited%contextCheckEvery == 0 && c.ctx.Err() != nil {
		c.err = &analysisError{code: domain.CodeUnavailable, message: "request cancelled or timed out during query analysis"}
		return false
	}
	return true
}

func (c *costCounter) selections(sels []selection, parent ast.NamedType) int64 {
	var total int64
	for _, s := range sels {
		if !c.visit() {
			return c.ceiling
		}
		switch s.kind {
		case selectField:
			total = c.add(total, c.field(s, parent))
		case selectInline:
			t := parent
			if s.typeCondition != "" {
				t = c.namedType(s.typeCondition)
			}
			total = c.add(total, c.selections(s.selections, t))
		case selectSpread:
			total = c.add(total, c.fragment(s.name))
		}
		if total >= c.ceiling {
			return c.ceiling
		}
	}
	return total
}

// fragment is the cost of the named fragment, computed on its first spread.
// fragmentCycle has ruled out cycles, so the recursion ends.
func (c *costCounter) fragment(name string) int64 {
	if cost, ok := c.fragmentCost[name]; ok {
		return cost
	}
	f := c.doc.fragments[name]
	if f == nil {
		return 0 // graphql-go refuses the document
	}
	cost := c.selections(f.selections, c.namedType(f.typeCondition))
	c.fragmentCost[name] = cost
	return cost
}

func (c *costCounter) field(s selection, parent ast.NamedType) int64 {
	if len(s.selections) == 0 {
		return 1
	}
	typ := c.fieldType(parent, s.name)
	if isConnection(typ) {
		return c.connection(s, typ)
	}
	children := c.selections(s.selections, typ)
	return c.add(1, c.mul(children, c.multiplier(s, typ)))
}

// perConnection are the fields of a connection resolved once per
// connection, not once per item: they are not multiplied by the page.
var perConnection = map[string]bool{"totalCount": true, "pageInfo": true, "__typename": true}

// connection costs a connection field: its items (edges, nodes, and
// fragments, counted as items for an upper bound) are multiplied by the
// page, totalCount and pageInfo are not.
func (c *costCounter) connection(s selection, typ ast.NamedType) int64 {
	var once, perItem int64
	for _, sel := range s.selections {
		if sel.kind == selectField && perConnection[sel.name] {
			if !c.visit() {
				return c.ceiling
			}
			once = c.add(once, c.field(sel, typ))
			continue
		}
		perItem = c.add(perItem, c.selections([]selection{sel}, typ))
	}
	return c.add(c.add(1, once), c.mul(perItem, c.multiplier(s, typ)))
}

func isConnection(typ ast.NamedType) bool {
	return typ != nil && strings.HasSuffix(typ.TypeName(), "Connection")
}

// multiplier is how many times the selections of field s are resolved.
func (c *costCounter) multiplier(s selection, typ ast.NamedType) int64 {
	var n int64
	found := false
	for _, name := range [...]string{"first", "last"} {
		if v, ok := c.intArgument(s.args, name); ok {
			found = true
			n = max(n, v)
		}
	}
	switch {
	case found:
		return max(n, 0)
	case isConnection(typ):
		return c.defaultPage
	default:
		return 1
	}
}

// intArgument reads an Int argument given literally or through a variable.
// JSON variables arrive as float64.
func (c *costCounter) intArgument(args map[string]argument, name string) (int64, bool) {
	a, ok := args[name]
	if !ok || a.isNull {
		return 0, false
	}
	if a.isInt {
		return a.intValue, true
	}
	if a.variable == "" {
		return 0, false
	}
	switch v := c.variables[a.variable].(type) {
	case float64:
		if v >= math.MaxInt64 {
			return math.MaxInt64, true
		}
		return int64(v), true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	}
	return 0, false
}

func (c *costCounter) namedType(name string) ast.NamedType {
	if c.schema == nil {
		return nil
	}
	return c.schema.Types[name]
}

// fieldType is the named type of field name on parent, nil when unknown
// (validation will reject the document then).
func (c *costCounter) fieldType(parent ast.NamedType, name string) ast.NamedType {
	switch name {
	case "__schema":
		return c.namedType("__Schema")
	case "__type":
		return c.namedType("__Type")
	}
	var fields ast.FieldsDefinition
	switch t := parent.(type) {
	case *ast.ObjectTypeDefinition:
		fields = t.Fields
	case *ast.InterfaceTypeDefinition:
		fields = t.Fields
	default:
		return nil
	}
	f := fields.Get(name)
	if f == nil {
		return nil
	}
	return unwrapType(f.Type)
}

func unwrapType(t ast.Type) ast.NamedType {
	for {
		switch w := t.(type) {
		case *ast.NonNull:
			t = w.OfType
		case *ast.List:
			t = w.OfType
		case ast.NamedType:
			return w
		default:
			return nil
		}
	}
}

func (c *costCounter) add(a, b int64) int64 {
	if a+b >= c.ceiling {
		return c.ceiling
	}
	return a + b
}

func (c *costCounter) mul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= c.ceiling || b >= c.ceiling || a > c.ceiling/b {
		return c.ceiling
	}
	return a * b
}
