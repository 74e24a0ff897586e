package domain

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorCode is a value a client can act on; the GraphQL layer serves it as
// errors[].extensions.code.
type ErrorCode string

// The codes of the public contract's ErrorCode enum.
const (
	CodeUnauthenticated      ErrorCode = "UNAUTHENTICATED"
	CodeForbidden            ErrorCode = "FORBIDDEN"
	CodeNotFound             ErrorCode = "NOT_FOUND"
	CodeValidationFailed     ErrorCode = "VALIDATION_FAILED"
	CodeRevisionConflict     ErrorCode = "REVISION_CONFLICT"
	CodeIdempotencyKeyReused ErrorCode = "IDEMPOTENCY_KEY_REUSED"
	CodeInvalidState         ErrorCode = "INVALID_STATE"
	CodeQueryTooComplex      ErrorCode = "QUERY_TOO_COMPLEX"
	CodeRateLimited          ErrorCode = "RATE_LIMITED"
	CodeUnavailable          ErrorCode = "UNAVAILABLE"
	CodeInternal             ErrorCode = "INTERNAL"
)

// Error is a business-rule error: a code and a message safe to show a client.
// Aggregates declare their rules as sentinel *Error values (for example
// strategy.ErrNotEditable) so that callers can match them with errors.Is.
type Error struct {
	Code    ErrorCode
	Message string
}

func (e *Error) Error() string { return e.Message }

// NewError returns a business-rule error with the given code.
func NewError(code ErrorCode, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Sentinels shared by every aggregate.
var (
	ErrUnauthenticated = NewError(CodeUnauthenticated, "authentication required")
	ErrForbidden       = NewError(CodeForbidden, "not allowed for this actor")
	ErrNotFound        = NewError(CodeNotFound, "not found")
	// ErrIdempotencyKeyReused: the commandId was used before by another actor
	// or with a different input.
	ErrIdempotencyKeyReused = NewError(CodeIdempotencyKeyReused, "commandId was already used for a different command")
	// ErrUnavailable: a dependency is not available now; the client may retry.
	ErrUnavailable = NewError(CodeUnavailable, "service temporarily unavailable")
)

// InvalidState returns an INVALID_STATE rule error.
func InvalidState(message string) *Error { return NewError(CodeInvalidState, message) }

// NotFound returns a NOT_FOUND error naming what was missing; it matches
// ErrNotFound with errors.Is.
func NotFound(what string) error {
	return &notFoundError{what: what}
}

type notFoundError struct{ what string }

func (e *notFoundError) Error() string        { return e.what + " not found" }
func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

// FieldError names one invalid input field by its path below the input
// object, e.g. ["sections", "0", "heading"] or ["title"].
type FieldError struct {
	Path    []string `json:"path"`
	Message string   `json:"message"`
}

// ValidationError lists every invalid field of a command.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = strings.Join(f.Path, ".") + ": " + f.Message
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Invalid returns a validation error for a single field.
func Invalid(field, message string) error {
	return &ValidationError{Fields: []FieldError{{Path: []string{field}, Message: message}}}
}

// Conflict is one change made since the revision a client edited from that
// touches a path the client's command touches too.
type Conflict struct {
	Path     string
	Revision int
	ActorID  string
	// Current is the value now at Path (nil when it was removed).
	Current any
}

// ConflictError refuses a command whose expected revision is stale and whose
// changes overlap changes made since.
type ConflictError struct {
	Subject         string
	Expected        int
	CurrentRevision int
	Conflicts       []Conflict
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("revision conflict on %s: expected revision %d, current is %d", e.Subject, e.Expected, e.CurrentRevision)
}

// CodeOf reports the client-facing code of err; errors the domain does not
// know are INTERNAL.
func CodeOf(err error) ErrorCode {
	var (
		rule       *Error
		validation *ValidationError
		conflict   *ConflictError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &validation):
		return CodeValidationFailed
	case errors.As(err, &conflict):
		return CodeRevisionConflict
	case errors.Is(err, ErrNotFound):
		return CodeNotFound
	case errors.As(err, &rule):
		return rule.Code
	default:
		return CodeInternal
	}
}
