package graph

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/readmodel"
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
// tells. Root fields that read one document send the lookup together
// with the document's row (DocumentReadRoot), so that it costs no round
// trip of its own either.
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

// DocumentReadRoot is ReadRoot followed by DocumentRoot, for the root
// fields that read one document (strategy, cooperationConcept,
// organisation): nil when id names no document of type want.
//
// When the request has yet to look up its caller's own writes and waits
// for no minPosition, the lookup and the document's read-model row are one
// statement (readmodel.SubjectAfterLastWrite): one round trip instead of
// two. The row is used only when that statement found the caller's last
// write applied, since it shows the read model as of that lookup; else
// the read waits for the write and reads the document again, as ReadRoot
// would have.
func (r *Resolver) DocumentReadRoot(ctx context.Context, checks *domain.Checks, minPosition *string, rawID graphql.ID, want domain.SubjectType) (node, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return nil, err
	}
	position := ParsePosition(minPosition, checks, "minPosition")
	if err := checks.Err(); err != nil {
		return nil, ArgumentError(err)
	}
	id, ok := LookupID(rawID)
	if !ok || position > 0 || !waitsForOwnWrites(actor) {
		// What ReadRoot does, then the document.
		if err := r.waitForOwnWrites(ctx, actor); err != nil {
			return nil, err
		}
		if err := r.WaitFor(ctx, position); err != nil || !ok {
			return nil, err
		}
		return r.DocumentRoot(ctx, id, want)
	}
	var row *readmodel.Subject
	w := &r.loaders(ctx).ownWrites
	w.once.Do(func() { row, w.err = r.documentAfterOwnWrites(ctx, actor, id) })
	if w.err != nil {
		return nil, w.err
	}
	if row == nil {
		// Another root field of the request looked the writes up, the
		// read model does not hold the document, or it had to wait.
		return r.DocumentRoot(ctx, id, want)
	}
	n, err := r.documentOfRow(ctx, row, want)
	if n == nil || err != nil {
		return nil, err
	}
	return r.prepareRoot(ctx, n, row), nil
}

// documentAfterOwnWrites waits for the actor's own writes, as ownWrites
// does, and returns the document's read-model row when the lookup could
// tell it includes them (nil: read it again).
func (r *Resolver) documentAfterOwnWrites(ctx context.Context, actor domain.Actor, id uuid.UUID) (*readmodel.Subject, error) {
	row, last, found, err := r.Deps.Read.SubjectAfterLastWrite(ctx, id, actor.ID, r.projectionSchemas())
	if err != nil {
		return nil, Fail(err)
	}
	if !found {
		return nil, r.ownWrites(ctx, actor)
	}
	if last.Applied {
		return row, nil
	}
	return nil, r.WaitFor(ctx, last.Position)
}

// waitsForOwnWrites tells whether the actor's reads wait for its own
// writes: people who may write.
func waitsForOwnWrites(actor domain.Actor) bool {
	return actor.Kind == domain.ActorPerson && actor.Role != domain.RoleViewer
}

func (r *Resolver) projectionSchemas() []string {
	schemas := make([]string, len(r.Deps.Projections))
	for i, p := range r.Deps.Projections {
		schemas[i] = p.Schema()
	}
	return schemas
}

// ownWritesWait is the request's one wait for its caller's own writes.
type ownWritesWait struct {
	once sync.Once
	err  error
}

// waitForOwnWrites returns once the read models include the actor's
// latest accepted command, at most Deps.MinPositionWait, once per request.
func (r *Resolver) waitForOwnWrites(ctx context.Context, actor domain.Actor) error {
	if !waitsForOwnWrites(actor) {
		return nil
	}
	w := &r.loaders(ctx).ownWrites
	w.once.Do(func() { w.err = r.ownWrites(ctx, actor) })
	return w.err
}

func (r *Resolver) ownWrites(ctx context.Context, actor domain.Actor) error {
	last, err := r.Deps.Read.LastWrite(ctx, actor.ID, r.projectionSchemas())
	if err != nil {
		return Fail(err)
	}
	if last.Applied {
		return nil
	}
	return r.WaitFor(ctx, last.Position)
}
