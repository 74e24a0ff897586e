package transport

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// graphql-go parses queries with an internal package, so the transport has
// its own small parser of executable documents. It keeps only what the
// transport decides on before execution: the operations' types and names,
// and fields with their arguments, for the cost limit and for refusing
// mutations over GET. Everything else (directives, variable definitions,
// most values) is skipped. graphql-go still parses and validates every
// document; when this parser rejects one that graphql-go accepts, the
// request is refused rather than run unchecked (see prepare).

// Operation types as the GraphQL grammar spells them.
const (
	opQuery        = "query"
	opMutation     = "mutation"
	opSubscription = "subscription"
)

type document struct {
	operations []*operation
	fragments  map[string]*fragment
	// badText holds why string literals of the document break the text
	// policy; see textErrors.
	badText []string
}

// span is where a definition lies in the source: bytes [start, end).
type span struct{ start, end int }

type operation struct {
	typ        string
	name       string
	vars       []varDef
	selections []selection
	span
}

// varDef is a variable definition: $name: typ, with or without a default.
type varDef struct {
	name       string
	typ        *typeRef
	hasDefault bool
}

// typeRef is a type as written in a variable definition.
type typeRef struct {
	name    string   // the named type, when elem is nil
	elem    *typeRef // the item type of a list
	nonNull bool
}

type fragment struct {
	typeCondition string
	selections    []selection
	span
}

type selectionKind int

const (
	selectField selectionKind = iota
	selectSpread
	selectInline
)

type selection struct {
	kind selectionKind
	// badText names the arguments whose literal strings break the text
	// policy, with the reason.
	badText map[string]string
	// name of the field or of the spread fragment.
	name string
	// typeCondition of an inline fragment; empty when it has none.
	typeCondition string
	args          map[string]argument
	selections    []selection
}

// argument keeps what cost analysis needs of an argument's value.
type argument struct {
	variable string // name of the variable, when the value is one
	isInt    bool
	intValue int64
	isNull   bool
}

// operation returns the operation graphql-go will execute for name, or nil
// when it will refuse the request (no such operation, or several and no
// name).
func (d *document) operation(name string) *operation {
	if name == "" {
		if len(d.operations) == 1 {
			return d.operations[0]
		}
		return nil
	}
	for _, op := range d.operations {
		if op.name == name {
			return op
		}
	}
	return nil
}

type syntaxError struct {
	pos int
	msg string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("syntax error at byte %d: %s", e.pos, e.msg) }

// parseDocument parses an executable GraphQL document.
func parseDocument(src string) (doc *document, err error) {
	p := &parser{lex: lexer{src: src}}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*syntaxError)
			if !ok {
				panic(r)
			}
			doc, err = nil, se
		}
	}()
	p.lex.next()
	doc = &document{fragments: map[string]*fragment{}}
	for p.lex.kind != tokEOF {
		start := p.lex.start
		if p.lex.kind == tokString {
			p.lex.next() // a description of the definition that follows
		}
		if p.peekPunct('{') {
			op := &operation{typ: opQuery, selections: p.selectionSet()}
			op.span = span{start, p.lex.prevEnd}
			doc.operations = append(doc.operations, op)
			continue
		}
		switch keyword := p.name(); keyword {
		case opQuery, opMutation, opSubscription:
			op := p.operation(keyword)
			op.span = span{start, p.lex.prevEnd}
			doc.operations = append(doc.operations, op)
		case "fragment":
			name := p.name()
			p.keyword("on")
			f := &fragment{typeCondition: p.name()}
			p.directives()
			f.selections = p.selectionSet()
			f.span = span{start, p.lex.prevEnd}
			doc.fragments[name] = f
		default:
			p.fail("unexpected %q, expecting an operation or fragment", keyword)
		}
	}
	doc.badText = p.lex.badText
	return doc, nil
}

type parser struct {
	lex lexer
}

func (p *parser) fail(format string, args ...any) {
	panic(&syntaxError{pos: p.lex.start, msg: fmt.Sprintf(format, args...)})
}

func (p *parser) peekPunct(c byte) bool {
	return p.lex.kind == tokPunct && p.lex.text[0] == c
}

func (p *parser) punct(c byte) {
	if !p.peekPunct(c) {
		p.fail("unexpected %q, expecting %q", p.lex.text, c)
	}
	p.lex.next()
}

func (p *parser) name() string {
	if p.lex.kind != tokName {
		p.fail("unexpected %q, expecting a name", p.lex.text)
	}
	n := p.lex.text
	p.lex.next()
	return n
}

func (p *parser) keyword(k string) {
	if n := p.name(); n != k {
		p.fail("unexpected %q, expecting %q", n, k)
	}
}

func (p *parser) operation(typ string) *operation {
	op := &operation{typ: typ}
	if p.lex.kind == tokName {
		op.name = p.name()
	}
	if p.peekPunct('(') {
		p.lex.next()
		for !p.peekPunct(')') {
			p.punct('$')
			v := varDef{name: p.name()}
			p.punct(':')
			v.typ = p.typeRef()
			if p.peekPunct('=') {
				p.lex.next()
				p.value()
				v.hasDefault = true
			}
			p.directives()
			op.vars = append(op.vars, v)
		}
		p.lex.next()
	}
	p.directives()
	op.selections = p.selectionSet()
	return op
}

func (p *parser) typeRef() *typeRef {
	var t *typeRef
	if p.peekPunct('[') {
		p.lex.next()
		t = &typeRef{elem: p.typeRef()}
		p.punct(']')
	} else {
		t = &typeRef{name: p.name()}
	}
	if p.peekPunct('!') {
		p.lex.next()
		t.nonNull = true
	}
	return t
}

func (p *parser) directives() {
	for p.peekPunct('@') {
		p.lex.next()
		p.name()
		if p.peekPunct('(') {
			p.skipBalanced('(', ')')
		}
	}
}

// skipBalanced skips from an opening punctuator to its matching close.
// Strings are single tokens, so brackets inside them do not count.
func (p *parser) skipBalanced(open, closing byte) {
	depth := 0
	for {
		switch {
		case p.lex.kind == tokEOF:
			p.fail("unexpected end of document, expecting %q", closing)
		case p.peekPunct(open):
			depth++
		case p.peekPunct(closing):
			depth--
		}
		p.lex.next()
		if depth == 0 {
			return
		}
	}
}

func (p *parser) selectionSet() []selection {
	p.punct('{')
	var sels []selection
	for {
		sels = append(sels, p.selection())
		if p.peekPunct('}') {
			p.lex.next()
			return sels
		}
	}
}

func (p *parser) selection() selection {
	if p.peekPunct('.') {
		// graphql-go reads "..." as three dots, so it allows blanks between.
		p.punct('.')
		p.punct('.')
		p.punct('.')
		if p.lex.kind == tokName && p.lex.text != "on" {
			s := selection{kind: selectSpread, name: p.name()}
			p.directives()
			return s
		}
		s := selection{kind: selectInline}
		if p.lex.kind == tokName {
			p.lex.next() // "on"
			s.typeCondition = p.name()
		}
		p.directives()
		s.selections = p.selectionSet()
		return s
	}
	s := selection{kind: selectField, name: p.name()}
	if p.peekPunct(':') {
		p.lex.next()
		s.name = p.name()
	}
	if p.peekPunct('(') {
		p.lex.next()
		s.args = map[string]argument{}
		for !p.peekPunct(')') {
			name := p.name()
			p.punct(':')
			before := len(p.lex.badText)
			s.args[name] = p.value()
			if len(p.lex.badText) > before {
				if s.badText == nil {
					s.badText = map[string]string{}
				}
				s.badText[name] = p.lex.badText[before]
			}
		}
		p.lex.next()
	}
	p.directives()
	if p.peekPunct('{') {
		s.selections = p.selectionSet()
	}
	return s
}

func (p *parser) value() argument {
	switch {
	case p.peekPunct('$'):
		p.lex.next()
		return argument{variable: p.name()}
	case p.peekPunct('['):
		p.skipBalanced('[', ']')
	case p.peekPunct('{'):
		p.skipBalanced('{', '}')
	case p.lex.kind == tokNumber:
		text := p.lex.text
		p.lex.next()
		// Base 0 also reads 0x10 and 1_000, which graphql-go's Go scanner
		// lexes as numbers too: the limit must not be dodged by spelling.
		if n, err := strconv.ParseInt(text, 0, 64); err == nil {
			return argument{isInt: true, intValue: n}
		}
	case p.lex.kind == tokName:
		isNull := p.lex.text == "null"
		p.lex.next()
		return argument{isNull: isNull}
	case p.lex.kind == tokString:
		p.lex.next()
	default:
		p.fail("unexpected %q, expecting a value", p.lex.text)
	}
	return argument{}
}

// ---------------------------------------------------------------- lexer

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokPunct
	tokName
	tokNumber
	tokString
)

type lexer struct {
	src   string
	pos   int
	start int
	kind  tokenKind
	text  string
	// prevEnd is where the token before this one ended.
	prevEnd int
	// badText collects why string tokens break the text policy
	// (domain.TextProblem), in document order.
	badText []string
}

// next reads the next token into kind and text.
func (l *lexer) next() {
	l.prevEnd = l.pos
	l.skipIgnored()
	l.start = l.pos
	if l.pos >= len(l.src) {
		l.kind, l.text = tokEOF, ""
		return
	}
	c := l.src[l.pos]
	switch {
	case strings.IndexByte("!$&()[]{}:=@|.", c) >= 0:
		l.pos++
		l.kind = tokPunct
	case c == '"':
		l.string()
		l.kind = tokString
	case c == '-' || c >= '0' && c <= '9':
		l.number()
		l.kind = tokNumber
	default:
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if r != '_' && !unicode.IsLetter(r) {
			panic(&syntaxError{pos: l.pos, msg: fmt.Sprintf("unexpected character %q", r)})
		}
		// Letters beyond ASCII as graphql-go's Go scanner allows them;
		// validation rejects such names where they matter.
		l.pos += size
		for l.pos < len(l.src) {
			r, size = utf8.DecodeRuneInString(l.src[l.pos:])
			if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			l.pos += size
		}
		l.kind = tokName
	}
	l.text = l.src[l.start:l.pos]
}

// skipIgnored skips blanks, line ends, commas, byte order marks and
// comments.
func (l *lexer) skipIgnored() {
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
			l.pos++
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' && l.src[l.pos] != '\r' {
				l.pos++
			}
		case strings.HasPrefix(l.src[l.pos:], "\ufeff"):
			l.pos += len("\ufeff")
		default:
			return
		}
	}
}

func (l *lexer) number() {
	l.pos++ // sign or first digit
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '.':
			l.pos++
		case (c == '+' || c == '-') && (l.src[l.pos-1] == 'e' || l.src[l.pos-1] == 'E'):
			l.pos++
		default:
			return
		}
	}
}

func (l *lexer) string() {
	if strings.HasPrefix(l.src[l.pos:], `"""`) {
		l.pos += 3
		for l.pos < len(l.src) {
			switch {
			case strings.HasPrefix(l.src[l.pos:], `\"""`):
				l.pos += 4
			case strings.HasPrefix(l.src[l.pos:], `"""`):
				l.pos += 3
				l.checkText(l.src[l.start+3 : l.pos-3])
				return
			default:
				l.pos++
			}
		}
		panic(&syntaxError{pos: l.start, msg: "unterminated block string"})
	}
	l.pos++
	reported := len(l.badText)
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == '\\':
			if strings.HasPrefix(l.src[l.pos:], `\u`) {
				l.pos += l.escapedRune(l.src[l.pos+2:])
			}
			l.pos += 2
		case c == '"':
			l.pos++
			if len(l.badText) > reported {
				return
			}
			// graphql-go reads a string's value with strconv.Unquote, which
			// knows Go's escapes too (\x00, \000, \a, \U...): check the
			// value it will see.
			if value, err := strconv.Unquote(l.src[l.start:l.pos]); err == nil {
				l.checkText(value)
			} else {
				l.checkText(l.src[l.start+1 : l.pos-1])
			}
			return
		case c == '\n' || c == '\r':
			panic(&syntaxError{pos: l.start, msg: "unterminated string"})
		default:
			l.pos++
		}
	}
	panic(&syntaxError{pos: l.start, msg: "unterminated string"})
}

// checkText applies the text policy to the value (or, failing that, the
// raw characters) of a string token.
func (l *lexer) checkText(raw string) {
	if problem := domain.TextProblem(raw); problem != "" {
		l.badText = append(l.badText, problem)
	}
}

// escapedRune applies the text policy to the character of a \uXXXX
// escape whose hex digits start hex; a lone surrogate is not text either.
// It returns how many bytes after the escape belong to it: the low half
// of a surrogate pair.
func (l *lexer) escapedRune(hex string) int {
	if strings.HasPrefix(hex, "{") {
		// \u{1F600}, the braced form graphql-go also reads.
		end := strings.IndexByte(hex, '}')
		if end < 0 {
			return 0
		}
		n, err := strconv.ParseUint(hex[1:end], 16, 32)
		if err != nil || n > unicode.MaxRune || (n >= 0xD800 && n <= 0xDFFF) {
			l.badText = append(l.badText, "must be valid UTF-8 (found an invalid escape)")
			return 0
		}
		if problem := domain.TextProblem(string(rune(n))); problem != "" {
			l.badText = append(l.badText, problem)
		}
		return 0
	}
	if len(hex) < 4 {
		return 0 // graphql-go refuses the malformed escape
	}
	n, err := strconv.ParseUint(hex[:4], 16, 32)
	if err != nil {
		return 0
	}
	r := rune(n)
	if r >= 0xD800 && r <= 0xDFFF {
		if r <= 0xDBFF && len(hex) >= 10 && hex[4] == '\\' && hex[5] == 'u' {
			if lo, err := strconv.ParseUint(hex[6:10], 16, 32); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
				return 6
			}
		}
		l.badText = append(l.badText, "must be valid UTF-8 (found a lone surrogate escape)")
		return 0
	}
	if problem := domain.TextProblem(string(r)); problem != "" {
		l.badText = append(l.badText, problem)
	}
	return 0
}

// only returns src with every definition blanked out but op and the
// fragments it spreads, directly or through other fragments. Blanks keep
// line ends, so graphql-go's error locations still point into the
// client's document. graphql-go validates every operation of a document
// against the variables of the selected one, which the spec does not
// want: a document holding "Audit" and "Review($id: ID!)" sent with
// operationName "Audit" and no variables is valid. The price is that the
// operations not selected are not validated at all.
func (d *document) only(src string, op *operation) string {
	if len(d.operations) < 2 {
		return src
	}
	keep := d.reachable(op.selections, nil)
	var drop []span
	var others map[string]bool
	for _, o := range d.operations {
		if o != op {
			drop = append(drop, o.span)
			others = d.reachable(o.selections, others)
		}
	}
	// Fragments no operation spreads stay, for graphql-go to report.
	for name := range others {
		if !keep[name] {
			drop = append(drop, d.fragments[name].span)
		}
	}
	b := []byte(src)
	for _, sp := range drop {
		for i := sp.start; i < sp.end; i++ {
			if b[i] != '\n' && b[i] != '\r' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// reachable adds to seen the fragments sels spread, directly or through
// other fragments.
func (d *document) reachable(sels []selection, seen map[string]bool) map[string]bool {
	if seen == nil {
		seen = map[string]bool{}
	}
	queue := collectSpreads(sels, nil)
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		f := d.fragments[name]
		if seen[name] || f == nil {
			continue
		}
		seen[name] = true
		queue = collectSpreads(f.selections, queue)
	}
	return seen
}

// textErrors reports the string literals of the document that break the
// text policy, naming the argument (and field) that holds them where the
// operation op uses one; nil when every literal is acceptable.
func (d *document) textErrors(op *operation) []*gqlerrors.QueryError {
	if len(d.badText) == 0 {
		return nil
	}
	var errs []*gqlerrors.QueryError
	var walk func(sels []selection)
	seen := map[string]bool{}
	walk = func(sels []selection) {
		for _, s := range sels {
			names := make([]string, 0, len(s.badText))
			for name := range s.badText {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				message := s.badText[name]
				e := newQueryError(domain.CodeValidationFailed,
					fmt.Sprintf("argument %q of field %q %s", name, s.name, message))
				e.Extensions["fields"] = []map[string]any{{"path": []string{name}, "message": message}}
				errs = append(errs, e)
			}
			if s.kind == selectSpread && !seen[s.name] && d.fragments[s.name] != nil {
				seen[s.name] = true
				walk(d.fragments[s.name].selections)
			}
			walk(s.selections)
		}
	}
	if op != nil {
		walk(op.selections)
	}
	if len(errs) == 0 {
		errs = append(errs, newQueryError(domain.CodeValidationFailed, "a string in the query "+d.badText[0]))
	}
	return errs
}
