package domain_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func TestCodeOf(t *testing.T) {
	validation := domain.Invalid("title", "must not be blank")
	conflict := &domain.ConflictError{Subject: "s", Expected: 1, CurrentRevision: 2}
	notFound := domain.NotFound("strategy")
	rule := domain.InvalidState("not editable")
	for name, tc := range map[string]struct {
		err  error
		want domain.ErrorCode
	}{
		"nil":                         {nil, ""},
		"validation":                  {validation, domain.CodeValidationFailed},
		"validation, wrapped":         {fmt.Errorf("decide: %w", validation), domain.CodeValidationFailed},
		"empty validation":            {&domain.ValidationError{}, domain.CodeValidationFailed},
		"conflict":                    {conflict, domain.CodeRevisionConflict},
		"conflict, wrapped twice":     {fmt.Errorf("a: %w", fmt.Errorf("b: %w", conflict)), domain.CodeRevisionConflict},
		"not found":                   {notFound, domain.CodeNotFound},
		"not found, wrapped":          {fmt.Errorf("load: %w", notFound), domain.CodeNotFound},
		"not found sentinel":          {domain.ErrNotFound, domain.CodeNotFound},
		"not found sentinel, %w":      {fmt.Errorf("x: %w", domain.ErrNotFound), domain.CodeNotFound},
		"unauthenticated":             {domain.ErrUnauthenticated, domain.CodeUnauthenticated},
		"forbidden":                   {domain.ErrForbidden, domain.CodeForbidden},
		"forbidden, wrapped":          {fmt.Errorf("authorize: %w", domain.ErrForbidden), domain.CodeForbidden},
		"idempotency key":             {domain.ErrIdempotencyKeyReused, domain.CodeIdempotencyKeyReused},
		"unavailable":                 {domain.ErrUnavailable, domain.CodeUnavailable},
		"unavailable, wrapped":        {fmt.Errorf("%w: database down", domain.ErrUnavailable), domain.CodeUnavailable},
		"invalid state":               {rule, domain.CodeInvalidState},
		"invalid state, wrapped":      {fmt.Errorf("specify: %w", rule), domain.CodeInvalidState},
		"any rule code":               {domain.NewError(domain.CodeRateLimited, "slow down"), domain.CodeRateLimited},
		"query too complex":           {domain.NewError(domain.CodeQueryTooComplex, "too deep"), domain.CodeQueryTooComplex},
		"rule not-found, no sentinel": {domain.NewError(domain.CodeNotFound, "gone"), domain.CodeNotFound},
		"joined, first known wins":    {errors.Join(errors.New("plain"), rule), domain.CodeInvalidState},
		"plain":                       {errors.New("boom"), domain.CodeInternal},
		"plain, wrapped":              {fmt.Errorf("x: %w", errors.New("boom")), domain.CodeInternal},
		"formatted without %w":        {fmt.Errorf("x: %v", rule), domain.CodeInternal},
	} {
		t.Run(name, func(t *testing.T) {
			if got := domain.CodeOf(tc.err); got != tc.want {
				t.Fatalf("CodeOf(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}

// A validation error wins over a rule error it is joined with: the client
// must fix its input first.
func TestCodeOfPrefersValidation(t *testing.T) {
	err := errors.Join(domain.InvalidState("x"), domain.Invalid("title", "blank"))
	if got := domain.CodeOf(err); got != domain.CodeValidationFailed {
		t.Fatalf("CodeOf = %q", got)
	}
}

func TestNotFound(t *testing.T) {
	err := domain.NotFound("cooperation concept")
	if !errors.Is(err, domain.ErrNotFound) {
		t.Fatal("NotFound does not match ErrNotFound")
	}
	if !errors.Is(fmt.Errorf("load: %w", err), domain.ErrNotFound) {
		t.Fatal("wrapped NotFound does not match ErrNotFound")
	}
	if errors.Is(err, domain.ErrForbidden) {
		t.Fatal("NotFound matches another sentinel")
	}
	if err.Error() != "cooperation concept not found" {
		t.Fatalf("message = %q", err)
	}
	var rule *domain.Error
	if errors.As(err, &rule) {
		t.Fatal("NotFound is not a *domain.Error; it matches the sentinel through Is")
	}
}

func TestSentinelsMatchOnlyThemselves(t *testing.T) {
	a, b := domain.InvalidState("same text"), domain.InvalidState("same text")
	if errors.Is(a, b) {
		t.Fatal("two rule errors with equal text must stay distinct sentinels")
	}
	if !errors.Is(fmt.Errorf("x: %w", a), a) {
		t.Fatal("a wrapped sentinel must match")
	}
	if a.Error() != "same text" {
		t.Fatalf("message = %q", a.Error())
	}
}

func TestValidationErrorMessage(t *testing.T) {
	var c domain.Checks
	c.Fail("must not be blank", "sections", "0", "heading")
	c.Fail("too long", "title")
	err := c.Err()
	want := "validation failed: sections.0.heading: must not be blank; title: too long"
	if err.Error() != want {
		t.Fatalf("message = %q", err)
	}
	var v *domain.ValidationError
	if !errors.As(err, &v) || len(v.Fields) != 2 || v.Fields[0].Path[2] != "heading" {
		t.Fatalf("fields = %+v", v)
	}
	if single := domain.Invalid("name", "bad"); single.Error() != "validation failed: name: bad" {
		t.Fatalf("Invalid = %q", single)
	}
	var none domain.Checks
	if none.Err() != nil {
		t.Fatal("no checks failed, but Err is not nil")
	}
}

func TestConflictErrorMessage(t *testing.T) {
	err := &domain.ConflictError{Subject: "strategy 7", Expected: 3, CurrentRevision: 5}
	if got := err.Error(); got != "revision conflict on strategy 7: expected revision 3, current is 5" {
		t.Fatalf("message = %q", got)
	}
}
