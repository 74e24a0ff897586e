// Package domaintest holds the assertions the aggregates' given/when/then
// tests share: which events a command decided, which error code it was
// refused with, and which input fields a validation error names.
package domaintest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

// WantEvents checks that a decision succeeded with exactly the want events.
func WantEvents(t testing.TB, got []domain.Event, err error, want ...domain.Event) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %#v\nwant %#v", values(got), values(want))
	}
}

// values shows events (pointers) by their contents.
func values(events []domain.Event) []any {
	out := make([]any, len(events))
	for i, e := range events {
		out[i] = reflect.ValueOf(e).Elem().Interface()
	}
	return out
}

// WantCode checks the client-facing code of err, and that it matches the
// sentinels when some are given.
func WantCode(t testing.TB, err error, code domain.ErrorCode, sentinel ...error) {
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

// WantFields checks that err is a validation error naming exactly the given
// field paths (dot-joined), in any order.
func WantFields(t testing.TB, err error, paths ...string) {
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
