// Package discussion resolves the discussion fields: the discussion,
// discussions, discussionUnread and activity queries, the discussion
// mutations (start, post, edit, delete, resolve, reopen, hide, mark read)
// and the live subscriptions (discussionActivity, mentioned,
// activityAppended) over the activity feed.
//
// The Discussion object types are part of the object graph (package
// graph): Node, Revision.subject and the documents reach them.
package discussion

import "github.com/creativeclusters/planner/graphql/resolver/graph"

// Threads resolves the package's root fields; resolver.Root embeds it, so that
// its methods are fields of the schema's root types.
type Threads struct{ *graph.Resolver }
