// Package app runs commands: it authorizes the actor, loads the subject,
// checks references, lets the aggregate decide, merges or refuses when the
// client edited from an older revision, and appends the events with their
// idempotency record. It is the only writer of the event store.
//
// Every rejected command appends nothing: all checks happen before the
// append, and the append is one transaction.
package app
