package projections

import (
	"context"
	"regexp"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// Projection turns revisions into read-model rows in the PostgreSQL schema
// it owns. Name is its consumer group and status name; both must never
// change once deployed (see the package documentation).
type Projection interface {
	Name() string
	// Schema is the PostgreSQL schema of its tables; it must contain a
	// streams table (see migrations/00003_projections.sql).
	Schema() string
	// Apply records one revision through w, in the schema w names. It is
	// called once per revision of a stream, in order, inside a transaction
	// that also advances the stream's applied revision: it need not guard
	// against duplicates itself.
	Apply(ctx context.Context, w *Writer, u *Update) error
	// NewRebuild returns a sink that builds the projection's rows from the
	// whole log in memory, stream by stream, and writes them in bulk. The
	// rows must equal those Apply would have produced.
	NewRebuild() RebuildSink
}

// RebuildSink receives the whole log during a rebuild: every stream's
// revisions in order (Add), then EndStream, streams one after the other.
// Flush writes what was buffered; it is called between pages (possibly in
// the middle of a stream) and once more with final set at the end.
type RebuildSink interface {
	Add(u *Update) error
	EndStream(end *StreamEnd) error
	Flush(ctx context.Context, w *Writer, final bool) error
}

// Update is one revision of one stream as a projection sees it: the
// revision (events and metadata) and the subject's document before and
// after it. For revision 1 Before is an empty document, so that creation
// shows every field as added.
type Update struct {
	Revision eventstore.Revision
	Before   domain.Doc
	After    domain.Doc
	// State is the subject after the revision. It is only valid during the
	// call: the runner evolves it further afterwards.
	State domain.Aggregate
	// StateJSON and BeforeJSON are the subject's state as JSON after and
	// before the revision (nil before revision 1). They are set when
	// revisions are applied one by one, not during a bulk rebuild (whose
	// sinks see the final state in EndStream).
	StateJSON  []byte
	BeforeJSON []byte
	// Replay, when set, reads the stream's revisions 1 to this one from
	// the events table again (in the same transaction) and calls fn with
	// each as it decodes now: what a rebuild would see. A projection uses
	// it when earlier rows must be derived again, e.g. after personal data
	// was erased (crypto-shredded) from the log. Updates passed to fn have
	// no JSON and no Replay. Nil during a bulk rebuild, which reads the log
	// as it is anyway.
	Replay func(ctx context.Context, fn func(*Update) error) error

	beforeLeaves, afterLeaves map[string]any
}

// BeforeLeaves returns Before.Leaves(), computed once and shared with the
// previous revision's AfterLeaves.
func (u *Update) BeforeLeaves() map[string]any {
	if u.beforeLeaves == nil {
		u.beforeLeaves = u.Before.Leaves()
	}
	return u.beforeLeaves
}

// AfterLeaves returns After.Leaves(), computed once.
func (u *Update) AfterLeaves() map[string]any {
	if u.afterLeaves == nil {
		u.afterLeaves = u.After.Leaves()
	}
	return u.afterLeaves
}

// StreamEnd is a stream's final state at the end of a rebuild's walk
// through it.
type StreamEnd struct {
	Type      domain.SubjectType
	Revision  eventstore.Revision // the last one
	State     domain.Aggregate
	StateJSON []byte
	Doc       domain.Doc
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,40}$`)
