package projections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// streamApplier applies revisions through the per-stream order guard: the
// one code path by which a revision reaches a projection's tables outside a
// bulk rebuild.
type streamApplier struct {
	registry     *domain.Registry
	newAggregate func(domain.SubjectType) (domain.Aggregate, error)
	// gapWait is how long a missing earlier revision is waited for (it may
	// still be committing) before the gap is treated as permanent.
	gapWait time.Duration
	now     func() time.Time
}

// target is where apply writes: the live schema (which takes the shared
// projection lock, notifies the Feed and clears errors) or a rebuild's.
type target struct {
	projection Projection
	schema     string
	live       bool
}

// apply brings the stream of rev up to rev.Revision in t's schema, filling
// any gap from the events table, and returns how many revisions it applied
// (0 for a duplicate).
func (a *streamApplier) apply(ctx context.Context, tx pgx.Tx, t target, rev eventstore.Revision) (int, error) {
	if t.live {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared($1)`, projectionLockKey(t.projection.Name())); err != nil {
			return 0, fmt.Errorf("projection lock: %w", err)
		}
	}
	var (
		applied    int
		storedType string
		stateJSON  []byte
	)
	err := tx.QueryRow(ctx, `SELECT revision, stream_type, state FROM `+t.schema+`.streams WHERE stream_id = $1 FOR UPDATE`,
		rev.StreamID).Scan(&applied, &storedType, &stateJSON)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("read stream %s: %w", rev.StreamID, err)
	}
	if rev.Revision <= applied {
		return 0, nil
	}
	if applied > 0 && domain.SubjectType(storedType) != rev.StreamType {
		return 0, permanent(fmt.Errorf("stream %s is a %s, revision %d says %s", rev.StreamID, storedType, rev.Revision, rev.StreamType))
	}
	revs := []eventstore.Revision{rev}
	if rev.Revision > applied+1 {
		missing, err := eventstore.ReadStreamFrom(ctx, tx, rev.StreamID, applied, rev.Revision-1)
		if err != nil {
			return 0, err
		}
		if err := a.checkGap(rev, applied, missing); err != nil {
			return 0, err
		}
		revs = append(missing, rev)
	}

	state, err := a.newAggregate(rev.StreamType)
	if err != nil {
		return 0, permanent(fmt.Errorf("stream %s: %w", rev.StreamID, err))
	}
	before := domain.NewDoc()
	var beforeJSON []byte
	if applied > 0 {
		if err := json.Unmarshal(stateJSON, state); err != nil {
			return 0, permanent(fmt.Errorf("decode state of %s: %w", rev.StreamID, err))
		}
		before, beforeJSON = state.Document(), stateJSON
	}
	w := NewWriter(tx, t.schema)
	var leaves map[string]any
	for _, r := range revs {
		if err := eventstore.ApplyRevision(a.registry, state, r); err != nil {
			return 0, permanent(err)
		}
		after := state.Document()
		afterJSON, err := json.Marshal(state)
		if err != nil {
			return 0, permanent(fmt.Errorf("encode state of %s: %w", r.StreamID, err))
		}
		u := &Update{Revision: r, Before: before, After: after, State: state,
			StateJSON: afterJSON, BeforeJSON: beforeJSON, beforeLeaves: leaves,
			Replay: a.replayer(tx, w, r)}
		if err := t.projection.Apply(ctx, w, u); err != nil {
			return 0, err
		}
		if t.live {
			w.Queue(`SELECT pg_notify($1, $2)`, NotifyChannel,
				Notice{Kind: Applied, Projection: t.projection.Name(), StreamID: r.StreamID, Revision: r.Revision, Position: r.Position()}.encode())
		}
		before, beforeJSON, leaves = after, afterJSON, u.afterLeaves
	}
	last := revs[len(revs)-1]
	w.Queue(`INSERT INTO {schema}.streams (stream_id, stream_type, revision, position, state, applied_at)
		VALUES ($1, $2, $3, $4, $5, now())
		ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, position = excluded.position,
			state = excluded.state, applied_at = excluded.applied_at`,
		last.StreamID, string(last.StreamType), last.Revision, last.Position(), beforeJSON) // the last revision's after
	if t.live {
		w.Queue(`DELETE FROM projection_errors WHERE projection = $1 AND stream_id = $2 AND revision <= $3`,
			t.projection.Name(), last.StreamID, last.Revision)
	}
	if err := w.Flush(ctx); err != nil {
		return 0, err
	}
	return len(revs), nil
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
func (a *streamApplier) replayer(tx pgx.Tx, w *Writer, rev eventstore.Revision) func(context.Context, func(*Update) error) error {
	return func(ctx context.Context, fn func(*Update) error) error {
		if err := w.Flush(ctx); err != nil {
			return err
		}
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
			if err := eventstore.ApplyRevision(a.registry, state, r); err != nil {
				return permanent(err)
			}
			u := &Update{Revision: r, Before: before, After: state.Document(), State: state, beforeLeaves: leaves}
			if err := fn(u); err != nil {
				return err
			}
			before, leaves = u.After, u.afterLeaves
		}
		return nil
	}
}
