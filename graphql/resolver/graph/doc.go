// Package graph is the object graph of the planner's GraphQL schema and
// what every area of resolvers shares: Deps and Resolver (which each
// area's root embeds), the object resolvers (documents, actors,
// snapshots, reviews, revisions, changes, blame, events, discussions, the
// Node and HistorySubject unions), connections and their arguments, opaque
// ids, custom scalars, the per-request dataloaders, minPosition and
// read-your-own-writes waits, the shared mutation input and payload
// fields, and errors.
//
// The object types are one package because they reference each other
// (Strategy.revisions, Revision.subject, Discussion.document, node(id)),
// and graphql-go needs a union's To<Type> methods on one Go type. The
// areas (read, mutation, history, discussion, public) import this
// package, never the other way round.
//
// Root fields start with ReadRoot (or Viewer when they read no
// projection): UNAUTHENTICATED without a caller, then minPosition and the
// caller's own writes. Lists call a Prefetch or Prepare function with the
// selection of one item, so that the items' references batch. Documents
// decode from the documents read model (subjects.go); history lists,
// blame and the audit log come from the history projection, and what the
// projection does not hold yet from app.Service.Revision and Diff
// (history_store.go). Mutation payloads render the state app.Execute
// returned, never projections.
//
// Every error a resolver returns goes through Fail
// (transport.ResolverError), so extensions.code is served even without
// the transport's translation. WebSocket subscriptions get no
// connection-wide loaders (loaders.go says why).
package graph
