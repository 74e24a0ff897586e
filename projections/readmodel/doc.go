// Package readmodel is the typed read API over the projections' tables
// for the GraphQL layer: subjects and their lists with filters, history,
// audit log, blame, named versions, reviews and dashboard figures.
//
// Lists are keyset-paginated connections: first/after or last/before (not
// both), 1..100 items, default 20, cursors that encode the sort key (so a
// page costs an index range whatever its depth) and a lazily counted
// totalCount. Lookups return nil, nil for what does not exist; batch
// lookups return results in the order of their keys, for dataloaders.
//
// Consistency: each query reads one projection. For read-your-writes, wait
// with projections.Feed.WaitFor first.
package readmodel
