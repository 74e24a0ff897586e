package readmodel

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Page sizes of the contract's connections.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Page selects a slice of a connection: First (and After) pages forward,
// Last (and Before) backward. Nil fields are absent arguments.
type Page struct {
	First, Last   *int
	After, Before *string
}

// Connection is one page of a list.
type Connection[T any] struct {
	Edges    []Edge[T]
	PageInfo PageInfo
	count    func(ctx context.Context) (int, error)
}

// Edge is one item of a page with its cursor.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// PageInfo follows the Relay connection specification. HasPreviousPage
// while paging forward (and HasNextPage while paging backward) are exact:
// they report whether anything lies before After (after Before).
type PageInfo struct {
	HasNextPage, HasPreviousPage bool
	StartCursor, EndCursor       *string
}

// Nodes returns the page's items.
func (c *Connection[T]) Nodes() []T {
	out := make([]T, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// TotalCount counts the whole list (with its filter). It runs a query of
// its own, so a resolver calls it only when totalCount was selected.
func (c *Connection[T]) TotalCount(ctx context.Context) (int, error) {
	if c.count == nil {
		return len(c.Edges), nil
	}
	return c.count(ctx)
}

// request is a validated Page.
type request struct {
	size     int
	backward bool
	cursor   []string // sort key values, nil for none
}

func (p Page) request(list string) (request, error) {
	var checks domain.Checks
	if p.First != nil && p.Last != nil {
		checks.Fail("cannot be combined with first", "last")
	}
	if p.After != nil && p.Before != nil {
		checks.Fail("cannot be combined with after", "before")
	}
	if p.First != nil && p.Before != nil {
		checks.Fail("cannot be combined with first", "before")
	}
	if p.Last != nil && p.After != nil {
		checks.Fail("cannot be combined with last", "after")
	}
	size := DefaultPageSize
	for name, n := range map[string]*int{"first": p.First, "last": p.Last} {
		if n != nil {
			if *n < 1 || *n > MaxPageSize {
				checks.Fail(fmt.Sprintf("must be between 1 and %d", MaxPageSize), name)
			}
			size = *n
		}
	}
	r := request{size: size, backward: p.Last != nil || p.Before != nil}
	for name, c := range map[string]*string{"after": p.After, "before": p.Before} {
		if c == nil {
			continue
		}
		key, err := decodeCursor(list, *c)
		if err != nil {
			checks.Fail("is not a cursor of this list", name)
		}
		r.cursor = key
	}
	return r, checks.Err()
}

// cursorBody binds a cursor to its list, so that one list's cursor is
// refused by another.
type cursorBody struct {
	List string   `json:"l"`
	Key  []string `json:"k"`
}

func encodeCursor(list string, key []any) string {
	values := make([]string, len(key))
	for i, v := range key {
		switch v := v.(type) {
		case time.Time:
			values[i] = v.UTC().Format(time.RFC3339Nano)
		case uuid.UUID:
			values[i] = v.String()
		case string:
			values[i] = v
		case int:
			values[i] = strconv.Itoa(v)
		case int64:
			values[i] = strconv.FormatInt(v, 10)
		default:
			values[i] = fmt.Sprint(v)
		}
	}
	raw, _ := json.Marshal(cursorBody{List: list, Key: values})
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(list, cursor string) ([]string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, err
	}
	var body cursorBody
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, err
	}
	if body.List != list {
		return nil, fmt.Errorf("cursor of list %q", body.List)
	}
	return body.Key, nil
}
