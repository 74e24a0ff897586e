package resolver

import (
	"context"
	"fmt"
	"time"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// A subscription pushes revisions as the read models take them in: a
// client that re-reads the subject after a push sees it. Every
// subscription follows the same course:
//
//  1. subscribe to the Feed's complete notices (a revision is announced
//     once both the documents and the history projection applied it), so
//     that nothing applied from then on can be missed;
//  2. replay from the history read model what came after the client's
//     afterRevision / afterPosition (what a reconnecting client missed);
//  3. go live: each notice names a revision, which is read from the read
//     model and pushed unless it was pushed already.
//
// The follower of each kind of subscription decides what to read and
// remembers what was pushed, so that nothing is pushed twice and nothing
// is skipped. When notices may have been lost (the Feed reconnected, a
// projection was rebuilt, this subscription fell behind) the follower
// catches up from the read model again.
//
// graphql-go reads the channel one event at a time and gives resolving its
// fields SubscribeResolverTimeout: an event not resolved in time reaches
// the client as an error, and one resolved but not taken by the transport
// within that time is dropped. The transport takes every event at once (a
// client too slow to read is disconnected, not skipped), so nothing is
// dropped: the pushing goroutine blocks on the unbuffered channel while an
// event is resolved, and the Feed buffers notices meanwhile (feedBuffer;
// past that the follower catches up from the read model).
//
// Without afterRevision / afterPosition a subscription starts at what the
// read models hold when its resolver runs. Over a WebSocket that is some
// time after the client sent "subscribe" (there is no acknowledgement): a
// client that must not miss a revision names its starting point.

// feedBuffer is how many notices a subscription may have pending before
// it falls behind and catches up from the read model instead.
const feedBuffer = 256

// catchUpPage bounds one replay query.
const catchUpPage = 100

// follower is the source of one subscription's revisions.
type follower interface {
	// catchUp returns the next revisions, oldest first, that the client
	// has not seen and the read models hold; done when there are no more.
	catchUp(ctx context.Context) (revs []*readmodel.Revision, done bool, err error)
	// noticed returns what an Applied notice made available to push.
	noticed(ctx context.Context, n projections.Notice) ([]*readmodel.Revision, error)
	// sent records a revision as pushed.
	sent(rv *readmodel.Revision)
}

// accessRule tells whether an actor, as the user directory knows them
// now, may still receive the subscription's revisions.
type accessRule func(domain.Actor) bool

func anyReader(domain.Actor) bool { return true }

// subscribeFeed subscribes to revisions once the read models a
// subscription reads from (documents for the subject, history for the
// revision) include them.
func (r *Root) subscribeFeed(ctx context.Context) (*projections.Subscription, error) {
	return r.deps.Feed.SubscribeComplete(ctx, feedBuffer, documents.Name, history.Name)
}

// follow subscribes to the Feed, lets start fix the follower's starting
// point (after the subscription, so that nothing falls in between) and
// then pushes revisions until ctx ends or the caller loses access.
func (r *Root) follow(ctx context.Context, actor domain.Actor, allowed accessRule, f follower, start func(context.Context) error) (<-chan *RevisionResolver, error) {
	sub, err := r.subscribeFeed(ctx)
	if err != nil {
		return nil, fail(err)
	}
	if err := start(ctx); err != nil {
		sub.Close()
		return nil, fail(err)
	}
	s := &pusher{root: r, actor: actor, allowed: allowed, f: f, out: make(chan *RevisionResolver)}
	go s.run(ctx, sub)
	return s.out, nil
}

// pusher runs one subscription.
type pusher struct {
	root    *Root
	actor   domain.Actor
	allowed accessRule
	f       follower
	out     chan *RevisionResolver
}

func (s *pusher) run(ctx context.Context, sub *projections.Subscription) {
	defer close(s.out)
	defer func() { sub.Close() }()
	if !s.drain(ctx) {
		return
	}
	recheck := time.NewTicker(s.root.deps.AccessRecheck)
	defer recheck.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-recheck.C:
			if !s.mayContinue(ctx) {
				return
			}
		case n, ok := <-sub.C:
			if !ok {
				if ctx.Err() != nil {
					return
				}
				// Fell behind: notices were dropped. Subscribe again
				// first, then read what was missed from the read model.
				var err error
				if sub, err = s.root.subscribeFeed(ctx); err != nil {
					s.end(ctx, err)
					return
				}
				if !s.drain(ctx) {
					return
				}
				continue
			}
			if n.Kind != projections.Applied {
				// Resync or Rebuilt: notices may be missing.
				if !s.drain(ctx) {
					return
				}
				continue
			}
			revs, err := s.f.noticed(ctx, n)
			if err != nil {
				s.end(ctx, err)
				return
			}
			if !s.push(ctx, revs) {
				return
			}
		}
	}
}

// drain pushes what the read models hold beyond what was pushed.
func (s *pusher) drain(ctx context.Context) bool {
	for {
		revs, done, err := s.f.catchUp(ctx)
		if err != nil {
			s.end(ctx, err)
			return false
		}
		if !s.push(ctx, revs) {
			return false
		}
		if done {
			return true
		}
	}
}

// push sends revisions in order, after checking that the caller may still
// have them; false ends the subscription.
func (s *pusher) push(ctx context.Context, revs []*readmodel.Revision) bool {
	if len(revs) == 0 {
		return true
	}
	if !s.mayContinue(ctx) {
		return false
	}
	for _, rv := range revs {
		select {
		case s.out <- s.root.newRevision(rv):
			s.f.sent(rv)
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// mayContinue re-checks the caller with the user directory: a token
// revoked, a user erased or a role taken away ends the subscription with
// FORBIDDEN.
func (s *pusher) mayContinue(ctx context.Context) bool {
	err := s.root.checkAccess(ctx, s.actor, s.allowed)
	if err != nil {
		s.end(ctx, err)
		return false
	}
	return true
}

// end records why the subscription ends, for the transport to send as the
// last event's error (graphql-go's channel cannot carry one); the caller
// then returns, closing the channel. A cancelled subscription just ends.
func (s *pusher) end(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	if domain.CodeOf(err) == domain.CodeInternal {
		s.root.deps.Logger.ErrorContext(ctx, "subscription failed", "error", err)
	}
	transport.EndSubscription(ctx, fail(err))
}

// checkAccess tells whether the actor a subscription was authenticated as
// still may read it. The transport authenticates a WebSocket connection
// once, so the subscription checks the connection's token again; without
// one (an actor put in the context directly) it asks the user directory,
// where a user with no live token left counts as revoked.
func (r *Root) checkAccess(ctx context.Context, actor domain.Actor, allowed accessRule) error {
	if actor.Kind == domain.ActorSystem {
		return nil
	}
	if transport.HasCredentials(ctx) {
		now, err := transport.Reauthenticate(ctx)
		switch {
		case domain.CodeOf(err) == domain.CodeUnauthenticated:
			return fmt.Errorf("subscriber %s: token no longer valid: %w", actor.ID, domain.ErrForbidden)
		case err != nil:
			return err
		case !allowed(now):
			return fmt.Errorf("subscriber %s lost the role: %w", actor.ID, domain.ErrForbidden)
		}
		return nil
	}
	u, err := r.deps.Users.Get(ctx, actor.ID)
	switch {
	case isNotFound(err):
		return fmt.Errorf("subscriber %s no longer exists: %w", actor.ID, domain.ErrForbidden)
	case err != nil:
		return err
	case u.Erased():
		return fmt.Errorf("subscriber %s was erased: %w", actor.ID, domain.ErrForbidden)
	case u.LiveTokens == 0:
		return fmt.Errorf("subscriber %s has no valid token left: %w", actor.ID, domain.ErrForbidden)
	}
	now := actor
	now.Role, now.OrganisationID = u.Role, u.OrganisationID
	if !allowed(now) {
		return fmt.Errorf("subscriber %s lost the role: %w", actor.ID, domain.ErrForbidden)
	}
	return nil
}
