// Package projections keeps the read models: it consumes the outbox topic
// "events" through watermill-sql, one consumer group per projection (or,
// when configured, the NATS JetStream stream package natsforward writes:
// see "Running from JetStream"), and applies every revision exactly once
// and in stream order.
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
// Idle consumer groups do not poll: they wait for the NOTIFY the event
// store sends after appends (OutboxChannel), with a slow poll as the
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
// transport transaction (JetStream) the handler opens its own per
// message; the guard alone then keeps the effect exactly-once.
//
// The history projection numbers revisions as it applies them (seq): one
// consumer applies one batch after the other, in the order the outbox
// makes them visible, so seq grows in commit order — what a reader of the
// log in order follows so as never to skip a revision that committed late.
//
// # Running from JetStream
//
// With Config.JetStream the runner consumes the stream natsforward
// writes (one message per revision, each document's in order) instead of
// the outbox: a durable push consumer per projection
// (planner_projection_<name>, every subject of the forwarder, explicit
// acks), created or updated by the runner once NATS answers and the
// stream exists, subscribed through watermill-nats (pkg/nats) on the same
// Watermill router and middleware. A restart resumes where the consumer's
// acks stopped; Running (and so readiness) waits until every consumer is
// subscribed. Stopping finishes the message being handled; those NATS
// delivered ahead are nacked and delivered again.
//
// Each message is applied on its own, in a transaction of the handler's,
// and acked only after that transaction committed: a crash in between
// redelivers it, and the guard drops it. What JetStream promises about
// order is weaker than the outbox's: a message not acked within AckWait,
// or nacked after a transient failure (after NakDelay), is delivered
// again after later ones, up to MaxAckPending of which may be in flight.
// So a revision can arrive before its predecessor was applied. The runner
// never skips the gap and never waits for the predecessor's message: the
// guard reads the missing revisions from the events table (committed
// before the forwarder could publish their successor) and applies them
// first, in the same transaction, as the outbox path does; the late
// message is then a duplicate. A revision at or below the applied one is
// dropped and acked. Redelivery has no limit (MaxDeliver -1); a revision
// that keeps failing for other reasons goes to the poison queue and holds
// its stream back, as with the outbox.
//
// Messages of one projection are applied one at a time (a mutex, since
// the subscriber may hand over the next message when it stops waiting for
// an ack), and each transaction takes the projection's apply lock
// exclusively: several processes may bind the same consumer (it has a
// deliver group; a process that dies leaves its unacked messages to the
// others after AckWait) and still commit one after the other, so the
// history's seq stays in commit order.
//
// Costs: a round trip to NATS and a commit per revision, where the outbox
// applies hundreds per commit; and the forwarder publishes revisions
// without their digest, so every revision is derived from the log. The
// state a derivation ends at is kept in memory per projection and stream
// (stateCache), so the next revision costs the size of the document, not
// of its history (measured on a loaded machine, a 300-revision strategy
// of 50 KB: about 13 ms per revision and projection with it, 54 ms
// without; the outbox applied the same in batches several times faster).
// Readiness, lag, WaitFor and the Feed read the guard rows and notices
// the handler writes either way, so they work unchanged; lag then
// includes what the forwarder has not published yet.
//
// The outbox's consumer groups of the projections are not used: if they
// exist (the projections ran from the outbox before) they hold back
// outbox retention, which then needs only the forwarder's group; delete
// their rows when staying on JetStream. All processes that run the
// projections must use the same source. Switching back to the outbox
// after the JetStream-fed projections caught up (lag 0) is safe; rows the
// outbox pruned meanwhile are otherwise only filled when their stream
// changes again, or by a rebuild.
//
// # Wiring
//
//	store := eventstore.New(pool, catalog.Registry())
//	all := []projections.Projection{documents.New(), history.New(), dashboard.New()}
//	runner, err := projections.NewRunner(projections.Config{
//		Pool: pool, Registry: store.Registry(), NewAggregate: catalog.New, Projections: all,
//		// JetStream: &projections.JetStreamSource{URL: natsURL}, // instead of the outbox
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
