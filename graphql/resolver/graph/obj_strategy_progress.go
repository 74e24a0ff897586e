package graph

import (
	"context"

	"github.com/creativeclusters/planner/projections/readmodel"
)

// A strategy's implementation figures come from the dashboard projection;
// the dashboard lists them too (Dashboard.strategies).

// StrategyProgressResolver renders one strategy's implementation figures.
type StrategyProgressResolver struct {
	root *Resolver
	p    *readmodel.StrategyProgress
}

func (p *StrategyProgressResolver) Strategy(ctx context.Context) (*StrategyResolver, error) {
	return p.root.strategy(ctx, p.p.StrategyID)
}

func (p *StrategyProgressResolver) Objectives() int32        { return int32(p.p.Objectives) }
func (p *StrategyProgressResolver) Measures() int32          { return int32(p.p.Measures) }
func (p *StrategyProgressResolver) Indicators() int32        { return int32(p.p.Indicators) }
func (p *StrategyProgressResolver) IndicatorsOnTrack() int32 { return int32(p.p.IndicatorsOnTrack) }
func (p *StrategyProgressResolver) MilestonesOverdue() int32 { return int32(p.p.MilestonesOverdue) }
func (p *StrategyProgressResolver) Completion() float64      { return p.p.Completion }

func (p *StrategyProgressResolver) MeasuresByStatus() []*MeasureStatusCountResolver {
	out := make([]*MeasureStatusCountResolver, len(p.p.MeasuresByStatus))
	for i, c := range p.p.MeasuresByStatus {
		out[i] = &MeasureStatusCountResolver{c: c}
	}
	return out
}

// Progress is the strategy's figures from the dashboard projection, null
// while the projection does not hold the strategy (not projected yet,
// being rebuilt) or cannot be read.
func (s *StrategyResolver) Progress(ctx context.Context) (*StrategyProgressResolver, error) {
	if _, err := Viewer(ctx); err != nil {
		return nil, err
	}
	p, err := s.root.readLoaders(ctx).progress.Load(ctx, s.s.ID)()
	if err != nil {
		s.root.Deps.Logger.WarnContext(ctx, "strategy progress unavailable", "strategy", s.s.ID, "error", err)
		return nil, nil
	}
	if p == nil {
		return nil, nil
	}
	return &StrategyProgressResolver{root: s.root, p: p}, nil
}

type MeasureStatusCountResolver struct{ c readmodel.StatusCount }

func (c *MeasureStatusCountResolver) Status() string { return c.c.Status }
func (c *MeasureStatusCountResolver) Count() int32   { return int32(c.c.Count) }

func (r *Resolver) NewStrategyProgress(p *readmodel.StrategyProgress) *StrategyProgressResolver {
	return &StrategyProgressResolver{root: r, p: p}
}
