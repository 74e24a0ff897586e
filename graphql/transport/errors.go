package transport

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// internalMessage replaces the message of every error the domain does not
// know: their text may hold SQL, hostnames or stack traces.
const internalMessage = "internal error"

// Error is an error as a GraphQL client sees it: Error() is the message that
// is safe to show, Extensions() the contract's extensions (code and, for
// some codes, data). graphql-go copies both into the response when a
// resolver returns an *Error. The cause stays reachable with errors.Is/As
// and is what the server logs.
type Error struct {
	cause error
}

// ResolverError wraps err for returning from a resolver. The transport
// translates any resolver error the same way, so this is only needed where
// the schema is served without it; it returns nil for nil.
func ResolverError(err error) error {
	if err == nil {
		return nil
	}
	// Only an *Error itself is final: graphql-go reads Extensions() from
	// the returned error, not from one it wraps.
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{cause: err}
}

func (e *Error) Error() string              { return PublicMessage(e.cause) }
func (e *Error) Unwrap() error              { return e.cause }
func (e *Error) Extensions() map[string]any { return ErrorExtensions(e.cause) }

// ErrorExtensions returns the extensions of err for a GraphQL error:
// "code" from domain.CodeOf (UNAVAILABLE for driver and network errors
// that mean the database is unavailable, see classify), plus for VALIDATION_FAILED
// "fields": [{path: ["input", ...], message}] and for REVISION_CONFLICT
// "currentRevision" and "conflicts": [{path, revision, actorId, current}].
func ErrorExtensions(err error) map[string]any {
	if err == nil {
		return nil
	}
	err = classify(err)
	ext := map[string]any{"code": string(domain.CodeOf(err))}
	var validation *domain.ValidationError
	if errors.As(err, &validation) {
		var argument *ArgumentError
		fromArgument := errors.As(err, &argument)
		fields := make([]map[string]any, 0, len(validation.Fields))
		for _, f := range validation.Fields {
			path := f.Path
			if !fromArgument {
				path = inputPath(path)
			}
			fields = append(fields, map[string]any{"path": path, "message": f.Message})
		}
		ext["fields"] = fields
	}
	var conflict *domain.ConflictError
	if errors.As(err, &conflict) {
		conflicts := make([]map[string]any, 0, len(conflict.Conflicts))
		for _, c := range conflict.Conflicts {
			conflicts = append(conflicts, map[string]any{
				"path":     c.Path,
				"revision": c.Revision,
				"actorId":  c.ActorID,
				"current":  c.Current,
			})
		}
		ext["currentRevision"] = conflict.CurrentRevision
		ext["conflicts"] = conflicts
	}
	return ext
}

// ArgumentError marks a validation error whose field paths start at a
// field's argument (["at", "asOf"], ["first"]) rather than below a
// mutation's input object, so they are served without the "input" prefix.
type ArgumentError struct {
	Err *domain.ValidationError
}

func (e *ArgumentError) Error() string { return e.Err.Error() }
func (e *ArgumentError) Unwrap() error { return e.Err }

// inputPath prefixes a domain field path with "input": commands name fields
// below their input object, the contract names them from the argument.
func inputPath(path []string) []string {
	if len(path) > 0 && path[0] == "input" {
		return path
	}
	return append([]string{"input"}, path...)
}

// PublicMessage is the message of err that is safe to show a client:
// "internal error" for errors the domain does not know, else the message of
// the innermost error that still has err's code. The innermost one is
// chosen because wrapping adds context meant for logs ("load strategy
// 42: not found"), while the domain's own message is written for clients.
func PublicMessage(err error) string {
	err = classify(err)
	code := domain.CodeOf(err)
	if code == domain.CodeInternal || code == "" {
		return internalMessage
	}
	for {
		if e, ok := err.(*Error); ok && e.cause != nil {
			err = e.cause
			continue
		}
		next := unwrapWithCode(err, code)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// unwrapWithCode returns the error err wraps that has code, nil when there
// is none. errors.Join and fmt.Errorf with several %w wrap many: their own
// message would show every one of them.
func unwrapWithCode(err error, code domain.ErrorCode) error {
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if next := u.Unwrap(); next != nil && domain.CodeOf(next) == code {
			return next
		}
	case interface{ Unwrap() []error }:
		for _, next := range u.Unwrap() {
			if next != nil && domain.CodeOf(next) == code {
				return next
			}
		}
	}
	return nil
}

// errPanic marks the error of a recovered resolver panic, so that it counts
// as an execution error and not as a broken request.
var errPanic = errors.New("resolver panicked")

// newQueryError is an error the transport itself reports.
func newQueryError(code domain.ErrorCode, message string) *gqlerrors.QueryError {
	return &gqlerrors.QueryError{Message: message, Extensions: map[string]any{"code": string(code)}}
}

// executionStarted reports whether resolvers ran for resp. graphql-go leaves
// Data nil when it refused the request (parse, validation, variable
// coercion, unknown operation), but also when a subscription's root
// resolver failed on a non-null field; the errors tell them apart.
func executionStarted(resp *graphql.Response) bool {
	if resp.Data != nil || len(resp.Errors) == 0 {
		return true
	}
	for _, e := range resp.Errors {
		// A request that ran out of time was valid: it started and did not
		// finish (graphql-go reports the deadline without a path).
		if e.ResolverError != nil || len(e.Path) > 0 || errors.Is(e, errPanic) || isDeadline(e) {
			return true
		}
	}
	return false
}

// translateErrors gives every error an extensions.code from the contract
// and hides what clients must not see. executed tells errors of a request
// graphql-go refused (VALIDATION_FAILED, QUERY_TOO_COMPLEX for its limits)
// from errors of execution. It returns the codes in order, for logs and
// metrics.
func translateErrors(ctx context.Context, logger *slog.Logger, errs []*gqlerrors.QueryError, executed bool) []string {
	codes := make([]string, 0, len(errs))
	for _, e := range errs {
		translateError(ctx, logger, e, executed)
		code, _ := e.Extensions["code"].(string)
		codes = append(codes, code)
	}
	return codes
}

func translateError(ctx context.Context, logger *slog.Logger, e *gqlerrors.QueryError, executed bool) {
	switch {
	case e.ResolverError != nil && isReadBudgetError(ctx, e.ResolverError):
		e.Extensions = ErrorExtensions(ErrReadBudgetExceeded)
		e.Message = ErrReadBudgetExceeded.Message
	case e.ResolverError != nil:
		// graphql-go copies Extensions() only from an error that has the
		// method itself (not one wrapping such an error) and never for
		// subscription resolvers: derive both from the cause every time.
		e.Extensions = ErrorExtensions(e.ResolverError)
		e.Message = PublicMessage(e.ResolverError)
		logResolverError(ctx, logger, e.ResolverError, e.Path)
	case e.Extensions["code"] != nil:
		// Made by this package (panic handler, own checks): already final.
	case isLimitError(e):
		e.Extensions = map[string]any{"code": string(domain.CodeQueryTooComplex)}
	case !executed:
		e.Extensions = map[string]any{"code": string(domain.CodeValidationFailed)}
	case isDeadline(e):
		logger.WarnContext(ctx, "graphql execution timed out", "error", e.Message, "path", e.Path)
		e.Message = "timed out"
		e.Extensions = map[string]any{"code": string(domain.CodeUnavailable)}
	default:
		// graphql-go's own execution errors (a resolver returned nil for a
		// non-null field, a value it cannot marshal) are server bugs.
		logger.ErrorContext(ctx, "graphql execution error", "error", e.Message, "path", e.Path)
		e.Message = internalMessage
		e.Extensions = map[string]any{"code": string(domain.CodeInternal)}
	}
}

// isDeadline recognises graphql-go's error for a request whose context
// deadline passed; it keeps only the text of the context's error.
func isDeadline(e *gqlerrors.QueryError) bool {
	return errors.Is(e, context.DeadlineExceeded) || e.Message == context.DeadlineExceeded.Error()
}

// isLimitError recognises graphql-go's errors for MaxDepth, MaxQueryLength,
// MaxSelections and its overlap validation limit.
func isLimitError(e *gqlerrors.QueryError) bool {
	switch e.Rule {
	case "MaxDepthExceeded", "OverlapValidationLimitExceeded":
		return true
	}
	return errors.Is(e, graphql.ErrTooManySelections) ||
		strings.HasPrefix(e.Message, "query length ") && strings.Contains(e.Message, "exceeds the maximum allowed query length")
}

// logResolverError logs what a client is not told: every INTERNAL error,
// and UNAVAILABLE ones, whose public message hides the failing dependency.
func logResolverError(ctx context.Context, logger *slog.Logger, err error, path []any) {
	switch domain.CodeOf(classify(err)) {
	case domain.CodeInternal:
		logger.ErrorContext(ctx, "graphql resolver failed", "error", causeText(err), "path", path)
	case domain.CodeUnavailable:
		logger.WarnContext(ctx, "graphql resolver unavailable", "error", causeText(err), "path", path)
	}
}

// causeText is the full text of err for logs; an *Error shows its public
// message as Error(), so its cause is used instead.
func causeText(err error) string {
	for {
		e, ok := err.(*Error)
		if !ok || e.cause == nil {
			return err.Error()
		}
		err = e.cause
	}
}
