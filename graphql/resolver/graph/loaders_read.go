package graph

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/graph-gophers/dataloader/v7"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// readLoaders batch what the read side looks up per item of a list: a
// strategy's progress figures (one dashboard query for a page of
// strategies) and a revision's stored events (one events query for a page
// of revisions). They live in the request's Loaders (Loaders.read), so
// they share its lifetime and its rule: never across requests.
type readLoaders struct {
	progress *batchLoader[uuid.UUID, *readmodel.StrategyProgress]
	events   *batchLoader[readmodel.RevisionKey, []storedEvent]

	progressBatches, eventBatches atomic.Int64
}

func newReadLoaders(deps Deps) *readLoaders {
	l := &readLoaders{}
	l.progress = newLoader(deps, l.progressBatch(deps))
	l.events = newLoader(deps, l.eventsBatch(deps))
	return l
}

// readLoaders returns the request's read loaders, or a throwaway set (see
// Resolver.Loaders).
func (r *Resolver) readLoaders(ctx context.Context) *readLoaders {
	return r.loaders(ctx).read
}

// progressBatch reads the figures of many strategies at once; a strategy
// the dashboard projection does not hold yet has none (nil).
func (l *readLoaders) progressBatch(deps Deps) dataloader.BatchFunc[uuid.UUID, *readmodel.StrategyProgress] {
	return func(ctx context.Context, ids []uuid.UUID) []*dataloader.Result[*readmodel.StrategyProgress] {
		l.progressBatches.Add(1)
		found, err := deps.Read.ProgressOf(ctx, ids)
		out := make([]*dataloader.Result[*readmodel.StrategyProgress], len(ids))
		for i := range ids {
			if err != nil {
				out[i] = &dataloader.Result[*readmodel.StrategyProgress]{Error: err}
				continue
			}
			out[i] = &dataloader.Result[*readmodel.StrategyProgress]{Data: found[i]}
		}
		return out
	}
}

// storedEvent is one row of the events table as EventRecord shows it.
type storedEvent struct {
	eventstore.Record
	At time.Time
}

// eventsQuery reads the events of many revisions through the
// (stream_id, version) index of each stream.
const eventsQuery = `
	SELECT e.stream_id, e.revision, e.position, e.event_id, e.version, e.event_type, e.schema_version, e.data, e.recorded_at, e.hash
	FROM events e
	JOIN unnest($1::uuid[], $2::int[]) AS k(stream_id, revision) USING (stream_id, revision)
	ORDER BY e.stream_id, e.version`

func (l *readLoaders) eventsBatch(deps Deps) dataloader.BatchFunc[readmodel.RevisionKey, []storedEvent] {
	return func(ctx context.Context, keys []readmodel.RevisionKey) []*dataloader.Result[[]storedEvent] {
		l.eventBatches.Add(1)
		streams := make([]uuid.UUID, len(keys))
		revisions := make([]int32, len(keys))
		for i, k := range keys {
			streams[i], revisions[i] = k.SubjectID, int32(k.Number)
		}
		found := map[readmodel.RevisionKey][]storedEvent{}
		rows, err := deps.Pool.Query(ctx, eventsQuery, streams, revisions)
		if err == nil {
			var (
				k        readmodel.RevisionKey
				revision int32
				e        storedEvent
			)
			_, err = pgx.ForEachRow(rows, []any{&k.SubjectID, &revision, &e.Position, &e.EventID, &e.Version, &e.Type,
				&e.SchemaVersion, &e.Data, &e.At, &e.Hash}, func() error {
				k.Number = int(revision)
				e.Data = append([]byte(nil), e.Data...)
				e.Hash = append([]byte(nil), e.Hash...)
				found[k] = append(found[k], e)
				return nil
			})
		}
		out := make([]*dataloader.Result[[]storedEvent], len(keys))
		for i, k := range keys {
			if err != nil {
				out[i] = &dataloader.Result[[]storedEvent]{Error: fmt.Errorf("events of revisions: %w", err)}
				continue
			}
			out[i] = &dataloader.Result[[]storedEvent]{Data: found[k]}
		}
		return out
	}
}
