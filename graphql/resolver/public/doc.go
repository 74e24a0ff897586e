// Package public resolves the public view: publicDocuments, publicStrategy
// and publicConcept, the only root fields a request without a token may
// select (QueryFields), and the Public* types they return.
//
// These types are its own: nothing reachable from them leads to a draft,
// an actor, a contact person, a review or the audit log, and no resolver
// of the rest of the schema is returned from here. A strategy shows its
// adopted edition, never the live state.
package public

import "github.com/creativeclusters/planner/graphql/resolver/graph"

// View resolves the package's root fields; resolver.Root embeds it, so that
// its methods are fields of the schema's root types.
type View struct{ *graph.Resolver }
