package projections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SystemStatus is the event log's head and how far each projection got:
// the figures of GraphQL's systemStatus and of the Prometheus gauges.
type SystemStatus struct {
	HeadPosition int64
	Projections  []ProjectionStatus
}

// ProjectionStatus describes one projection.
type ProjectionStatus struct {
	Name string
	// Position is the highest log position the projection has applied.
	Position int64
	// Lag counts events after Position, capped at MaxLag, plus the events
	// of held-back streams (a poisoned revision or a gap: see Error) that
	// lie below it. An event below Position that committed late and is not
	// applied yet (for the few milliseconds that takes) is not counted.
	Lag        int64
	Rebuilding bool
	// RebuildError is why the last rebuild failed, "" after a success.
	RebuildError string
	// Error describes the oldest revision held back because it was
	// poisoned; FailedStreams counts the streams held back.
	Error         string
	FailedStreams int
	// UpdatedAt is when the revision at Position was applied; nil before
	// anything was.
	UpdatedAt *time.Time
}

// MaxLag caps the lag count, so that status stays cheap when a projection
// is far behind (e.g. never run before a rebuild).
const MaxLag = 1_000_000

// ReadStatus reads the status of the given projections.
func ReadStatus(ctx context.Context, pool *pgxpool.Pool, projections []Projection) (SystemStatus, error) {
	var st SystemStatus
	if err := pool.QueryRow(ctx, `SELECT COALESCE(MAX(position), 0) FROM events`).Scan(&st.HeadPosition); err != nil {
		return st, fmt.Errorf("status: head: %w", err)
	}
	for _, p := range projections {
		ps, err := readProjectionStatus(ctx, pool, p)
		if err != nil {
			return st, fmt.Errorf("status of %s: %w", p.Name(), err)
		}
		st.Projections = append(st.Projections, ps)
	}
	return st, nil
}

func readProjectionStatus(ctx context.Context, pool *pgxpool.Pool, p Projection) (ProjectionStatus, error) {
	ps := ProjectionStatus{Name: p.Name()}
	var at time.Time
	err := pool.QueryRow(ctx, `SELECT position, applied_at FROM `+p.Schema()+`.streams ORDER BY position DESC LIMIT 1`).
		Scan(&ps.Position, &at)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return ps, err
	default:
		ps.UpdatedAt = &at
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM events WHERE position > $1 LIMIT $2) AS pending`,
		ps.Position, MaxLag).Scan(&ps.Lag); err != nil {
		return ps, err
	}
	err = pool.QueryRow(ctx, `SELECT rebuilding, COALESCE(rebuild_error, '') FROM projection_status WHERE name = $1`,
		p.Name()).Scan(&ps.Rebuilding, &ps.RebuildError)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return ps, err
	}
	var first *string
	err = pool.QueryRow(ctx, `
		SELECT count(*), (array_agg(format('stream %s revision %s (position %s): %s', stream_id, revision, position, message)
			ORDER BY at, stream_id))[1]
		FROM projection_errors WHERE projection = $1`, p.Name()).Scan(&ps.FailedStreams, &first)
	if err != nil {
		return ps, err
	}
	if first != nil {
		ps.Error = *first
	}
	if ps.FailedStreams > 0 {
		// Streams held back stop at their failed revision while the
		// projection's position moves on past their later events.
		var held int64
		err = pool.QueryRow(ctx, `
			SELECT COALESCE(sum(n), 0) FROM projection_errors pe
			CROSS JOIN LATERAL (
				SELECT count(*) AS n FROM events e
				WHERE e.stream_id = pe.stream_id AND e.position <= $2
				  AND e.revision > COALESCE((SELECT revision FROM `+p.Schema()+`.streams s WHERE s.stream_id = pe.stream_id), 0)
			) pending
			WHERE pe.projection = $1`, p.Name(), ps.Position).Scan(&held)
		if err != nil {
			return ps, err
		}
		ps.Lag = min(ps.Lag+held, MaxLag)
	}
	return ps, nil
}
