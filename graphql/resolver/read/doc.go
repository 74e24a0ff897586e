// Package read resolves the Query fields over documents and the service:
// strategy(ies), cooperationConcept(s), organisation(s), locations,
// node, viewer, dashboard, systemStatus and integrity.
//
// Every root field checks the caller (graph.Viewer, through ReadRoot, which
// also waits for minPosition and the caller's own writes), then renders
// with the shared object graph (package graph): a list prepares what the
// selection of one item references, so that the items' references batch.
package read

import "github.com/creativeclusters/planner/graphql/resolver/graph"

// Queries resolves the package's root fields; resolver.Root embeds it, so that
// its methods are fields of the schema's root types.
type Queries struct{ *graph.Resolver }
