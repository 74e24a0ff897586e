package projections

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

type replayStats struct {
	streams, revisions, events int
}

// replayStream is the one stream a rebuild is walking through: the log is
// read stream by stream, so only its state is held in memory.
type replayStream struct {
	id       uuid.UUID
	typ      domain.SubjectType
	state    domain.Aggregate
	doc      domain.Doc
	leaves   map[string]any
	revision int
	last     eventstore.Revision
}

// replay feeds the whole log to the projection's rebuild sink and writes
// its rows (and the streams table) into schema tmp.
func (r *Runner) replay(ctx context.Context, conn *pgxpool.Conn, p Projection, tmp string) (replayStats, error) {
	var (
		stats   replayStats
		sink    = p.NewRebuild()
		cursor  eventstore.Cursor
		cur     *replayStream
		streams [][]any
		pending int
		decoder = eventstore.NewDecoder(r.cfg.Registry, conn)
	)
	appliedAt := time.Now()
	withState := keepsState(p)
	columns := streamColumns
	if withState {
		columns = append(slices.Clip(streamColumns), "state")
	}
	endStream := func() error {
		if cur == nil {
			return nil
		}
		row := []any{cur.id, string(cur.typ), cur.revision, cur.last.Position(), appliedAt}
		if withState {
			state, err := json.Marshal(cur.state)
			if err != nil {
				return fmt.Errorf("encode state of %s: %w", cur.id, err)
			}
			row = append(row, state)
		}
		streams = append(streams, row)
		stats.streams++
		return sink.EndStream(&StreamEnd{Type: cur.typ, Revision: cur.last, State: cur.state, Doc: cur.doc})
	}
	flush := func(final bool) error {
		_, err := inTx(ctx, conn, func(tx pgx.Tx) (int, error) {
			// The rebuilt schema is invisible until the swap, which commits
			// synchronously: losing these commits in a crash loses nothing.
			if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
				return 0, err
			}
			w := NewWriter(tx, tmp)
			if err := w.CopyFrom(ctx, "streams", columns, streams); err != nil {
				return 0, err
			}
			if err := sink.Flush(ctx, w, final); err != nil {
				return 0, err
			}
			return 0, w.Flush(ctx)
		})
		streams, pending = streams[:0], 0
		return err
	}
	for {
		revs, next, err := eventstore.ReadAll(ctx, conn, cursor, r.cfg.RebuildPage)
		if err != nil {
			return stats, err
		}
		if len(revs) == 0 {
			break
		}
		for _, rev := range revs {
			if cur == nil || rev.StreamID != cur.id {
				if err := endStream(); err != nil {
					return stats, err
				}
				state, err := r.cfg.NewAggregate(rev.StreamType)
				if err != nil {
					return stats, fmt.Errorf("stream %s: %w", rev.StreamID, err)
				}
				cur = &replayStream{id: rev.StreamID, typ: rev.StreamType, state: state, doc: domain.NewDoc()}
			}
			if rev.Revision != cur.revision+1 {
				return stats, fmt.Errorf("stream %s: revision %d follows %d in the log", rev.StreamID, rev.Revision, cur.revision)
			}
			if err := decoder.Apply(ctx, cur.state, rev); err != nil {
				return stats, err
			}
			u := &Update{Revision: rev, Before: cur.doc, After: cur.state.Document(), State: cur.state, beforeLeaves: cur.leaves}
			u.Erased, u.Personal = personalData(cur.state)
			if err := sink.Add(u); err != nil {
				return stats, fmt.Errorf("stream %s revision %d: %w", rev.StreamID, rev.Revision, err)
			}
			cur.doc, cur.leaves, cur.revision, cur.last = u.After, u.afterLeaves, rev.Revision, rev
			stats.revisions++
			stats.events += len(rev.Events)
			pending += len(rev.Events)
		}
		cursor = next
		if pending >= r.cfg.RebuildFlush {
			if err := flush(false); err != nil {
				return stats, err
			}
		}
	}
	if err := endStream(); err != nil {
		return stats, err
	}
	return stats, flush(true)
}

var streamColumns = []string{"stream_id", "stream_type", "revision", "position", "applied_at"}
