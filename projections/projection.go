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
	// Apply records a batch of revisions through w, in the schema w
	// names: several streams, each stream's revisions in order and
	// contiguous, each with its Digest. It is called inside a transaction
	// that also advances the streams' applied revisions: it need not guard
	// against duplicates itself. Writes should be few statements per batch
	// (multi-row), not per revision.
	Apply(ctx context.Context, w *Writer, batch []*Update) error
	// NewRebuild returns a sink that builds the projection's rows from the
	// whole log in memory, stream by stream, and writes them in bulk. The
	// rows must equal those Apply would have produced.
	NewRebuild() RebuildSink
}

// StateKeeper is implemented by projections that keep each subject's
// state as JSON in their streams table (column state): the live path
// patches it from each revision's digest, a rebuild writes it whole.
type StateKeeper interface {
	KeepsState() bool
}

func keepsState(p Projection) bool {
	k, ok := p.(StateKeeper)
	return ok && k.KeepsState()
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
// revision (events and metadata) and its digest.
type Update struct {
	Revision eventstore.Revision
	// Digest is what the revision changed (domain.Digest). Always set for
	// Apply; nil in a bulk rebuild, whose sinks see Before and After.
	Digest *domain.Digest
	// Personal is set for subjects that hold personal data
	// (domain.PersonalData), with Erased their erased paths after the
	// revision. Such revisions are always derived from the log (their
	// digest is never carried), so Before, After and Replay are set too.
	Personal bool
	Erased   []string
	// Before and After are the subject's document before and after the
	// revision, when the revision was derived from the log (a rebuild, a
	// gap, a subject with personal data); empty otherwise. For revision 1
	// Before is an empty document, so that creation shows every field as
	// added.
	Before domain.Doc
	After  domain.Doc
	// State is the subject after the revision, during a bulk rebuild or a
	// Replay only; it is only valid during the call.
	State domain.Aggregate
	// Replay, when set, reads the stream's revisions 1 to this one from
	// the events table again (in the same transaction) and calls fn with
	// each as it decodes now: what a rebuild would see. A projection uses
	// it when earlier rows must be derived again, e.g. after personal data
	// was erased (crypto-shredded) from the log. Updates passed to fn have
	// no Digest and no Replay. Nil during a bulk rebuild, which reads the
	// log as it is anyway.
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
	Type     domain.SubjectType
	Revision eventstore.Revision // the last one
	State    domain.Aggregate
	Doc      domain.Doc
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,40}$`)
