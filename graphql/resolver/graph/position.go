package graph

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/creativeclusters/planner/domain"
)

// Read-your-writes. Every read by a person waits until the read models
// include that person's own latest accepted command, with no parameter
// from the client: GraphiQL, refetchQueries and scripts that read back
// what they just wrote see it. The commands table (idempotency records)
// knows each actor's latest command whichever instance accepted it, so the
// guarantee holds across several instances behind one load balancer. It
// costs one indexed lookup per request (memoised on the request's
// Loaders), none for actors who cannot write (viewers, the system), and no
// wait at all when the command is applied already, which the same query
// tells.
//
// minPosition still serves reading another actor's write: a payload's
// position passed back makes a root field wait until every read model
// includes it. Both waits are bounded (Deps.MinPositionWait), so a stalled
// projection costs a client a retry (UNAVAILABLE), never a request that
// hangs.

// ParsePosition reads a decimal log position (minPosition, afterPosition);
// positions start at 1, and 0 means "nothing yet". A bad value is a
// validation error of the argument named by path.
func ParsePosition(raw *string, checks *domain.Checks, path ...string) int64 {
	if raw == nil {
		return 0
	}
	n, err := strconv.ParseInt(*raw, 10, 64)
	if err != nil || n < 0 {
		checks.Fail("must be a log position (a decimal integer from 0)", path...)
		return 0
	}
	return n
}

// WaitFor returns once the read models include position, or fails with
// UNAVAILABLE when they do not within Deps.MinPositionWait.
func (r *Resolver) WaitFor(ctx context.Context, position int64) error {
	if position <= 0 {
		return nil
	}
	ok, err := r.Deps.Feed.WaitFor(ctx, position, r.Deps.MinPositionWait)
	if err != nil {
		return Fail(err)
	}
	if !ok {
		return Fail(fmt.Errorf("read models have not reached position %d within %s: %w",
			position, r.Deps.MinPositionWait, domain.NewError(domain.CodeUnavailable,
				fmt.Sprintf("the read models have not reached position %d yet; retry", position))))
	}
	return nil
}

// ReadRoot is what every root field that reads projections does first:
// authenticate, collect argument errors (checks, filled by the caller's
// parsing) and wait for minPosition.
func (r *Resolver) ReadRoot(ctx context.Context, checks *domain.Checks, minPosition *string) (domain.Actor, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return actor, err
	}
	position := ParsePosition(minPosition, checks, "minPosition")
	if err := checks.Err(); err != nil {
		return actor, ArgumentError(err)
	}
	if err := r.waitForOwnWrites(ctx, actor); err != nil {
		return actor, err
	}
	return actor, r.WaitFor(ctx, position)
}

// ownWritesWait is the request's one wait for its caller's own writes.
type ownWritesWait struct {
	once sync.Once
	err  error
}

// waitForOwnWrites returns once the read models include the actor's
// latest accepted command, at most Deps.MinPositionWait, once per request.
func (r *Resolver) waitForOwnWrites(ctx context.Context, actor domain.Actor) error {
	if actor.Kind != domain.ActorPerson || actor.Role == domain.RoleViewer {
		return nil
	}
	w := &r.loaders(ctx).ownWrites
	w.once.Do(func() { w.err = r.ownWrites(ctx, actor) })
	return w.err
}

func (r *Resolver) ownWrites(ctx context.Context, actor domain.Actor) error {
	schemas := make([]string, len(r.Deps.Projections))
	for i, p := range r.Deps.Projections {
		schemas[i] = p.Schema()
	}
	last, err := r.Deps.Read.LastWrite(ctx, actor.ID, schemas)
	if err != nil {
		return Fail(err)
	}
	if last.Applied {
		return nil
	}
	return r.WaitFor(ctx, last.Position)
}
