// Package resolver owns the Go side of the planner's GraphQL schema
// (graphql/schema): the root resolver, the object resolvers that render
// documents from domain state, every mutation, opaque ids, custom scalars
// and the per-request dataloaders.
//
// # Who owns what
//
// This package is written by two sides. The write side (these files) owns
// mutations, the document objects (Strategy, CooperationConcept,
// Organisation, Location, Actor, snapshots, reviews, named versions, ...),
// ids, scalars and loaders. The read side owns the files whose names start
// with read_, history_ or subscription_: Query roots, connections, history
// (Revision, Change, BlameEntry, EventRecord), the audit log, dashboards,
// system status and subscriptions.
//
// # The read side
//
// Query roots read the projections (Deps.Read): documents decode from the
// documents read model's state JSON into the aggregates the write side
// renders, and what a page of them references is read from the same model
// in one query per level and put into the request's loaders
// (read_subjects.go, read_prepare.go). minPosition waits on the Feed
// (read_position.go). History lists, blame and the audit log come from the
// history projection; a revision the projection does not hold yet (a
// mutation payload's) and diffs between any two revisions come from the
// command service (app.Service.Revision and Diff), which computes them
// with domain.RevisionChanges, as the projection does (history_store.go).
// Subscriptions follow the Feed (subscription_follow.go).
//
// # For the read side
//
// Root fields check the caller with viewer(ctx) (UNAUTHENTICATED without
// one; every authenticated role reads everything). Documents render with
// r.newStrategy, r.newConcept, r.newOrganisation, r.newLocation and actors
// with r.actor(ctx, id); list fields call r.prefetchStrategies (or
// prefetchConcepts, prefetchOrganisations, prefetchActors) with the
// selection of one item before returning, so that the items' references
// batch. node(id) parses with parseNodeID and wraps its result in a
// NodeResolver; Revision.subject wraps a document in a
// HistorySubjectResolver. Ids are made by subjectID, revisionID,
// snapshotID and reviewID (ids.go). Errors go through fail.
//
// # The public view
//
// publicDocuments, publicStrategy and publicConcept (read_public.go) are the
// only root fields that do not call viewer: the transport lets requests
// without a token reach them and nothing else (PublicQueryFields). They
// render published documents with types of their own (obj_public.go), from
// the adopted edition, and never return the resolvers of the rest of the
// schema.
//
// # Reading your own writes
//
// Mutation payloads render the subject from the state app.Execute returns
// (app.Result.State), never from projections: a client sees its own change
// at once, whatever the projection lag.
//
// # Loaders
//
// References between documents (a strategy's locations and partners, an
// actor's organisation, createdBy, ...) go through per-request dataloaders,
// so that N references cost one batch. The binary installs them per
// request with Middleware (or WithLoaders); a resolver that finds none in
// its context makes a throwaway set, which is correct but does not batch
// across fields. See loaders.go for why WebSocket subscriptions do not get
// a connection-wide set.
//
// # Errors
//
// Every error a resolver returns is wrapped with transport.ResolverError,
// so that extensions.code is served even without the transport's own
// translation. Malformed ids in inputs are validation errors naming the
// input field; the transport prefixes the path with "input".
package resolver
