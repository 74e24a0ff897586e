// Package history resolves the fields that list revisions as the history
// projection holds them: auditLog, and the subscriptions that push
// revisions as they are taken in (strategyRevised,
// cooperationConceptRevised, auditLogAppended), each a follow.Source.
//
// A subject's own history (revisions, diff, blame on Strategy and the
// other documents) belongs to the object graph (package graph), because
// those types reference each other.
package history

import "github.com/creativeclusters/planner/graphql/resolver/graph"

// Revisions resolves the package's root fields; resolver.Root embeds it, so that
// its methods are fields of the schema's root types.
type Revisions struct{ *graph.Resolver }
