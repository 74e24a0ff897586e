package projections

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// streamApplier applies revisions through the per-stream order guard: the
// one code path by which revisions reach a projection's tables outside a
// bulk rebuild.
//
// A batch of revisions costs two round trips whatever its size: one reads
// the guard rows of every stream in it, one sends every write. A revision
// that carries its digest (the common case: the command path computed it)
// is applied from the digest alone, at the cost of its change. A revision
// without one (read back from the log to fill a gap, or of a subject with
// personal data, whose digest is never carried) is derived from the log:
// the stream is read and decoded up to it, once per stream and batch.
type streamApplier struct {
	registry     *domain.Registry
	newAggregate func(domain.SubjectType) (domain.Aggregate, error)
	// gapWait is how long a missing earlier revision is waited for (it may
	// still be committing) before the gap is treated as permanent.
	gapWait time.Duration
	now     func() time.Time
	// states carries derived states from one transaction to the next,
	// for targets applied one message at a time (exclusive); nil: none.
	states *stateCache
}

// target is where apply writes: the live schema (which takes the shared
// projection lock, notifies the Feed and clears errors) or a rebuild's.
type target struct {
	projection Projection
	schema     string
	live       bool
	// exclusive: take the projection's apply lock (applyLockKey) in the
	// transaction, so that applications commit one after the other.
	exclusive bool
}

// guard is one stream's row in a projection's streams table, as a batch
// advances it.
type guard struct {
	id       uuid.UUID
	typ      domain.SubjectType
	applied  int
	last     eventstore.Revision
	advanced bool
	// derived is the stream's state as the log reads at revision applied,
	// when this batch had to derive a revision from the log.
	derived *derivedState
}

type derivedState struct {
	state    domain.Aggregate
	doc      domain.Doc
	json     []byte // the state as JSON, nil before revision 1
	revision int
}

// apply brings the stream of rev up to rev.Revision in t's schema, filling
// any gap from the events table, and returns how many revisions it applied
// (0 for a duplicate).
func (a *streamApplier) apply(ctx context.Context, tx pgx.Tx, t target, rev eventstore.Revision) (int, error) {
	return a.applyBatch(ctx, tx, t, []eventstore.Revision{rev})
}

// applyBatch applies revs, in the order given (delivery order, which keeps
// each stream's revisions in order), and returns how many revisions it
// applied: duplicates are skipped, gaps filled from the log.
func (a *streamApplier) applyBatch(ctx context.Context, tx pgx.Tx, t target, revs []eventstore.Revision) (int, error) {
	guards, err := a.readGuards(ctx, tx, t, revs)
	if err != nil {
		return 0, err
	}
	var updates []*Update
	for _, rev := range revs {
		g := guards[rev.StreamID]
		if rev.Revision <= g.applied {
			continue
		}
		if g.applied > 0 && g.typ != rev.StreamType {
			return 0, permanent(fmt.Errorf("stream %s is a %s, revision %d says %s", rev.StreamID, g.typ, rev.Revision, rev.StreamType))
		}
		if rev.Revision == g.applied+1 && rev.Digest != nil {
			updates = append(updates, &Update{Revision: rev, Digest: rev.Digest})
		} else {
			derived, err := a.derive(ctx, tx, t, g, rev)
			if err != nil {
				return 0, err
			}
			updates = append(updates, derived...)
		}
		g.typ, g.applied, g.last, g.advanced = rev.StreamType, rev.Revision, rev, true
	}
	if len(updates) == 0 {
		return 0, nil
	}
	w := NewWriter(tx, t.schema)
	if err := t.projection.Apply(ctx, w, updates); err != nil {
		return 0, err
	}
	a.queueGuards(w, t, guards, updates)
	if err := w.Flush(ctx); err != nil {
		return 0, err
	}
	return len(updates), nil
}

// readGuards locks and reads the guard rows of every stream in revs (one
// round trip, with the shared projection lock a rebuild's swap waits on).
func (a *streamApplier) readGuards(ctx context.Context, tx pgx.Tx, t target, revs []eventstore.Revision) (map[uuid.UUID]*guard, error) {
	guards := make(map[uuid.UUID]*guard, len(revs))
	ids := make([]uuid.UUID, 0, len(revs))
	for _, rev := range revs {
		if _, seen := guards[rev.StreamID]; !seen {
			guards[rev.StreamID] = &guard{id: rev.StreamID}
			ids = append(ids, rev.StreamID)
		}
	}
	batch := &pgx.Batch{}
	if t.exclusive {
		batch.Queue(`SELECT pg_advisory_xact_lock($1)`, applyLockKey(t.projection.Name()))
	}
	if t.live {
		batch.Queue(`SELECT pg_advisory_xact_lock_shared($1)`, projectionLockKey(t.projection.Name()))
	}
	// Locked in id order, so that two writers of the same streams (a
	// rebuild's catch-up and the live runner) cannot deadlock.
	batch.Queue(`SELECT stream_id, revision, stream_type FROM `+t.schema+`.streams
		WHERE stream_id = ANY($1) ORDER BY stream_id FOR UPDATE`, ids)
	results := tx.SendBatch(ctx, batch)
	// Closed once read (below); the deferred Close only matters on an
	// early return, where the first error is the one reported.
	defer func() { _ = results.Close() }()
	if t.exclusive {
		if _, err := results.Exec(); err != nil {
			return nil, fmt.Errorf("apply lock: %w", err)
		}
	}
	if t.live {
		if _, err := results.Exec(); err != nil {
			return nil, fmt.Errorf("projection lock: %w", err)
		}
	}
	rows, err := results.Query()
	if err != nil {
		return nil, fmt.Errorf("read streams: %w", err)
	}
	var (
		id       uuid.UUID
		revision int
		typ      string
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &revision, &typ}, func() error {
		g := guards[id]
		g.applied, g.typ = revision, domain.SubjectType(typ)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read streams: %w", err)
	}
	return guards, results.Close()
}

// queueGuards queues the writes that record the batch as applied: each
// advanced stream's guard row and, for the live schema, the Feed's notices
// and the clearing of errors the stream has now got past. Three statements
// per batch, whatever its size.
func (a *streamApplier) queueGuards(w *Writer, t target, guards map[uuid.UUID]*guard, updates []*Update) {
	var (
		ids       []uuid.UUID
		types     []string
		revisions []int
		positions []int64
	)
	for _, g := range guards {
		if !g.advanced {
			continue
		}
		ids = append(ids, g.id)
		types = append(types, string(g.typ))
		revisions = append(revisions, g.applied)
		positions = append(positions, g.last.Position())
	}
	w.Queue(`INSERT INTO {schema}.streams (stream_id, stream_type, revision, position, applied_at)
		SELECT id, type, revision, position, now()
		FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[]) AS s(id, type, revision, position)
		ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, position = excluded.position,
			applied_at = excluded.applied_at`,
		ids, types, revisions, positions)
	if !t.live {
		return
	}
	notices := make([]string, len(updates))
	for i, u := range updates {
		r := u.Revision
		notices[i] = Notice{Kind: Applied, Projection: t.projection.Name(), StreamID: r.StreamID, Revision: r.Revision, Position: r.Position()}.encode()
	}
	w.Queue(`SELECT pg_notify($1, n) FROM unnest($2::text[]) AS n`, NotifyChannel, notices)
	w.Queue(`DELETE FROM projection_errors e USING unnest($2::uuid[], $3::int[]) AS s(id, revision)
		WHERE e.projection = $1 AND e.stream_id = s.id AND e.revision <= s.revision`,
		t.projection.Name(), ids, revisions)
}

// derive returns the updates that bring g's stream up to rev, derived from
// the log: any missing revisions between the applied one and rev (read
// from the events table, the source of truth), then rev itself, each with
// its digest computed here. The stream's state is read from the log once
// per batch and carried forward.
func (a *streamApplier) derive(ctx context.Context, tx pgx.Tx, t target, g *guard, rev eventstore.Revision) ([]*Update, error) {
	revs := []eventstore.Revision{rev}
	if rev.Revision > g.applied+1 {
		missing, err := eventstore.ReadStreamFrom(ctx, tx, rev.StreamID, g.applied, rev.Revision-1)
		if err != nil {
			return nil, err
		}
		if err := a.checkGap(rev, g.applied, missing); err != nil {
			return nil, err
		}
		revs = append(missing, rev)
	}
	d, err := a.stateAt(ctx, tx, t, g, rev.StreamType)
	if err != nil {
		return nil, err
	}
	updates := make([]*Update, 0, len(revs))
	for _, r := range revs {
		if err := eventstore.NewDecoder(a.registry, tx).Apply(ctx, d.state, r); err != nil {
			return nil, permanent(err)
		}
		after := d.state.Document()
		digest, afterJSON, err := domain.NewDigest(d.doc, after, d.json, d.state)
		if err != nil {
			return nil, permanent(err)
		}
		u := &Update{Revision: r, Digest: &digest, Before: d.doc, After: after, Replay: a.replayer(tx, r)}
		u.Erased, u.Personal = personalData(d.state)
		if u.Personal {
			// The log reads differently once personal data is erased, so
			// a patch between two of its readings may not fit the state a
			// read model stored earlier: such subjects (small ones) are
			// written whole.
			digest.StatePatch = domain.StatePatch{{Path: []string{}, Value: afterJSON}}
		}
		updates = append(updates, u)
		d.doc, d.json, d.revision = after, afterJSON, r.Revision
	}
	if t.exclusive {
		a.states.put(t.projection.Name(), g.id, rev.StreamType, d)
	}
	return updates, nil
}

// stateAt returns g's stream as the log reads at its applied revision:
// carried over from an earlier derivation in this batch, or read again.
func (a *streamApplier) stateAt(ctx context.Context, tx pgx.Tx, t target, g *guard, typ domain.SubjectType) (*derivedState, error) {
	if g.derived != nil && g.derived.revision == g.applied {
		return g.derived, nil
	}
	if t.exclusive {
		if d, ok := a.states.get(t.projection.Name(), g, typ, a.newAggregate); ok {
			g.derived = d
			return d, nil
		}
	}
	state, err := a.newAggregate(typ)
	if err != nil {
		return nil, permanent(fmt.Errorf("stream %s: %w", g.id, err))
	}
	d := &derivedState{state: state, doc: domain.NewDoc()}
	if g.applied > 0 {
		past, err := eventstore.ReadStreamFrom(ctx, tx, g.id, 0, g.applied)
		if err != nil {
			return nil, err
		}
		if len(past) != g.applied {
			return nil, permanent(fmt.Errorf("stream %s: the log has %d revisions up to the applied %d", g.id, len(past), g.applied))
		}
		for _, r := range past {
			if err := eventstore.NewDecoder(a.registry, tx).Apply(ctx, state, r); err != nil {
				return nil, permanent(err)
			}
		}
		raw, err := json.Marshal(state)
		if err != nil {
			return nil, permanent(fmt.Errorf("encode state of %s: %w", g.id, err))
		}
		d.doc, d.json, d.revision = state.Document(), raw, g.applied
	}
	g.derived = d
	return d, nil
}

// personalData returns a copy of the erased paths of a subject that holds
// personal data; ok is false for subjects that hold none.
func personalData(state domain.Aggregate) (erased []string, ok bool) {
	pd, ok := state.(domain.PersonalData)
	if !ok {
		return nil, false
	}
	return append([]string{}, pd.ErasedPaths()...), true
}

// checkGap verifies that missing holds exactly the revisions between
// applied and rev. A revision that is not there yet may belong to a
// transaction still committing: that is retried for gapWait, then
// treated as permanent.
func (a *streamApplier) checkGap(rev eventstore.Revision, applied int, missing []eventstore.Revision) error {
	for i, m := range missing {
		if m.Revision != applied+1+i {
			return permanent(fmt.Errorf("stream %s: revision %d found where %d was expected", rev.StreamID, m.Revision, applied+1+i))
		}
	}
	if len(missing) == rev.Revision-1-applied {
		return nil
	}
	err := fmt.Errorf("stream %s: revisions %d..%d are not in the events table before revision %d",
		rev.StreamID, applied+len(missing)+1, rev.Revision-1, rev.Revision)
	if a.now().Sub(rev.RecordedAt) < a.gapWait {
		return transient(err)
	}
	return permanent(err)
}

// replayer returns Update.Replay for rev: the stream up to rev, read and
// decoded again in tx, after w's pending writes.
func (a *streamApplier) replayer(tx pgx.Tx, rev eventstore.Revision) func(context.Context, func(*Update) error) error {
	return func(ctx context.Context, fn func(*Update) error) error {
		revs, err := eventstore.ReadStreamFrom(ctx, tx, rev.StreamID, 0, rev.Revision)
		if err != nil {
			return err
		}
		state, err := a.newAggregate(rev.StreamType)
		if err != nil {
			return permanent(err)
		}
		before := domain.NewDoc()
		var leaves map[string]any
		for _, r := range revs {
			if err := eventstore.NewDecoder(a.registry, tx).Apply(ctx, state, r); err != nil {
				return permanent(err)
			}
			u := &Update{Revision: r, Before: before, After: state.Document(), State: state, beforeLeaves: leaves}
			u.Erased, u.Personal = personalData(state)
			if err := fn(u); err != nil {
				return err
			}
			before, leaves = u.After, u.afterLeaves
		}
		return nil
	}
}
