// Package discussions is the "discussions" projection (schema
// proj_discussions): discussion threads and their messages as the API
// shows them, the activity feed across documents, and the few facts
// about each document (title, partners, locations) that the feed filters
// on. Its Reader serves them, with the unread counts that the per-person
// read marks (table discussion_reads, outside the projection) give.
//
// Thread rows are a function of the thread's events and the positions
// of their revisions: both the live path and a rebuild fold the events
// into the same model (model.go) and write the rows it renders, so a
// rebuild equals the live tables.
//
// Whether a thread's item still exists is not stored: the read side
// looks the key up in the document as it is now, so a removal shows at
// once and a restored revision brings the item, and its threads' anchor,
// back without a write here.
package discussions
