package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
)

// Fail wraps an error for graphql-go, which copies Extensions() (the
// contract's extensions.code and its data) only from the error a resolver
// returns itself.
func Fail(err error) error { return transport.ResolverError(err) }

// RequireSubject refuses an id that names no stream of the given type with
// NOT_FOUND, in one indexed lookup and before anything else is read or a
// subscription starts. (eventstore.Load checks the stream's type too; this
// is for the paths that do not load the subject first.)
func (r *Resolver) RequireSubject(ctx context.Context, id uuid.UUID, t domain.SubjectType) error {
	got, found, err := r.Deps.App.SubjectType(ctx, id)
	if err != nil {
		return err
	}
	if !found || got != t {
		return domain.NotFound(t.Noun())
	}
	return nil
}

// IsNotFound reports whether err is NOT_FOUND.
func IsNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

// answerLost is the error of a field of a mutation's payload that could
// not be built after the command was committed (the database went away
// between the commit and the read-back). It is UNAVAILABLE and says what
// happened: the client retries with the same commandId and gets the
// committed answer replayed, instead of taking the error for a refusal.
func answerLost(revision int, err error) error {
	return fmt.Errorf("%w: %w", domain.NewError(domain.CodeUnavailable, fmt.Sprintf(
		"the command was committed as revision %d, but its answer could not be read back; "+
			"retry with the same commandId to get it", revision)), err)
}
