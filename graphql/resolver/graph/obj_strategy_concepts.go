package graph

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/graph-gophers/dataloader/v7"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// Strategy.cooperationConcepts is answered from the event log, not from a
// projection, so that a concept created or re-linked a moment ago is
// there at once. The query finds every concept whose events ever named the
// strategy (created with it, updated to it, restored to it); the concepts'
// current states then decide which still belong to it. It scans the
// concept events (there is no index on data->>'strategyId'): fine for the
// network's few dozen concepts; the read side's projection (subjects.
// strategy_id) is the place to serve it from if that ever grows.
const conceptCandidatesQuery = `
	SELECT k.id, e.stream_id
	FROM unnest($1::uuid[]) AS k(id)
	JOIN events e ON e.stream_type = $2
		AND (e.data->>'strategyId' = k.id::text OR e.data->'content'->>'strategyId' = k.id::text)
	GROUP BY k.id, e.stream_id
	ORDER BY k.id, (SELECT f.position FROM events f WHERE f.stream_id = e.stream_id AND f.version = 1)`

func (l *Loaders) conceptCandidatesBatch(deps Deps) dataloader.BatchFunc[uuid.UUID, []uuid.UUID] {
	return func(ctx context.Context, strategyIDs []uuid.UUID) []*dataloader.Result[[]uuid.UUID] {
		l.batches.conceptCandidates.Add(1)
		found := map[uuid.UUID][]uuid.UUID{}
		rows, err := deps.Pool.Query(ctx, conceptCandidatesQuery, strategyIDs, string(domain.SubjectCooperationConcept))
		if err == nil {
			var strategyID, conceptID uuid.UUID
			_, err = pgx.ForEachRow(rows, []any{&strategyID, &conceptID}, func() error {
				found[strategyID] = append(found[strategyID], conceptID)
				return nil
			})
		}
		out := make([]*dataloader.Result[[]uuid.UUID], len(strategyIDs))
		for i, id := range strategyIDs {
			if err != nil {
				out[i] = &dataloader.Result[[]uuid.UUID]{Error: fmt.Errorf("concepts of strategy: %w", err)}
				continue
			}
			out[i] = &dataloader.Result[[]uuid.UUID]{Data: found[id]}
		}
		return out
	}
}

// CooperationConcepts are the concepts whose strategy is this one, oldest
// first.
func (s *StrategyResolver) CooperationConcepts(ctx context.Context) ([]*CooperationConceptResolver, error) {
	l := s.root.loaders(ctx)
	candidates, err := l.conceptCandidates.Load(ctx, s.s.ID)()
	if err != nil {
		return nil, Fail(err)
	}
	states, err := loadAll(ctx, l.concepts, candidates)
	if err != nil {
		return nil, Fail(err)
	}
	var mine []*cooperation.Concept
	for _, c := range states {
		if c.Content.StrategyID != nil && *c.Content.StrategyID == s.s.ID {
			mine = append(mine, c)
		}
	}
	s.root.PrefetchConcepts(ctx, SelectionOf(ctx), mine)
	out := make([]*CooperationConceptResolver, len(mine))
	for i, c := range mine {
		out[i] = s.root.NewConcept(c)
	}
	return out, nil
}
