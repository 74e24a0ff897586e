package graph

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// ConnectionArgs are the cursor arguments of every connection field.
type ConnectionArgs struct {
	First  *int32
	After  *string
	Last   *int32
	Before *string
}

// Page turns the arguments into the read model's Page. Bounds and
// combinations are checked here (into checks), before any wait or query,
// so that a client learns about a bad argument together with the others;
// the read model checks them again, and checks the cursors, when it runs.
func (a ConnectionArgs) Page(checks *domain.Checks) readmodel.Page {
	if a.First != nil && a.Last != nil {
		checks.Fail("cannot be combined with first", "last")
	}
	if a.After != nil && a.Before != nil {
		checks.Fail("cannot be combined with after", "before")
	}
	if a.First != nil && a.Before != nil {
		checks.Fail("cannot be combined with first", "before")
	}
	if a.Last != nil && a.After != nil {
		checks.Fail("cannot be combined with last", "after")
	}
	for _, arg := range []struct {
		name string
		n    *int32
	}{{"first", a.First}, {"last", a.Last}} {
		if arg.n != nil && (*arg.n < 1 || *arg.n > readmodel.MaxPageSize) {
			checks.Fail(fmt.Sprintf("must be between 1 and %d", readmodel.MaxPageSize), arg.name)
		}
	}
	return readmodel.Page{First: intOf(a.First), Last: intOf(a.Last), After: a.After, Before: a.Before}
}

func intOf(n *int32) *int {
	if n == nil {
		return nil
	}
	return new(int(*n))
}

// ArgumentError serves a validation error of a field's arguments with
// paths that start at the argument (["first"], ["filter", "actorId"]): the
// transport would otherwise prefix them with "input", as for mutations.
// Other errors pass through fail unchanged.
func ArgumentError(err error) error {
	var v *domain.ValidationError
	if errors.As(err, &v) {
		return Fail(&transport.ArgumentError{Err: v})
	}
	return Fail(err)
}

// PageInfoResolver is the Relay PageInfo of one page.
type PageInfoResolver struct {
	p readmodel.PageInfo
}

func (p *PageInfoResolver) HasNextPage() bool     { return p.p.HasNextPage }
func (p *PageInfoResolver) HasPreviousPage() bool { return p.p.HasPreviousPage }
func (p *PageInfoResolver) StartCursor() *string  { return p.p.StartCursor }
func (p *PageInfoResolver) EndCursor() *string    { return p.p.EndCursor }

// ArgumentID parses an optional id argument; a malformed one fails the
// check named by path.
func ArgumentID(checks *domain.Checks, raw *graphql.ID, path ...string) *uuid.UUID {
	if raw == nil {
		return nil
	}
	id, err := ParseUUID(string(*raw))
	if err != nil {
		checks.Fail("must be an id", path...)
		return nil
	}
	return &id
}

// LookupID parses the id of a single-document root field: an id this
// server never makes names no document, so it is null, as for node(id).
func LookupID(raw graphql.ID) (uuid.UUID, bool) {
	id, err := ParseUUID(string(raw))
	return id, err == nil
}

func ArgumentTime(checks *domain.Checks, raw *DateTime, path ...string) *time.Time {
	if raw == nil {
		return nil
	}
	t, err := raw.parse()
	if err != nil {
		checks.Fail(err.Error(), path...)
		return nil
	}
	return &t
}
