package projections

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// recheckEvery bounds how long WaitFor relies on notifications alone (they
// can be missed while the Feed reconnects).
const recheckEvery = 250 * time.Millisecond

// WaitFor waits until every projection of the Feed includes the event at
// position (minPosition, read-your-writes), at most timeout. It returns
// false when the time ran out, and an error only when ctx ended or the
// database failed.
//
// Positions are assigned at insert, so a projection's highest applied
// position does not prove that an earlier one is in. WaitFor looks up the
// event's stream and revision instead and compares them with each
// projection's streams table, re-checking when a notice for that stream
// arrives.
func (f *Feed) WaitFor(ctx context.Context, position int64, timeout time.Duration) (bool, error) {
	if position <= 0 {
		return true, nil
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Subscribe before the first check: a notice cannot slip in between.
	sub := f.Subscribe(256)
	defer func() { sub.Close() }()
	ticker := time.NewTicker(recheckEvery)
	defer ticker.Stop()

	var stream uuid.UUID
	var revision int
	found := false
	for {
		var err error
		if !found {
			stream, revision, found, err = f.eventAt(waitCtx, position)
		}
		if err == nil && found {
			var done bool
			if done, err = f.includes(waitCtx, stream, revision); done {
				return true, nil
			}
		}
		if err != nil {
			return f.waitEnded(ctx, waitCtx, err)
		}
	wait:
		for {
			select {
			case <-waitCtx.Done():
				return f.waitEnded(ctx, waitCtx, nil)
			case <-ticker.C:
				break wait
			case n, ok := <-sub.C:
				if !ok {
					sub = f.Subscribe(256)
					break wait
				}
				if !found || n.Kind != Applied || (n.StreamID == stream && n.Revision >= revision) {
					break wait
				}
			}
		}
	}
}

func (f *Feed) waitEnded(ctx, waitCtx context.Context, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if waitCtx.Err() != nil {
		return false, nil // timed out
	}
	return false, err
}

func (f *Feed) eventAt(ctx context.Context, position int64) (uuid.UUID, int, bool, error) {
	var stream uuid.UUID
	var revision int
	err := f.pool.QueryRow(ctx, `SELECT stream_id, revision FROM events WHERE position = $1`, position).Scan(&stream, &revision)
	if errors.Is(err, pgx.ErrNoRows) {
		return stream, 0, false, nil
	}
	if err != nil {
		return stream, 0, false, fmt.Errorf("wait for position %d: %w", position, err)
	}
	return stream, revision, true, nil
}

// includes reports whether every projection applied revision of stream.
func (f *Feed) includes(ctx context.Context, stream uuid.UUID, revision int) (bool, error) {
	if len(f.projections) == 0 {
		return true, nil
	}
	parts := make([]string, len(f.projections))
	for i, p := range f.projections {
		parts[i] = `COALESCE((SELECT revision FROM ` + p.Schema() + `.streams WHERE stream_id = $1), 0) >= $2`
	}
	var ok bool
	if err := f.pool.QueryRow(ctx, `SELECT `+strings.Join(parts, " AND "), stream, revision).Scan(&ok); err != nil {
		return false, fmt.Errorf("wait for %s revision %d: %w", stream, revision, err)
	}
	return ok, nil
}
