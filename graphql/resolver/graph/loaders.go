package graph

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/graph-gophers/dataloader/v7"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
)

// Loaders batch and cache, for one request, what resolvers look up by id:
// documents (through app.Load), when and by whom a document was created and
// last updated (one query on the events table), and actors (one query
// through auth.Users.Actors).
//
// Batching needs the keys to arrive together, and graphql-go resolves at
// most MaxParallelism fields at a time, each blocking on its own load. So
// the fields that return lists register the loads their items will need
// before any item resolves (see prefetch.go); the first item that needs a
// value sends them all as one batch, and the others find their values in
// it. No loader waits on a timer (batchloader.go).
//
// A cache per request is what keeps it correct: a later request sees later
// revisions. Mutations prime the cache with the state they produced, so
// that a second mutation in the same request does not see an older one.
type Loaders struct {
	organisations *batchLoader[uuid.UUID, *network.Organisation]
	locations     *batchLoader[uuid.UUID, *network.Location]
	strategies    *batchLoader[uuid.UUID, *strategy.Strategy]
	concepts      *batchLoader[uuid.UUID, *cooperation.Concept]
	meta          *batchLoader[metaKey, streamMeta]
	actors        *batchLoader[uuid.UUID, auth.ActorInfo]
	// conceptCandidates maps a strategy to the concepts that ever named it
	// (see obj_strategy_concepts.go).
	conceptCandidates *batchLoader[uuid.UUID, []uuid.UUID]
	// read holds the read side's loaders (read_loaders.go).
	read *readLoaders
	// ownWrites waits once per request for the caller's own latest
	// command (position.go).
	ownWrites ownWritesWait

	// Set by prefetch when actors (or their organisations) are selected:
	// the meta batch then registers the actors it found, and the actor
	// batch their organisations, so that chained lookups batch too.
	wantActors             atomic.Bool
	wantActorOrganisations atomic.Bool

	// batches counts batch calls per loader, for tests and debugging.
	batches loaderBatches
}

type loaderBatches struct {
	organisations, locations, strategies, concepts, meta, actors, conceptCandidates atomic.Int64
}

type loadersKey struct{}

// WithLoaders returns a context with a fresh set of loaders for one
// request. Middleware calls it for every HTTP request; call it yourself when
// executing the schema otherwise (tests, batch jobs). Never share one set
// between requests: its cache would serve old revisions.
func WithLoaders(ctx context.Context, deps Deps) context.Context {
	deps.setDefaults()
	return context.WithValue(ctx, loadersKey{}, newLoaders(deps))
}

// loaders returns the request's loaders; without any (no Middleware, or a
// WebSocket connection) it returns a throwaway set: correct, but only the
// loads of one resolver call batch together.
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return newLoaders(r.Deps)
}

func newLoaders(deps Deps) *Loaders {
	l := &Loaders{}
	l.organisations = newLoader(deps, subjectBatch(deps, app.Organisations, &l.batches.organisations))
	l.locations = newLoader(deps, subjectBatch(deps, app.Locations, &l.batches.locations))
	l.strategies = newLoader(deps, subjectBatch(deps, app.Strategies, &l.batches.strategies))
	l.concepts = newLoader(deps, subjectBatch(deps, app.Concepts, &l.batches.concepts))
	l.meta = newLoader(deps, l.metaBatch(deps))
	l.actors = newLoader(deps, l.actorBatch(deps))
	l.conceptCandidates = newLoader(deps, l.conceptCandidatesBatch(deps))
	l.read = newReadLoaders(deps)
	return l
}

func newLoader[K comparable, V any](_ Deps, batch dataloader.BatchFunc[K, V]) *batchLoader[K, V] {
	// A batch of documents is bounded by what one response can hold; the
	// cap only keeps one batch query reasonable.
	return newBatchLoader(batch, 500)
}

// loadConcurrency bounds the parallel app.Load calls of one batch: a
// fraction of the pool, so that one request cannot take all connections.
const loadConcurrency = 4

// subjectBatch loads documents with app.Load, the same way mutations do,
// so that snapshots are shared and personal data is decrypted or redacted
// by the event store. app.Load reads one stream at a time; the batch runs
// a few in parallel.
func subjectBatch[S domain.Aggregate](deps Deps, kind eventstore.StreamKind[S], calls *atomic.Int64) dataloader.BatchFunc[uuid.UUID, S] {
	return func(ctx context.Context, ids []uuid.UUID) []*dataloader.Result[S] {
		calls.Add(1)
		out := make([]*dataloader.Result[S], len(ids))
		sem := make(chan struct{}, loadConcurrency)
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				loaded, err := app.Load(ctx, deps.App, kind, id, 0)
				if err != nil {
					out[i] = &dataloader.Result[S]{Error: fmt.Errorf("load %s %s: %w", kind.Type, id, err)}
					return
				}
				out[i] = &dataloader.Result[S]{Data: loaded.State}
			}()
		}
		wg.Wait()
		return out
	}
}

// metaKey names a document at a revision (0: the latest), so that a
// payload of a replayed command shows updatedAt of that revision.
type metaKey struct {
	ID       uuid.UUID
	Revision int
}

// streamMeta is when and by whom a document was created and last updated
// (as of a revision): the recorded_at and actor_id of its first and last
// event.
type streamMeta struct {
	CreatedAt time.Time
	CreatedBy uuid.UUID
	UpdatedAt time.Time
	UpdatedBy uuid.UUID
}

// metaQuery reads two rows per document through the events_stream_version
// index, whatever the length of the history.
const metaQuery = `
	SELECT k.id, k.rev, f.recorded_at, f.actor_id, l.recorded_at, l.actor_id
	FROM unnest($1::uuid[], $2::int[]) AS k(id, rev)
	CROSS JOIN LATERAL (
		SELECT recorded_at, actor_id FROM events
		WHERE stream_id = k.id ORDER BY version LIMIT 1) f
	CROSS JOIN LATERAL (
		SELECT recorded_at, actor_id FROM events
		WHERE stream_id = k.id AND (k.rev = 0 OR revision <= k.rev) ORDER BY version DESC LIMIT 1) l`

func (l *Loaders) metaBatch(deps Deps) dataloader.BatchFunc[metaKey, streamMeta] {
	return func(ctx context.Context, keys []metaKey) []*dataloader.Result[streamMeta] {
		l.batches.meta.Add(1)
		ids := make([]uuid.UUID, len(keys))
		revs := make([]int32, len(keys))
		for i, k := range keys {
			ids[i], revs[i] = k.ID, int32(k.Revision)
		}
		found := make(map[metaKey]streamMeta, len(keys))
		rows, err := deps.Pool.Query(ctx, metaQuery, ids, revs)
		if err == nil {
			var (
				k   metaKey
				rev int32
				m   streamMeta
			)
			_, err = pgx.ForEachRow(rows, []any{&k.ID, &rev, &m.CreatedAt, &m.CreatedBy, &m.UpdatedAt, &m.UpdatedBy}, func() error {
				k.Revision = int(rev)
				found[k] = m
				return nil
			})
		}
		out := make([]*dataloader.Result[streamMeta], len(keys))
		for i, k := range keys {
			m, ok := found[k]
			switch {
			case err != nil:
				out[i] = &dataloader.Result[streamMeta]{Error: fmt.Errorf("document metadata: %w", err)}
			case !ok:
				out[i] = &dataloader.Result[streamMeta]{Error: domain.NotFound("document")}
			default:
				out[i] = &dataloader.Result[streamMeta]{Data: m}
				if l.wantActors.Load() {
					l.actors.Load(ctx, m.CreatedBy)
					l.actors.Load(ctx, m.UpdatedBy)
				}
			}
		}
		return out
	}
}

func (l *Loaders) actorBatch(deps Deps) dataloader.BatchFunc[uuid.UUID, auth.ActorInfo] {
	return func(ctx context.Context, ids []uuid.UUID) []*dataloader.Result[auth.ActorInfo] {
		l.batches.actors.Add(1)
		found, err := deps.Users.Actors(ctx, ids)
		out := make([]*dataloader.Result[auth.ActorInfo], len(ids))
		for i, id := range ids {
			if err != nil {
				out[i] = &dataloader.Result[auth.ActorInfo]{Error: err}
				continue
			}
			info := found[id]
			out[i] = &dataloader.Result[auth.ActorInfo]{Data: info}
			if l.wantActorOrganisations.Load() && info.OrganisationID != uuid.Nil {
				l.organisations.Load(ctx, info.OrganisationID)
			}
		}
		return out
	}
}

// loadAll registers every key before waiting for any, so that they share
// one batch.
func loadAll[K comparable, V any](ctx context.Context, loader *batchLoader[K, V], keys []K) ([]V, error) {
	thunks := make([]dataloader.Thunk[V], len(keys))
	for i, k := range keys {
		thunks[i] = loader.Load(ctx, k)
	}
	out := make([]V, len(keys))
	for i, thunk := range thunks {
		v, err := thunk()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// prime replaces what the cache holds for id with the state a mutation
// produced.
func prime[V any](ctx context.Context, loader *batchLoader[uuid.UUID, V], id uuid.UUID, state V) {
	loader.Clear(ctx, id)
	loader.Prime(ctx, id, state)
}

// PrimeState puts the state a command produced into the request's loaders,
// so that later fields and mutations of the request do not see an older
// one.
func (r *Resolver) PrimeState(ctx context.Context, id uuid.UUID, state domain.Aggregate) {
	l := r.loaders(ctx)
	switch s := state.(type) {
	case *strategy.Strategy:
		prime(ctx, l.strategies, id, s)
	case *cooperation.Concept:
		prime(ctx, l.concepts, id, s)
	case *network.Organisation:
		prime(ctx, l.organisations, id, s)
	case *network.Location:
		prime(ctx, l.locations, id, s)
	}
}

// OrganisationStates loads organisations through the request's loaders,
// each id once; an id that names none fails.
func (r *Resolver) OrganisationStates(ctx context.Context, ids []uuid.UUID) ([]*network.Organisation, error) {
	return loadAll(ctx, r.loaders(ctx).organisations, Distinct(ids))
}

// LocationStates loads locations like organisationStates.
func (r *Resolver) LocationStates(ctx context.Context, ids []uuid.UUID) ([]*network.Location, error) {
	return loadAll(ctx, r.loaders(ctx).locations, Distinct(ids))
}
