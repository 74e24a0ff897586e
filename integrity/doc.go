// Package integrity makes the event log tamper-evident and checks it: it
// recomputes every stream's hash chain (written by the event store in the
// append transaction, eventstore/chain.go), takes signed checkpoints of
// all stream heads, verifies both and names the first row that does not
// match and how, and exports audit rows with what an auditor needs to
// check them offline. docs/integrity.md describes the encodings.
package integrity
