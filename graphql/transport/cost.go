package transport

import (
	"math"
	"strings"

	"github.com/graph-gophers/graphql-go/ast"
)

// Cost analysis bounds the work one operation can ask for before any
// resolver runs; depth and length limits alone let a query of a few hundred
// bytes ask for millions of nodes through nested connections.
//
// Every field costs 1. A field with a first or last argument multiplies the
// cost of its selections by that argument (the larger when both are given);
// a connection field (its type is named ...Connection) without either uses
// the default page size, as its resolver will. Fragments count where they
// are spread. @skip and @include are ignored: the cost is an upper bound.

type costCounter struct {
	schema      *ast.Schema
	doc         *document
	variables   map[string]any
	defaultPage int64
	// ceiling stops counting once the limit is passed, so that huge
	// multipliers cannot overflow.
	ceiling int64
	// spreading holds the fragments being expanded; a cycle (which
	// validation rejects anyway) costs nothing instead of never ending.
	spreading map[string]bool
}

// operationCost returns the cost of op, or a value above limit as soon as
// the cost exceeds it.
func operationCost(schema *ast.Schema, doc *document, op *operation, variables map[string]any, defaultPage, limit int) int64 {
	c := &costCounter{
		schema:      schema,
		doc:         doc,
		variables:   variables,
		defaultPage: int64(defaultPage),
		ceiling:     min(int64(limit), math.MaxInt64/4) + 1,
		spreading:   map[string]bool{},
	}
	var root ast.NamedType
	if schema != nil {
		root = schema.RootOperationTypes[op.typ]
	}
	return c.selections(op.selections, root)
}

func (c *costCounter) selections(sels []selection, parent ast.NamedType) int64 {
	var total int64
	for _, s := range sels {
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
			f := c.doc.fragments[s.name]
			if f == nil || c.spreading[s.name] {
				continue
			}
			c.spreading[s.name] = true
			total = c.add(total, c.selections(f.selections, c.namedType(f.typeCondition)))
			delete(c.spreading, s.name)
		}
		if total >= c.ceiling {
			return c.ceiling
		}
	}
	return total
}

func (c *costCounter) field(s selection, parent ast.NamedType) int64 {
	if len(s.selections) == 0 {
		return 1
	}
	typ := c.fieldType(parent, s.name)
	children := c.selections(s.selections, typ)
	return c.add(1, c.mul(children, c.multiplier(s, typ)))
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
	case typ != nil && strings.HasSuffix(typ.TypeName(), "Connection"):
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
