package domain

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on user input shared by the aggregates. They keep a document
// bounded (the contract serves a document's items as plain lists) and stop
// a client from storing megabytes in a title.
const (
	MaxNameLength    = 200     // titles, headings, names
	MaxTextLength    = 20_000  // descriptions, summaries, comments, reasons
	MaxBodyLength    = 200_000 // a section's Markdown body
	MaxListItems     = 200     // items in one list of a document
	MaxReferenceList = 50      // ids in one input list (locations, partners)
	MinYear          = 2000
	MaxYear          = 2100
)

// Checks accumulates field errors so that a command reports every invalid
// field at once. The zero value is ready to use.
type Checks struct {
	fields []FieldError
}

// Fail records an error on the field at path.
func (c *Checks) Fail(message string, path ...string) {
	c.fields = append(c.fields, FieldError{Path: path, Message: message})
}

// Require records message at path unless ok holds.
func (c *Checks) Require(ok bool, message string, path ...string) {
	if !ok {
		c.Fail(message, path...)
	}
}

// TextProblem is the one text policy of every string input: it returns
// why s is refused, "" when it is acceptable. Text must be valid UTF-8
// and hold no control characters (U+0000 to U+001F, U+007F, U+0080 to
// U+009F) other than tab, line feed and carriage return: PostgreSQL cannot
// store U+0000 in text or jsonb, so one such byte accepted by a command
// would fail every projection of its stream, and the other control
// characters have no place in a planning document either.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8"
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return fmt.Sprintf("must not contain control characters (found U+%04X)", r)
		}
	}
	return ""
}

// Name checks a required single-line name: non-blank, at most MaxNameLength.
func (c *Checks) Name(value string, path ...string) {
	switch {
	case strings.TrimSpace(value) == "":
		c.Fail("must not be blank", path...)
	case TextProblem(value) != "":
		c.Fail(TextProblem(value), path...)
	case utf8.RuneCountInString(value) > MaxNameLength:
		c.Fail(fmt.Sprintf("must be at most %d characters", MaxNameLength), path...)
	case strings.ContainsAny(value, "\n\r"):
		c.Fail("must be a single line", path...)
	}
}

// Text checks optional free text of at most max characters.
func (c *Checks) Text(value string, max int, path ...string) {
	if utf8.RuneCountInString(value) > max {
		c.Fail(fmt.Sprintf("must be at most %d characters", max), path...)
	}
	if problem := TextProblem(value); problem != "" {
		c.Fail(problem, path...)
	}
}

// Year checks a calendar year within [MinYear, MaxYear].
func (c *Checks) Year(year int, path ...string) {
	if year < MinYear || year > MaxYear {
		c.Fail(fmt.Sprintf("must be a year between %d and %d", MinYear, MaxYear), path...)
	}
}

// Count checks that a list has at most max entries.
func (c *Checks) Count(n, max int, path ...string) {
	if n > max {
		c.Fail(fmt.Sprintf("must have at most %d entries", max), path...)
	}
}

// Err returns the accumulated *ValidationError, or nil when all checks held.
func (c *Checks) Err() error {
	if len(c.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: c.fields}
}

// Index turns a list position into a path segment.
func Index(i int) string { return strconv.Itoa(i) }
