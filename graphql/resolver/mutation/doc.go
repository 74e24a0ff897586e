// Package mutation resolves the Mutation fields over documents
// (strategies, cooperation concepts, organisations, locations): it turns
// inputs into domain commands, runs them with app.Execute and renders the
// payloads.
//
// Payloads render the subject from the state the command produced
// (app.Result.State), never from projections, and put it into the
// request's loaders: a client sees its own change at once, whatever the
// projection lag. Malformed ids in inputs are validation errors naming the
// input field (graph.InputIDs), reported after authentication.
package mutation

import "github.com/creativeclusters/planner/graphql/resolver/graph"

// Mutations resolves the package's root fields; resolver.Root embeds it, so that
// its methods are fields of the schema's root types.
type Mutations struct{ *graph.Resolver }
