// Package documents is the "documents" projection (schema proj_documents):
// the current state of every subject, with the columns the contract's
// lists filter and sort on, and the named versions and reviews of
// strategies and concepts.
//
// Tables: subjects (one row per subject; its state is the streams row of
// the same id), versions, reviews, and the runner's streams table.
package documents
