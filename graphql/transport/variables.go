package transport

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/graph-gophers/graphql-go/ast"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// Variables are coerced here, for the selected operation only and before
// graphql-go sees them, as the spec's CoerceVariableValues wants: a value
// of the wrong type ({"first": 1.5}, "10" for an Int, 2147483648 for an
// Int) is a request error, VALIDATION_FAILED with status 400. graphql-go
// validates only null for non-null variables and lets the rest fail at
// execution, where it surfaces as INTERNAL. The same walk applies the text
// policy (domain.TextProblem) to every string a variable carries, so that
// one NUL byte is refused at the edge with the variable's path instead of
// failing in SQL or poisoning a projection.

// maxVariableErrors bounds the errors one request reports.
const maxVariableErrors = 20

type variableChecker struct {
	schema *ast.Schema
	errs   []*gqlerrors.QueryError
}

// checkVariables coerces the variables of op; it returns the request
// errors, nil when all are acceptable. Variables the operation does not
// define are ignored, as the spec says.
func checkVariables(schema *ast.Schema, op *operation, variables map[string]any) []*gqlerrors.QueryError {
	c := &variableChecker{schema: schema}
	for _, v := range op.vars {
		value, given := variables[v.name]
		if !given && v.hasDefault {
			continue
		}
		c.value(v.typ, value, []string{v.name})
	}
	return c.errs
}

func (c *variableChecker) fail(path []string, format string, args ...any) {
	if len(c.errs) >= maxVariableErrors {
		return
	}
	message := fmt.Sprintf(format, args...)
	e := newQueryError(domain.CodeValidationFailed,
		fmt.Sprintf("Variable %q has an invalid value at %s: %s", "$"+path[0], strings.Join(path, "."), message))
	e.Extensions["fields"] = []map[string]any{{"path": append([]string{}, path...), "message": message}}
	c.errs = append(c.errs, e)
}

// value coerces value to the type written in a variable definition.
func (c *variableChecker) value(t *typeRef, value any, path []string) {
	if value == nil {
		if t.nonNull {
			c.fail(path, "must not be null")
		}
		return
	}
	if t.elem != nil {
		if list, ok := value.([]any); ok {
			for i, item := range list {
				c.value(t.elem, item, append(path, strconv.Itoa(i)))
			}
			return
		}
		c.value(t.elem, value, path) // a single item stands for a list of one
		return
	}
	c.named(c.lookup(t.name), value, path)
}

func (c *variableChecker) lookup(name string) ast.NamedType {
	if c.schema == nil {
		return nil
	}
	return c.schema.Types[name]
}

// schemaValue coerces value to a type of the schema (an input field's).
func (c *variableChecker) schemaValue(t ast.Type, value any, path []string) {
	switch w := t.(type) {
	case *ast.NonNull:
		if value == nil {
			c.fail(path, "must not be null")
			return
		}
		c.schemaValue(w.OfType, value, path)
	case *ast.List:
		if value == nil {
			return
		}
		if list, ok := value.([]any); ok {
			for i, item := range list {
				c.schemaValue(w.OfType, item, append(path, strconv.Itoa(i)))
			}
			return
		}
		c.schemaValue(w.OfType, value, path)
	case ast.NamedType:
		if value == nil {
			return
		}
		c.named(c.lookup(w.TypeName()), value, path)
	}
}

func (c *variableChecker) named(t ast.NamedType, value any, path []string) {
	switch t := t.(type) {
	case nil:
		// An unknown type: graphql-go refuses the document.
	case *ast.ScalarTypeDefinition:
		c.scalar(t.Name, value, path)
	case *ast.EnumTypeDefinition:
		s, ok := value.(string)
		if !ok {
			c.fail(path, "must be one of the values of %s", t.Name)
			return
		}
		for _, v := range t.EnumValuesDefinition {
			if v.EnumValue == s {
				return
			}
		}
		c.fail(path, "must be one of the values of %s", t.Name)
	case *ast.InputObject:
		object, ok := value.(map[string]any)
		if !ok {
			c.fail(path, "must be an object of type %s", t.Name)
			return
		}
		// Unknown fields: in a stable order, for stable answers.
		names := make([]string, 0, len(object))
		for name := range object {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if t.Values.Get(name) == nil {
				c.fail(append(path, name), "is not a field of %s", t.Name)
			}
		}
		for _, f := range t.Values {
			v, given := object[f.Name.Name]
			if !given {
				if _, required := f.Type.(*ast.NonNull); required && f.Default == nil {
					c.fail(append(path, f.Name.Name), "is required")
				}
				continue
			}
			c.schemaValue(f.Type, v, append(path, f.Name.Name))
		}
	default:
		c.fail(path, "%s is not an input type", t.TypeName())
	}
}

func (c *variableChecker) scalar(name string, value any, path []string) {
	switch name {
	case "Int":
		n, ok := value.(float64)
		if !ok || n != math.Trunc(n) || n < math.MinInt32 || n > math.MaxInt32 {
			c.fail(path, "must be an Int: a whole number between %d and %d", math.MinInt32, math.MaxInt32)
		}
	case "Float":
		if _, ok := value.(float64); !ok {
			c.fail(path, "must be a number")
		}
	case "Boolean":
		if _, ok := value.(bool); !ok {
			c.fail(path, "must be true or false")
		}
	case "String":
		s, ok := value.(string)
		if !ok {
			c.fail(path, "must be a string")
			return
		}
		c.text(s, path)
	case "ID":
		switch v := value.(type) {
		case string:
			c.text(v, path)
		case float64:
			if v != math.Trunc(v) {
				c.fail(path, "must be an ID: a string or a whole number")
			}
		default:
			c.fail(path, "must be an ID: a string or a whole number")
		}
	default:
		// A custom scalar checks its own shape; its strings, however deep,
		// follow the text policy.
		c.anyText(value, path)
	}
}

func (c *variableChecker) text(s string, path []string) {
	if problem := domain.TextProblem(s); problem != "" {
		c.fail(path, "%s", problem)
	}
}

func (c *variableChecker) anyText(value any, path []string) {
	switch v := value.(type) {
	case string:
		c.text(v, path)
	case []any:
		for i, item := range v {
			c.anyText(item, append(path, strconv.Itoa(i)))
		}
	case map[string]any:
		for key, item := range v {
			c.text(key, append(path, key))
			c.anyText(item, append(path, key))
		}
	}
}
