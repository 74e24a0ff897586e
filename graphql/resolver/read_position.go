package resolver

import (
	"context"
	"fmt"
	"strconv"

	"github.com/creativeclusters/planner/domain"
)

// Read-your-writes: a payload's position passed back as minPosition makes
// a root field wait until every read model includes it. The wait is
// bounded (Deps.MinPositionWait), so a stalled projection costs a client a
// retry, never a request that hangs.

// parsePosition reads a decimal log position (minPosition, afterPosition);
// positions start at 1, and 0 means "nothing yet". A bad value is a
// validation error of the argument named by path.
func parsePosition(raw *string, checks *domain.Checks, path ...string) int64 {
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

// waitFor returns once the read models include position, or fails with
// UNAVAILABLE when they do not within Deps.MinPositionWait.
func (r *Root) waitFor(ctx context.Context, position int64) error {
	if position <= 0 {
		return nil
	}
	ok, err := r.deps.Feed.WaitFor(ctx, position, r.deps.MinPositionWait)
	if err != nil {
		return fail(err)
	}
	if !ok {
		return fail(fmt.Errorf("read models have not reached position %d within %s: %w",
			position, r.deps.MinPositionWait, domain.NewError(domain.CodeUnavailable,
				fmt.Sprintf("the read models have not reached position %d yet; retry", position))))
	}
	return nil
}

// readRoot is what every root field that reads projections does first:
// authenticate, collect argument errors (checks, filled by the caller's
// parsing) and wait for minPosition.
func (r *Root) readRoot(ctx context.Context, checks *domain.Checks, minPosition *string) (domain.Actor, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return actor, err
	}
	position := parsePosition(minPosition, checks, "minPosition")
	if err := checks.Err(); err != nil {
		return actor, argumentError(err)
	}
	return actor, r.waitFor(ctx, position)
}
