// Package history is the "history" projection (schema proj_history): one
// row per accepted revision of every subject with its field-level changes
// (the audit log and each subject's history), blame per current leaf path,
// and the paths whose personal data was erased.
//
// # Erasure
//
// When a subject implements domain.PersonalData, every change at or under
// one of its erased paths is shown with null before/after and redacted
// set, and the erased parts of values of changes above such a path are
// nulled too. Erased paths accumulate (erased_paths): when a revision
// erases more, the subject's earlier revisions are rewritten; a rebuild
// redacts with the same accumulated set, so it gives the same rows.
package history
