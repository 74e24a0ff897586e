package transport

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func TestErrorExtensions(t *testing.T) {
	validation := &domain.ValidationError{Fields: []domain.FieldError{
		{Path: []string{"sections", "0", "heading"}, Message: "too long"},
		{Path: []string{"input", "title"}, Message: "required"},
	}}
	got := ErrorExtensions(fmt.Errorf("update: %w", validation))
	want := map[string]any{"code": "VALIDATION_FAILED", "fields": []map[string]any{
		{"path": []string{"input", "sections", "0", "heading"}, "message": "too long"},
		{"path": []string{"input", "title"}, "message": "required"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("validation: %#v", got)
	}

	conflict := &domain.ConflictError{Subject: "s", Expected: 1, CurrentRevision: 4, Conflicts: []domain.Conflict{
		{Path: "/sections/k/body", Revision: 3, ActorID: "a", Current: nil},
	}}
	got = ErrorExtensions(conflict)
	want = map[string]any{"code": "REVISION_CONFLICT", "currentRevision": 4, "conflicts": []map[string]any{
		{"path": "/sections/k/body", "revision": 3, "actorId": "a", "current": nil},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conflict: %#v", got)
	}

	if got := ErrorExtensions(errors.New("boom")); !reflect.DeepEqual(got, map[string]any{"code": "INTERNAL"}) {
		t.Errorf("unknown: %#v", got)
	}
	if ErrorExtensions(nil) != nil {
		t.Error("nil error has extensions")
	}
}

func TestPublicMessage(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{domain.ErrForbidden, "not allowed for this actor"},
		{fmt.Errorf("load strategy 7: %w", domain.NotFound("strategy")), "strategy not found"},
		{fmt.Errorf("%w: select 1: connection refused", domain.ErrUnavailable), "service temporarily unavailable"},
		{fmt.Errorf("query: %w", errors.New(`pq: column "x" does not exist`)), "internal error"},
		{ResolverError(fmt.Errorf("ctx: %w", domain.InvalidState("adopted"))), "adopted"},
		{&Error{}, "internal error"},
		{errors.Join(errors.New("pq: secret"), domain.ErrForbidden), "not allowed for this actor"},
		{fmt.Errorf("%w and %w", errors.New("pq: secret"), domain.NotFound("section")), "section not found"},
	}
	for _, tt := range tests {
		if got := PublicMessage(tt.err); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestResolverError(t *testing.T) {
	if ResolverError(nil) != nil {
		t.Fatal("ResolverError(nil) is not nil")
	}
	cause := fmt.Errorf("load: %w", domain.ErrNotFound)
	err := ResolverError(cause)
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, domain.ErrNotFound) || err.Error() != "not found" {
		t.Fatalf("%#v", err)
	}
	if e.Extensions()["code"] != "NOT_FOUND" || domain.CodeOf(err) != domain.CodeNotFound {
		t.Errorf("extensions %v", e.Extensions())
	}
	if ResolverError(err) != err {
		t.Error("wrapped twice")
	}
	if got := causeText(ResolverError(errors.New("secret detail"))); got != "secret detail" {
		t.Errorf("logs show %q", got)
	}
}

func TestArgumentErrorPathsAreNotPrefixed(t *testing.T) {
	err := &ArgumentError{Err: &domain.ValidationError{Fields: []domain.FieldError{{Path: []string{"at", "asOf"}, Message: "bad"}}}}
	fields := ErrorExtensions(err)["fields"].([]map[string]any)
	if got := fields[0]["path"].([]string); len(got) != 2 || got[0] != "at" {
		t.Fatalf("path %v, want [at asOf]", got)
	}
	if ErrorExtensions(err)["code"] != "VALIDATION_FAILED" {
		t.Fatal("argument errors are validation errors")
	}
}
