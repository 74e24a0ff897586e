package follow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/projections"
)

// A subscription pushes what the read models took in: a client that
// re-reads after a push sees it. Every subscription follows the same
// course:
//
//  1. subscribe to the Feed's complete notices for the read models the
//     subscription reads (an item is announced once all of them hold it),
//     so that nothing applied from then on can be missed;
//  2. let the caller fix the starting point (Start's start: the client's
//     after / afterRevision / afterPosition, or what is held now), after
//     subscribing, so that nothing falls in between;
//  3. catch up from the read model on what came after it (what a
//     reconnecting client missed);
//  4. go live: each notice is handed to the Source, which reads what it
//     made available, or asks for a catch-up.
//
// The Source remembers what was pushed, so that nothing is pushed twice
// and nothing is skipped. When notices may have been lost (the Feed
// reconnected, a projection was rebuilt, this subscription fell behind
// and its notices were dropped) the loop catches up from the read model
// again.
//
// graphql-go reads the channel one event at a time and gives resolving its
// fields SubscribeResolverTimeout: an event not resolved in time reaches
// the client as an error, and one resolved but not taken by the transport
// within that time is dropped. The transport takes every event at once (a
// client too slow to read is disconnected, not skipped), so nothing is
// dropped: the pushing goroutine blocks on the unbuffered channel while an
// event is resolved, and the Feed buffers notices meanwhile (feedBuffer;
// past that the loop catches up from the read model).
//
// Without a starting point a subscription starts at what the read models
// hold when its resolver runs. Over a WebSocket that is some time after
// the client sent "subscribe" (there is no acknowledgement): a client that
// must not miss an item names its starting point.

// feedBuffer is how many notices a subscription may have pending before
// it falls behind and catches up from the read model instead.
const feedBuffer = 256

// Page bounds one catch-up query of a Source.
const Page = 100

// Source is what one subscription follows.
type Source[T any] interface {
	// CatchUp returns the next items, oldest first, that the client has
	// not seen and the read models hold; done when there are no more.
	CatchUp(ctx context.Context) (items []T, done bool, err error)
	// Noticed returns what a notice made available to push, or catchUp
	// when the loop should catch up instead (notices may be missing, or
	// the source reads by its own order rather than by notice).
	Noticed(ctx context.Context, n projections.Notice) (items []T, catchUp bool, err error)
	// Sent records an item as pushed.
	Sent(item T)
}

// Config is what the loop needs besides the Source.
type Config struct {
	// Feed and Models: the subscription is told of an item once every one
	// of Models holds it.
	Feed   *projections.Feed
	Models []string
	// Actor is the subscriber; Allowed tells whether they, as the user
	// directory knows them now, may still receive the items (nil: every
	// authenticated reader may). Users is that directory.
	Actor   domain.Actor
	Allowed func(domain.Actor) bool
	Users   *auth.Users
	// Recheck is how often a subscription with nothing to push checks
	// access; it also checks before every push.
	Recheck time.Duration
	Logger  *slog.Logger
}

// Start subscribes to the Feed, lets start fix the source's starting point
// and then pushes render(item) for every item, in order and each once,
// until ctx ends or the subscriber loses access.
func Start[T, R any](ctx context.Context, cfg Config, src Source[T], start func(context.Context) error, render func(T) R) (<-chan R, error) {
	if cfg.Allowed == nil {
		cfg.Allowed = func(domain.Actor) bool { return true }
	}
	l := &loop[T, R]{cfg: cfg, src: src, render: render, out: make(chan R)}
	sub, err := l.subscribe(ctx)
	if err != nil {
		return nil, transport.ResolverError(err)
	}
	if err := start(ctx); err != nil {
		sub.Close()
		return nil, transport.ResolverError(err)
	}
	go l.run(ctx, sub)
	return l.out, nil
}

// loop runs one subscription.
type loop[T, R any] struct {
	cfg    Config
	src    Source[T]
	render func(T) R
	out    chan R
}

func (l *loop[T, R]) subscribe(ctx context.Context) (*projections.Subscription, error) {
	return l.cfg.Feed.SubscribeComplete(ctx, feedBuffer, l.cfg.Models...)
}

func (l *loop[T, R]) run(ctx context.Context, sub *projections.Subscription) {
	defer close(l.out)
	defer func() { sub.Close() }()
	if !l.catchUp(ctx) {
		return
	}
	recheck := time.NewTicker(l.cfg.Recheck)
	defer recheck.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-recheck.C:
			if !l.mayContinue(ctx) {
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
				if sub, err = l.subscribe(ctx); err != nil {
					l.end(ctx, err)
					return
				}
				if !l.catchUp(ctx) {
					return
				}
				continue
			}
			items, catchUp, err := l.src.Noticed(ctx, n)
			if err != nil {
				l.end(ctx, err)
				return
			}
			if catchUp {
				if !l.catchUp(ctx) {
					return
				}
				continue
			}
			if !l.push(ctx, items) {
				return
			}
		}
	}
}

// catchUp pushes what the read models hold beyond what was pushed.
func (l *loop[T, R]) catchUp(ctx context.Context) bool {
	for {
		items, done, err := l.src.CatchUp(ctx)
		if err != nil {
			l.end(ctx, err)
			return false
		}
		if !l.push(ctx, items) {
			return false
		}
		if done {
			return true
		}
	}
}

// push sends items in order, after checking that the subscriber may still
// have them; false ends the subscription.
func (l *loop[T, R]) push(ctx context.Context, items []T) bool {
	if len(items) == 0 {
		return true
	}
	if !l.mayContinue(ctx) {
		return false
	}
	for _, item := range items {
		select {
		case l.out <- l.render(item):
			l.src.Sent(item)
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// mayContinue re-checks the subscriber: a token revoked, a user erased or
// a role taken away ends the subscription with FORBIDDEN.
func (l *loop[T, R]) mayContinue(ctx context.Context) bool {
	if err := checkAccess(ctx, l.cfg.Users, l.cfg.Actor, l.cfg.Allowed); err != nil {
		l.end(ctx, err)
		return false
	}
	return true
}

// end records why the subscription ends, for the transport to send as the
// last event's error (graphql-go's channel cannot carry one); the caller
// then returns, closing the channel. A cancelled subscription just ends.
func (l *loop[T, R]) end(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	if domain.CodeOf(err) == domain.CodeInternal && l.cfg.Logger != nil {
		l.cfg.Logger.ErrorContext(ctx, "subscription failed", "error", err)
	}
	transport.EndSubscription(ctx, transport.ResolverError(err))
}

// checkAccess tells whether the actor a subscription was authenticated as
// still may read it. The transport authenticates a WebSocket connection
// once, so the subscription checks the connection's token again; without
// one (an actor put in the context directly) it asks the user directory,
// where a user with no live token left counts as revoked.
func checkAccess(ctx context.Context, users *auth.Users, actor domain.Actor, allowed func(domain.Actor) bool) error {
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
	u, err := users.Get(ctx, actor.ID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
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
