package transport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	graphql "github.com/graph-gophers/graphql-go"
	gqlast "github.com/graph-gophers/graphql-go/ast"
)

// graphql-go 1.11 does not know three introspection fields that graphql-js
// 16 asks for with its standard options (getIntrospectionQuery({oneOf,
// directiveIsRepeatable, schemaDescription}), which GraphQL Code Generator,
// GraphiQL and Apollo tooling send): __Type.isOneOf,
// __Directive.isRepeatable and __Schema.description. It refuses such a
// query as a whole. The transport answers them itself rather than carrying
// a patched graphql-go: each such field is rewritten into an aliased field
// graphql-go does know (the type's or directive's name, or __typename),
// and the answer is put back under the field's own response key, computed
// from the schema's AST (the @oneOf directive, a directive's repeatable
// flag, the schema's description). Each field is only rewritten while
// graphql-go refuses it, so an upgrade that answers it natively takes over
// without a change here. Only documents that mention them are touched.

// introspectionCompat rewrites and completes queries for the fields
// graphql-go lacks; the zero value rewrites nothing.
type introspectionCompat struct {
	isOneOf, isRepeatable, schemaDescription bool
	oneOf                                    map[string]bool // input types with @oneOf
	repeatable                               map[string]bool // repeatable directives
	description                              *string         // the schema's description
}

// compatAliasPrefix starts the aliases the rewrite gives; no client alias
// is expected to start so.
const compatAliasPrefix = "plannerIntrospectionCompat"

// compatBySchema holds each schema's introspectionCompat, computed on first
// use, so that the hook in execute needs no wiring.
var compatBySchema sync.Map // *graphql.Schema -> *introspectionCompat

// introspectionCompatFor returns schema's introspectionCompat.
func introspectionCompatFor(schema *graphql.Schema) *introspectionCompat {
	if c, ok := compatBySchema.Load(schema); ok {
		return c.(*introspectionCompat)
	}
	c, _ := compatBySchema.LoadOrStore(schema, newIntrospectionCompat(schema))
	return c.(*introspectionCompat)
}

func newIntrospectionCompat(schema *graphql.Schema) *introspectionCompat {
	refuses := func(q string) bool { return len(schema.Validate(q)) > 0 }
	c := &introspectionCompat{
		isOneOf:           refuses(`{ __type(name: "Query") { isOneOf } }`),
		isRepeatable:      refuses(`{ __schema { directives { isRepeatable } } }`),
		schemaDescription: refuses(`{ __schema { description } }`),
		oneOf:             map[string]bool{},
		repeatable:        map[string]bool{},
	}
	ast := schema.AST()
	for name, t := range ast.Types {
		if in, ok := t.(*gqlast.InputObject); ok && in.Directives.Get("oneOf") != nil {
			c.oneOf[name] = true
		}
	}
	for name, d := range ast.Directives {
		if d.Repeatable {
			c.repeatable[name] = true
		}
	}
	if ast.Desc != "" {
		d := ast.Desc
		c.description = &d
	}
	return c
}

// compatField is one rewritten field: what it asked, and under which
// response key the client expects the answer.
type compatField struct {
	kind string // "isOneOf", "isRepeatable" or "description"
	key  string
}

// rewrite returns the query to execute and the fields to complete in its
// answer; fields is empty when the query is executed as it is. A query the
// scanner cannot follow is returned unchanged: graphql-go reports its
// errors.
func (c *introspectionCompat) rewrite(query string) (string, []compatField) {
	if c == nil || !(c.isOneOf && strings.Contains(query, "isOneOf") ||
		c.isRepeatable && strings.Contains(query, "isRepeatable") ||
		c.schemaDescription && (strings.Contains(query, "__schema") || strings.Contains(query, "__Schema"))) {
		return query, nil
	}
	toks, ok := scanCompatTokens(query)
	if !ok {
		return query, nil
	}
	r := &compatRewriter{c: c, src: query, toks: toks}
	if !r.document() {
		return query, nil
	}
	if len(r.fields) == 0 {
		return query, nil
	}
	var b strings.Builder
	last := 0
	for _, e := range r.edits {
		b.WriteString(query[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(query[last:])
	return b.String(), r.fields
}

// complete puts the answers of the rewritten fields into data under the
// keys the client asked for. data without a rewritten field is returned as
// it is.
func (c *introspectionCompat) complete(data json.RawMessage, fields []compatField) json.RawMessage {
	if len(fields) == 0 || len(data) == 0 || !bytes.Contains(data, []byte(compatAliasPrefix)) {
		return data
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	if err := c.copyValue(dec, &out, fields); err != nil {
		return data
	}
	return out.Bytes()
}

func (c *introspectionCompat) copyValue(dec *json.Decoder, out *bytes.Buffer, fields []compatField) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			seen := map[string]bool{}
			first := true
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				if f, ok := c.field(key, fields); ok {
					var v any
					if err := dec.Decode(&v); err != nil {
						return err
					}
					if seen[f.key] {
						continue
					}
					seen[f.key] = true
					writeKey(out, f.key, &first)
					b, _ := json.Marshal(c.answer(f.kind, v))
					out.Write(b)
					continue
				}
				if seen[key] {
					var skip json.RawMessage
					if err := dec.Decode(&skip); err != nil {
						return err
					}
					continue
				}
				seen[key] = true
				writeKey(out, key, &first)
				if err := c.copyValue(dec, out, fields); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if err := c.copyValue(dec, out, fields); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte(']')
		}
	default:
		b, err := json.Marshal(t)
		if err != nil {
			return err
		}
		out.Write(b)
	}
	return nil
}

func writeKey(out *bytes.Buffer, key string, first *bool) {
	if !*first {
		out.WriteByte(',')
	}
	*first = false
	b, _ := json.Marshal(key)
	out.Write(b)
	out.WriteByte(':')
}

// field finds the rewritten field an alias of the rewrite stands for.
func (c *introspectionCompat) field(key string, fields []compatField) (compatField, bool) {
	n, ok := strings.CutPrefix(key, compatAliasPrefix)
	if !ok {
		return compatField{}, false
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 0 || i >= len(fields) {
		return compatField{}, false
	}
	return fields[i], true
}

// answer computes a rewritten field's value from what graphql-go answered
// in its place: the type's or directive's name, or __typename.
func (c *introspectionCompat) answer(kind string, v any) any {
	name, _ := v.(string)
	switch kind {
	case "isOneOf":
		if v == nil {
			return nil // a wrapped type (list, non-null) has no isOneOf
		}
		return c.oneOf[name]
	case "isRepeatable":
		return c.repeatable[name]
	default:
		if c.description == nil {
			return nil
		}
		return *c.description
	}
}

type compatEdit struct {
	start, end int
	text       string
}

// compatRewriter walks the selection sets of a document, knowing for each
// whether it selects on __Schema.
type compatRewriter struct {
	c      *introspectionCompat
	src    string
	toks   []compatToken
	i      int
	edits  []compatEdit
	fields []compatField
}

func (r *compatRewriter) peek() compatToken {
	if r.i < len(r.toks) {
		return r.toks[r.i]
	}
	return compatToken{}
}

func (r *compatRewriter) punct(s string) bool {
	t := r.peek()
	return t.kind == tokPunct && t.text == s
}

func (r *compatRewriter) document() bool {
	for r.i < len(r.toks) {
		schemaType := false
		// Everything up to the definition's selection set: its keyword,
		// name, variables, directives; a fragment's type condition.
		for !r.punct("{") {
			t := r.peek()
			if t.kind == 0 {
				return false
			}
			if t.kind == tokName && t.text == "on" && r.i+1 < len(r.toks) {
				schemaType = r.toks[r.i+1].text == "__Schema"
			}
			if r.punct("(") && !r.skipBalanced("(", ")") {
				return false
			}
			r.i++
		}
		if !r.selectionSet(schemaType) {
			return false
		}
	}
	return true
}

func (r *compatRewriter) skipBalanced(open, closing string) bool {
	depth := 0
	for r.i < len(r.toks) {
		switch {
		case r.punct(open):
			depth++
		case r.punct(closing):
			depth--
		}
		if depth == 0 {
			return true
		}
		r.i++
	}
	return false
}

// selectionSet reads "{ ... }"; onSchema tells that its fields are those
// of __Schema.
func (r *compatRewriter) selectionSet(onSchema bool) bool {
	if !r.punct("{") {
		return false
	}
	r.i++
	for !r.punct("}") {
		if !r.selection(onSchema) {
			return false
		}
	}
	r.i++
	return true
}

func (r *compatRewriter) directives() bool {
	for r.punct("@") {
		r.i += 2
		if r.punct("(") && !r.skipBalanced("(", ")") {
			return false
		} else if r.punct(")") {
			r.i++
		}
	}
	return true
}

func (r *compatRewriter) selection(onSchema bool) bool {
	if r.punct(".") {
		r.i += 3
		t := r.peek()
		if t.kind == tokName && t.text != "on" {
			r.i++ // a fragment spread: its fragment is rewritten where defined
			return r.directives()
		}
		inner := onSchema
		if t.kind == tokName {
			r.i++
			inner = r.peek().text == "__Schema"
			r.i++
		}
		return r.directives() && r.selectionSet(inner)
	}
	first := r.peek()
	if first.kind != tokName {
		return false
	}
	r.i++
	name, key := first, first.text
	if r.punct(":") {
		r.i++
		name = r.peek()
		if name.kind != tokName {
			return false
		}
		r.i++
	}
	hasArgs := r.punct("(")
	if hasArgs {
		if !r.skipBalanced("(", ")") {
			return false
		}
		r.i++
	}
	if !r.directives() {
		return false
	}
	if r.punct("{") {
		return r.selectionSet(name.text == "__schema")
	}
	if hasArgs {
		return true
	}
	var target string
	switch {
	case name.text == "isOneOf" && r.c.isOneOf:
		target = "name"
	case name.text == "isRepeatable" && r.c.isRepeatable:
		target = "name"
	case name.text == "description" && onSchema && r.c.schemaDescription:
		target = "__typename"
	default:
		return true
	}
	alias := fmt.Sprintf("%s%d", compatAliasPrefix, len(r.fields))
	r.fields = append(r.fields, compatField{kind: name.text, key: key})
	r.edits = append(r.edits, compatEdit{start: first.start, end: name.end, text: alias + ": " + target})
	return true
}

// compatToken is a token of the compat scanner, its own so that it does not
// depend on the transport's document parser.
type compatToken struct {
	kind       tokenKind
	text       string
	start, end int
}

// scanCompatTokens splits a document into punctuators, names and other
// tokens (strings, numbers), skipping what GraphQL ignores.
func scanCompatTokens(src string) (toks []compatToken, ok bool) {
	for pos := 0; pos < len(src); {
		c := src[pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			pos++
		case c == '#':
			for pos < len(src) && src[pos] != '\n' && src[pos] != '\r' {
				pos++
			}
		case strings.HasPrefix(src[pos:], "\ufeff"):
			pos += len("\ufeff")
		case strings.IndexByte("!$&()[]{}:=@|.", c) >= 0:
			toks = append(toks, compatToken{kind: tokPunct, text: src[pos : pos+1], start: pos, end: pos + 1})
			pos++
		case c == '"':
			end, ok := compatStringEnd(src, pos)
			if !ok {
				return nil, false
			}
			toks = append(toks, compatToken{kind: tokString, text: src[pos:end], start: pos, end: end})
			pos = end
		default:
			start := pos
			for pos < len(src) {
				r, size := utf8.DecodeRuneInString(src[pos:])
				if r != '_' && r != '-' && r != '+' && !unicode.IsLetter(r) && !unicode.IsDigit(r) &&
					!(r == '.' && pos > start && src[start] >= '0' && src[start] <= '9') {
					break
				}
				pos += size
			}
			if pos == start {
				return nil, false
			}
			kind := tokName
			if c == '-' || c >= '0' && c <= '9' {
				kind = tokNumber
			}
			toks = append(toks, compatToken{kind: kind, text: src[start:pos], start: start, end: pos})
		}
	}
	return toks, true
}

func compatStringEnd(src string, pos int) (int, bool) {
	if strings.HasPrefix(src[pos:], `"""`) {
		for i := pos + 3; i < len(src); {
			switch {
			case strings.HasPrefix(src[i:], `\"""`):
				i += 4
			case strings.HasPrefix(src[i:], `"""`):
				return i + 3, true
			default:
				i++
			}
		}
		return 0, false
	}
	for i := pos + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		case '\n', '\r':
			return 0, false
		}
	}
	return 0, false
}
