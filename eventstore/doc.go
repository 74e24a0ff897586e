// Package eventstore is the PostgreSQL event store: the append-only events
// table (the source of truth), appends with optimistic concurrency and
// idempotent command ids, the Watermill outbox written in the same
// transaction, loading streams whole or up to a revision or instant, and
// aggregate snapshots that bound the cost of loading long streams.
package eventstore
