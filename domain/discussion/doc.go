// Package discussion is the DiscussionThread aggregate: a conversation
// anchored to a strategy, a cooperation concept, or one item inside them
// (a section, optionally a quoted passage of its body; a priority,
// objective, measure, milestone, indicator or pilot), addressed by the
// item's key.
//
// A thread is its own stream (subject type DISCUSSION_THREAD), not events
// on the document's stream. Talking about a document must not change it:
// a message on the strategy's stream would bump its revision, make every
// co-editor's expectedRevision stale (workflow commands would conflict)
// and count as an edit in its history. A thread records the document, the
// item and the document revision it was opened on; the document's later
// edits, removals and restores never touch it, so a thread outlives its
// item (the read side tells whether the item still exists).
//
// What a command may depend on besides the thread itself (the discussed
// document as it is now: its partners and items, and the organisations of
// the people a message mentions) is looked up by the application and
// handed in as Facts, so that every rule is decided here, purely.
package discussion
