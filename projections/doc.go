// Package projections keeps the read models: it consumes the outbox topic
// "events" through watermill-sql, one consumer group per projection, and
// applies every revision exactly once and in stream order.
//
// It owns the runner (Watermill router, middleware, poison queue), the
// per-stream order guard shared by every projection, rebuilds from the
// event log into a fresh schema swapped in atomically, projection status
// and Prometheus gauges, retention of the delivery table, and the Feed of
// "projection X applied revision R of stream S" notices that WaitFor
// (read-your-writes) and GraphQL subscriptions use.
//
// The projections themselves live in subpackages (documents, history,
// dashboard); readmodel holds the typed queries the GraphQL layer uses.
//
// # Exactly once, in order
//
// A revision message is applied inside the subscriber's batch transaction
// (read-model writes commit with the consumer group's offset), each attempt
// in a SAVEPOINT. Before applying, the handler reads the stream's row in
// the projection's streams table: a revision at or below the applied one is
// a duplicate and skipped; a revision beyond the next one means earlier
// ones were not delivered yet (or never will be, after a poisoned one), and
// they are read from the events table, the source of truth, and applied
// first. Without a transport transaction (e.g. a future JetStream
// subscriber) the handler opens its own; the guard alone then keeps the
// effect exactly-once.
//
// # Wiring
//
//	store := eventstore.New(pool, catalog.Registry())
//	all := []projections.Projection{documents.New(), history.New(), dashboard.New()}
//	runner, err := projections.NewRunner(projections.Config{
//		Pool: pool, Registry: store.Registry(), NewAggregate: catalog.New, Projections: all,
//	})
//	go runner.Run(ctx)                  // consume (once per process)
//	feed := projections.NewFeed(pool, all, logger)
//	go feed.Run(ctx)                    // WaitFor, SubscribeComplete
//	go projections.RunRetention(ctx, pool, projections.Groups(all), time.Minute, logger)
//	err = runner.Rebuild(ctx, "history") // operator action; needs no Run
//
// The registry must be the store's: the store installs the decryption of
// personal data on it.
//
// # Delivery stalls
//
// watermill-sql delivers a message only once every transaction that began
// before it ended, anywhere in the cluster: a long write transaction
// (including one's own batch) holds every consumer group back. Handlers,
// rebuild steps and retention therefore keep their transactions short.
//
// # Renaming
//
// A projection's name is its consumer group: renaming one starts a group
// at the beginning of the outbox, which retention may have pruned. Rebuild
// a renamed or new projection before running it.
package projections
