package network_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

var (
	now     = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	admin   = domain.Actor{ID: uuid.MustParse("0193a1b0-0000-7000-8000-00000000a001"), Kind: domain.ActorPerson, Role: domain.RoleAdmin}
	locID   = uuid.MustParse("0193a1b0-0000-7000-8000-000000000101")
	loc2ID  = uuid.MustParse("0193a1b0-0000-7000-8000-000000000102")
	orgID   = uuid.MustParse("0193a1b0-0000-7000-8000-000000000201")
	person1 = uuid.MustParse("0193a1b0-0000-7000-8000-000000000301")
	person2 = uuid.MustParse("0193a1b0-0000-7000-8000-000000000302")
)

// ctx returns a decision context whose NewID hands out ids in order and
// fails the test when it runs out.
func ctx(t testing.TB, ids ...uuid.UUID) domain.Context {
	return domain.Context{Actor: admin, Now: now, NewID: func() uuid.UUID {
		if len(ids) == 0 {
			t.Fatalf("NewID called more often than expected")
			return uuid.Nil
		}
		id := ids[0]
		ids = ids[1:]
		return id
	}}
}

// given applies events to s, one revision each, and returns s.
func given[S domain.Aggregate](s S, events ...domain.Event) S {
	for i, e := range events {
		s.Apply(e, i+1)
	}
	return s
}

// apply applies the events of one command as the next revision.
func apply[S domain.Aggregate](s S, revision int, events []domain.Event) S {
	for _, e := range events {
		s.Apply(e, revision)
	}
	return s
}

func wantEvents(t *testing.T, got []domain.Event, err error, want ...domain.Event) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %#v\nwant %#v", deref(got), deref(want))
	}
}

func deref(events []domain.Event) []any {
	out := make([]any, len(events))
	for i, e := range events {
		out[i] = reflect.ValueOf(e).Elem().Interface()
	}
	return out
}

// wantCode checks the client-facing code of err, and that it matches the
// sentinel when one is given.
func wantCode(t *testing.T, err error, code domain.ErrorCode, sentinel ...error) {
	t.Helper()
	if got := domain.CodeOf(err); got != code {
		t.Fatalf("code = %q, want %q (err %v)", got, code, err)
	}
	for _, s := range sentinel {
		if !errors.Is(err, s) {
			t.Fatalf("error %v does not match %v", err, s)
		}
	}
}

// wantFields checks that err is a validation error naming exactly the given
// field paths (dot-joined), in any order.
func wantFields(t *testing.T, err error, paths ...string) {
	t.Helper()
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("want a validation error on %v, got %v", paths, err)
	}
	var got []string
	for _, f := range v.Fields {
		got = append(got, strings.Join(f.Path, "."))
	}
	slices.Sort(got)
	want := slices.Clone(paths)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("invalid fields = %v, want %v (%v)", got, want, err)
	}
}

func wantDoc(t *testing.T, got domain.Doc, want map[string]any) {
	t.Helper()
	if !domain.Equal(got.Value(), want) {
		t.Fatalf("document:\n got %#v\nwant %#v", got.Value(), want)
	}
}

func ptr[T any](v T) *T { return &v }
