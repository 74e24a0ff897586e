package resolver

import (
	"context"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/discussions"
)

// The discussion subscriptions push entries of the activity feed as the
// discussions projection takes them in. Like the audit log's they read
// by the feed's seq, which is the order the projection applied revisions
// in (commit order): a notice only says that something new is held, and
// the follower reads every entry after the last one pushed, so a
// revision that committed late is never passed over, and a lost notice
// (a full buffer, a reconnect) costs only a re-read. after is an entry's
// cursor: a reconnecting client resumes there.
//
// A rebuild of the projection numbers the feed anew: a subscription
// that sees it (a Rebuilt notice) resumes after the newest entry, so it
// may miss what was appended while the rebuild swapped the tables in.

// DiscussionActivity pushes the discussion entries of one document.
func (r *Root) DiscussionActivity(ctx context.Context, args struct {
	DocumentID graphql.ID
	After      *string
}) (<-chan *ActivityEntryResolver, error) {
	var checks domain.Checks
	document := argumentID(&checks, &args.DocumentID, "documentId")
	filter := discussions.FeedFilter{DocumentID: document, Kinds: []string{discussions.KindDiscussion}}
	return r.followActivity(ctx, &checks, filter, args.After)
}

// Mentioned pushes the messages that mention the caller.
func (r *Root) Mentioned(ctx context.Context, args struct{ After *string }) (<-chan *ActivityEntryResolver, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	filter := discussions.FeedFilter{Mentioning: &actor.ID, Kinds: []string{discussions.KindDiscussion}}
	return r.followActivity(ctx, &checks, filter, args.After)
}

// ActivityAppended is the caller's activity feed, live.
func (r *Root) ActivityAppended(ctx context.Context, args struct {
	Filter *ActivityFilter
	After  *string
}) (<-chan *ActivityEntryResolver, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	filter := args.Filter.parse(&checks, actor)
	return r.followActivity(ctx, &checks, filter, args.After)
}

func (r *Root) followActivity(ctx context.Context, checks *domain.Checks, filter discussions.FeedFilter, after *string) (<-chan *ActivityEntryResolver, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	seq := parseFeedCursor(checks, after, "after")
	if err := checks.Err(); err != nil {
		return nil, argumentError(err)
	}
	sub, err := r.deps.Feed.SubscribeComplete(ctx, feedBuffer, discussions.Name)
	if err != nil {
		return nil, fail(err)
	}
	// Subscribed first, then the starting point: nothing falls between.
	if after == nil {
		if seq, err = r.deps.Discussions.LastSeq(ctx); err != nil {
			sub.Close()
			return nil, fail(err)
		}
	}
	f := &activityFollower{root: r, actor: actor, filter: filter, after: seq, out: make(chan *ActivityEntryResolver)}
	go f.run(ctx, sub)
	return f.out, nil
}

// activityFollower runs one activity subscription.
type activityFollower struct {
	root   *Root
	actor  domain.Actor
	filter discussions.FeedFilter
	// after is the seq of the last entry pushed (or passed over).
	after int64
	out   chan *ActivityEntryResolver
}

func (f *activityFollower) run(ctx context.Context, sub *projections.Subscription) {
	defer close(f.out)
	defer func() { sub.Close() }()
	if !f.drain(ctx) {
		return
	}
	recheck := time.NewTicker(f.root.deps.AccessRecheck)
	defer recheck.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-recheck.C:
			if err := f.root.checkAccess(ctx, f.actor, anyReader); err != nil {
				f.end(ctx, err)
				return
			}
		case n, ok := <-sub.C:
			if !ok {
				if ctx.Err() != nil {
					return
				}
				// Fell behind: subscribe again, then re-read.
				var err error
				if sub, err = f.root.deps.Feed.SubscribeComplete(ctx, feedBuffer, discussions.Name); err != nil {
					f.end(ctx, err)
					return
				}
			} else if n.Kind == projections.Rebuilt {
				seq, err := f.root.deps.Discussions.LastSeq(ctx)
				if err != nil {
					f.end(ctx, err)
					return
				}
				f.after = seq
				continue
			}
			if !f.drain(ctx) {
				return
			}
		}
	}
}

// drain pushes every entry after the last one pushed.
func (f *activityFollower) drain(ctx context.Context) bool {
	for {
		entries, err := f.root.deps.Discussions.FeedAfter(ctx, f.filter, f.after, catchUpPage)
		if err != nil {
			f.end(ctx, err)
			return false
		}
		if len(entries) > 0 {
			if err := f.root.checkAccess(ctx, f.actor, anyReader); err != nil {
				f.end(ctx, err)
				return false
			}
		}
		for _, e := range entries {
			select {
			case f.out <- f.root.newActivityEntry(e):
				f.after = e.Seq
			case <-ctx.Done():
				return false
			}
		}
		if len(entries) < catchUpPage {
			return true
		}
	}
}

func (f *activityFollower) end(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	if domain.CodeOf(err) == domain.CodeInternal {
		f.root.deps.Logger.ErrorContext(ctx, "subscription failed", "error", err)
	}
	transport.EndSubscription(ctx, fail(err))
}
