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
// # Cost set by the change, paid once, batched
//
// What every projection needs about a revision — its field-level changes,
// the leaves it set and removed, the head of the document, the subject's
// figures and a JSON patch of its state — is computed once, by the command
// path where the states before and after are at hand (domain.Digest), and
// travels in the outbox message. A projection applies a revision from its
// digest alone: no projection decodes, renders or encodes a whole document
// per revision, and the documents projection patches the state it stores
// in place (planner_patch_jsonb). A revision without a digest — read from
// the log to fill a gap, or of a subject with personal data, whose digest
// would carry plain text into the outbox — is derived from the log by the
// runner, with the same function.
//
// The handler only queues the messages of a poll's batch; the batch is
// applied as a whole right before the subscriber acks it: one round trip
// reads (and locks) the guard rows of every stream in it, one sends every
// write as multi-row statements. A batch that fails is rolled back and
// delivered again, then applied message by message, each in a savepoint,
// and a message that keeps failing goes to the poison queue without
// holding back the others.
//
// Idle consumer groups do not poll: they wait for the NOTIFY a trigger on
// the outbox sends at commit (OutboxChannel), with a slow poll as the
// safety net; a group that found work keeps polling for a while, since a
// committed message stays invisible while an older transaction is open.
//
// # Exactly once, in order
//
// A batch is applied inside the subscriber's batch transaction (read-model
// writes commit with the consumer group's offset). Before applying, the
// runner reads each stream's row in the projection's streams table: a
// revision at or below the applied one is a duplicate and skipped; a
// revision beyond the next one means earlier ones were not delivered yet
// (or never will be, after a poisoned one), and they are read from the
// events table, the source of truth, and applied first. Without a
// transport transaction (e.g. a future JetStream subscriber) the handler
// opens its own per message; the guard alone then keeps the effect
// exactly-once.
//
// The history projection numbers revisions as it applies them (seq): one
// consumer applies one batch after the other, in the order the outbox
// makes them visible, so seq grows in commit order — what a reader of the
// log in order follows so as never to skip a revision that committed late.
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
// personal data on it. The command path must put a digest on the revisions
// it appends (eventstore.AppendRequest.Digest, from domain.StartDigest);
// revisions without one are applied too, at the cost of reading the log.
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
