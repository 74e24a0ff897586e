// Package follow is the one loop every subscription runs: subscribe to the
// Feed, fix the starting point, catch up from the read model, then push
// what each notice makes available, in order and each once, re-checking
// the subscriber's access as it goes (Start). What to read is the
// Source's: revisions of a document, the audit log, the activity feed.
package follow
