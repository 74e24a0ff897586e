package discussion

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/follow"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
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
func (r *Threads) DiscussionActivity(ctx context.Context, args struct {
	DocumentID graphql.ID
	After      *string
}) (<-chan *ActivityEntryResolver, error) {
	var checks domain.Checks
	document := graph.ArgumentID(&checks, &args.DocumentID, "documentId")
	filter := discussions.FeedFilter{DocumentID: document, Kinds: []string{discussions.KindDiscussion}}
	return r.followActivity(ctx, &checks, filter, args.After)
}

// Mentioned pushes the messages that mention the caller.
func (r *Threads) Mentioned(ctx context.Context, args struct{ After *string }) (<-chan *ActivityEntryResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	filter := discussions.FeedFilter{Mentioning: &actor.ID, Kinds: []string{discussions.KindDiscussion}}
	return r.followActivity(ctx, &checks, filter, args.After)
}

// ActivityAppended is the caller's activity feed, live.
func (r *Threads) ActivityAppended(ctx context.Context, args struct {
	Filter *ActivityFilter
	After  *string
}) (<-chan *ActivityEntryResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	filter := args.Filter.parse(&checks, actor)
	return r.followActivity(ctx, &checks, filter, args.After)
}

func (r *Threads) followActivity(ctx context.Context, checks *domain.Checks, filter discussions.FeedFilter, after *string) (<-chan *ActivityEntryResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	seq := parseFeedCursor(checks, after, "after")
	if err := checks.Err(); err != nil {
		return nil, graph.ArgumentError(err)
	}
	src := &activitySource{feed: r.Deps.Discussions, filter: filter, after: seq}
	cfg := follow.Config{
		Feed: r.Deps.Feed, Models: []string{discussions.Name},
		Actor: actor, Users: r.Deps.Users, Recheck: r.Deps.AccessRecheck, Logger: r.Deps.Logger,
	}
	return follow.Start(ctx, cfg, src, func(ctx context.Context) error {
		if after != nil {
			return nil
		}
		var err error
		src.after, err = r.Deps.Discussions.LastSeq(ctx)
		return err
	}, r.newActivityEntry)
}

// activitySource follows the activity feed by seq.
type activitySource struct {
	feed   *discussions.Reader
	filter discussions.FeedFilter
	// after is the seq of the last entry pushed (or passed over).
	after int64
}

// CatchUp reads the entries after the last one pushed.
func (s *activitySource) CatchUp(ctx context.Context) ([]*discussions.Entry, bool, error) {
	entries, err := s.feed.FeedAfter(ctx, s.filter, s.after, follow.Page)
	return entries, len(entries) < follow.Page, err
}

// Noticed catches up on every notice but a rebuild's: whatever a notice
// names, the entries are read by seq. A rebuild numbers the feed anew, so
// the source resumes after the newest entry.
func (s *activitySource) Noticed(ctx context.Context, n projections.Notice) ([]*discussions.Entry, bool, error) {
	if n.Kind != projections.Rebuilt {
		return nil, true, nil
	}
	seq, err := s.feed.LastSeq(ctx)
	if err != nil {
		return nil, false, err
	}
	s.after = seq
	return nil, false, nil
}

func (s *activitySource) Sent(e *discussions.Entry) { s.after = e.Seq }
