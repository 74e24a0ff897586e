package read

import (
	"context"
	"math"
	"strconv"

	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections"
)

// SystemStatusResolver is the event log's head and how far each projection
// has caught up (the figures the Prometheus gauges show too).
type SystemStatusResolver struct {
	st projections.SystemStatus
}

func (r *Queries) SystemStatus(ctx context.Context) (*SystemStatusResolver, error) {
	if _, err := graph.Viewer(ctx); err != nil {
		return nil, err
	}
	st, err := projections.ReadStatus(ctx, r.Deps.Pool, r.Deps.Projections)
	if err != nil {
		return nil, graph.Fail(err)
	}
	return &SystemStatusResolver{st: st}, nil
}

func (s *SystemStatusResolver) HeadPosition() string {
	return strconv.FormatInt(s.st.HeadPosition, 10)
}

func (s *SystemStatusResolver) Projections() []*ProjectionStatusResolver {
	out := make([]*ProjectionStatusResolver, len(s.st.Projections))
	for i, p := range s.st.Projections {
		out[i] = &ProjectionStatusResolver{p: p}
	}
	return out
}

// ProjectionStatusResolver describes one projection.
type ProjectionStatusResolver struct {
	p projections.ProjectionStatus
}

func (p *ProjectionStatusResolver) Name() string     { return p.p.Name }
func (p *ProjectionStatusResolver) Position() string { return strconv.FormatInt(p.p.Position, 10) }
func (p *ProjectionStatusResolver) Lag() int32       { return int32(min(p.p.Lag, math.MaxInt32)) }
func (p *ProjectionStatusResolver) Rebuilding() bool { return p.p.Rebuilding }

// Error names the revision held back because the projection cannot apply
// it; null while nothing is.
func (p *ProjectionStatusResolver) Error() *string { return graph.Optional(p.p.Error) }

func (p *ProjectionStatusResolver) UpdatedAt() *graph.DateTime {
	if p.p.UpdatedAt == nil {
		return nil
	}
	return new(graph.NewDateTime(*p.p.UpdatedAt))
}
