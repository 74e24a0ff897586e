package history

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/follow"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// auditLogAppended pushes new revisions of every subject that match the
// filter, for REVIEWERs and ADMINs, in the order the history took them in
// (readmodel.Revision.Seq, which is commit order): a notice only says that
// something new is held, and what is pushed is read from the history by
// seq, up to the first revision the documents projection does not hold
// yet (its own notice brings it). Positions are drawn before commit, so a
// revision may commit after one with a higher position; by seq it still
// comes after everything pushed before it, so catching up by seq (after a
// notice, after lost notices, after a reconnect with afterPosition) never
// passes over it.
//
// afterPosition names the last revision the client has: the subscription
// waits (like minPosition) until the read models include it and resumes
// after its seq.

func (r *Revisions) AuditLogAppended(ctx context.Context, args struct {
	Filter        *AuditFilter
	AfterPosition *string
}) (<-chan *graph.RevisionResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	if err := graph.RequireAuditReader(actor); err != nil {
		return nil, err
	}
	var checks domain.Checks
	filter := args.Filter.parse(&checks)
	after := graph.ParsePosition(args.AfterPosition, &checks, "afterPosition")
	if err := checks.Err(); err != nil {
		return nil, graph.ArgumentError(err)
	}
	f := &auditFollower{read: r.Deps.Read, filter: filter, pushed: map[uuid.UUID]int{}}
	return r.followRevisions(ctx, actor, app.CanReadAudit, f, func(ctx context.Context) error {
		if args.AfterPosition == nil {
			return f.startNow(ctx)
		}
		if err := r.WaitFor(ctx, after); err != nil {
			return err
		}
		return f.startAfter(ctx, after)
	})
}

// auditFollower follows the audit log.
type auditFollower struct {
	read   *readmodel.Reader
	filter readmodel.AuditFilter
	// after is the seq catching up continues from: everything at or
	// before it was pushed, passed over or is the client's already.
	after int64
	// pushed is, per subject, the highest revision already pushed: a
	// guard against pushing one twice.
	pushed map[uuid.UUID]int
}

// startNow makes a subscription without afterPosition start after the
// revision the history took in last.
func (f *auditFollower) startNow(ctx context.Context) error {
	seq, err := f.read.LastSeq(ctx)
	f.after = seq
	return err
}

// startAfter makes a subscription resume after the revision at position.
func (f *auditFollower) startAfter(ctx context.Context, position int64) error {
	if position <= 0 {
		return nil
	}
	seq, err := f.read.SeqAtPosition(ctx, position)
	f.after = seq
	return err
}

// CatchUp reads revisions after the seq, skipping those pushed already and
// those the documents projection does not hold yet: a pushed revision
// must be one a client re-reading the subject sees, and the notice of the
// documents projection applying it will bring it (the Feed subscription
// is older than this check).
func (f *auditFollower) CatchUp(ctx context.Context) ([]*readmodel.Revision, bool, error) {
	page, err := f.read.AuditAfter(ctx, f.filter, f.after, follow.Page)
	if err != nil || len(page) == 0 {
		return nil, true, err
	}
	held, err := f.heldBySubject(ctx, page)
	if err != nil {
		return nil, true, err
	}
	var out []*readmodel.Revision
	for _, rv := range page {
		if rv.Number > held[rv.SubjectID] {
			// Not readable yet: stop here, in order; its notice resumes.
			return out, true, nil
		}
		f.after = max(f.after, rv.Seq)
		if rv.Number > f.pushed[rv.SubjectID] {
			out = append(out, rv)
		}
	}
	return out, len(page) < follow.Page, nil
}

// heldBySubject is the revision the documents projection holds of each
// subject of the page.
func (f *auditFollower) heldBySubject(ctx context.Context, page []*readmodel.Revision) (map[uuid.UUID]int, error) {
	ids := make([]uuid.UUID, len(page))
	for i, rv := range page {
		ids[i] = rv.SubjectID
	}
	rows, err := f.read.Subjects(ctx, graph.Distinct(ids))
	if err != nil {
		return nil, err
	}
	held := make(map[uuid.UUID]int, len(rows))
	for _, s := range rows {
		if s != nil {
			held[s.ID] = s.Revision
		}
	}
	return held, nil
}

func (f *auditFollower) Noticed(ctx context.Context, n projections.Notice) ([]*readmodel.Revision, bool, error) {
	if n.Kind != projections.Applied {
		// Resync or Rebuilt: notices may be missing.
		return nil, true, nil
	}
	if n.Revision <= f.pushed[n.StreamID] || (f.filter.SubjectID != nil && *f.filter.SubjectID != n.StreamID) {
		return nil, false, nil
	}
	// Read by seq from where the pushes stand, so that revisions of
	// different subjects go out in commit order whatever order their
	// notices come in.
	var revs []*readmodel.Revision
	for {
		page, done, err := f.CatchUp(ctx)
		revs = append(revs, page...)
		if done || err != nil {
			return revs, false, err
		}
	}
}

func (f *auditFollower) Sent(rv *readmodel.Revision) {
	f.pushed[rv.SubjectID] = max(f.pushed[rv.SubjectID], rv.Number)
	f.after = max(f.after, rv.Seq)
}
