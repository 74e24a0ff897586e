package integrity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Verification is a recorded run of Verify.
type Verification struct {
	StartedAt, FinishedAt        time.Time
	OK                           bool
	Events, Streams, Checkpoints int64
	Problems                     int
	// FirstProblem describes the first problem found; empty when OK.
	FirstProblem string
}

// Record stores the result of a verification, so that the API can show
// the last one.
func Record(ctx context.Context, q querier, started, finished time.Time, r *Report) error {
	var first *string
	if len(r.Problems) > 0 {
		s := r.Problems[0].String()
		first = &s
	}
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO verifications (started_at, finished_at, ok, events, streams, checkpoints, problems, first_problem)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		started, finished, r.OK(), r.Events, r.Streams, r.Checkpoints, len(r.Problems), first).Scan(&id)
	if err != nil {
		return fmt.Errorf("record verification: %w", err)
	}
	return nil
}

// LastVerification returns the latest recorded verification, nil when
// none was recorded.
func LastVerification(ctx context.Context, q querier) (*Verification, error) {
	var v Verification
	var first *string
	err := q.QueryRow(ctx, `
		SELECT started_at, finished_at, ok, events, streams, checkpoints, problems, first_problem
		FROM verifications ORDER BY id DESC LIMIT 1`).
		Scan(&v.StartedAt, &v.FinishedAt, &v.OK, &v.Events, &v.Streams, &v.Checkpoints, &v.Problems, &first)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last verification: %w", err)
	}
	if first != nil {
		v.FirstProblem = *first
	}
	return &v, nil
}
