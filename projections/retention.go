package projections

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PruneDeliveryLog deletes rows of the outbox topic table
// (watermill_events) that every consumer group has passed, in batches of
// batch rows (default 10,000) so that no delete holds a transaction (and
// with it the delivery horizon of every group) for long. groups are the
// consumer groups that must have passed a row (the projections' names): a
// group without an offsets row yet has passed nothing, so nothing is
// pruned. Every other group in watermill_offsets_events counts too, so a
// group that is no longer consumed must have its offsets row deleted.
// Rows a running rebuild will catch up from are kept. The events table is
// never pruned.
func PruneDeliveryLog(ctx context.Context, pool *pgxpool.Pool, groups []string, batch int) (int64, error) {
	if batch <= 0 {
		batch = 10_000
	}
	var total int64
	for {
		n, err := pruneBatch(ctx, pool, groups, batch)
		total += n
		if err != nil || n < int64(batch) {
			return total, err
		}
	}
}

func pruneBatch(ctx context.Context, pool *pgxpool.Pool, groups []string, batch int) (int64, error) {
	var deleted int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, retentionLockKey); err != nil {
			return err
		}
		var missing bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM unnest($1::text[]) g
			WHERE g NOT IN (SELECT consumer_group FROM watermill_offsets_events))`, groups).Scan(&missing); err != nil {
			return err
		}
		if missing {
			return nil
		}
		// A group at (T, O) has processed every row before T and the rows
		// of T up to offset O.
		tag, err := tx.Exec(ctx, `
			WITH slowest AS (
				SELECT last_processed_transaction_id AS txid, offset_acked AS off
				FROM watermill_offsets_events
				ORDER BY last_processed_transaction_id, offset_acked LIMIT 1
			), horizon AS (
				SELECT min(rebuild_xmin) AS xmin FROM projection_status WHERE rebuilding
			)
			DELETE FROM watermill_events w
			WHERE (w.transaction_id, w."offset") IN (
				SELECT e.transaction_id, e."offset" FROM watermill_events e, slowest s, horizon h
				WHERE (e.transaction_id < s.txid OR (e.transaction_id = s.txid AND e."offset" <= s.off))
				  AND (h.xmin IS NULL OR e.transaction_id < h.xmin)
				ORDER BY e.transaction_id, e."offset"
				LIMIT $1)`, batch)
		if err != nil {
			return err
		}
		deleted = tag.RowsAffected()
		return nil
	})
	if err != nil {
		return deleted, fmt.Errorf("prune delivery log: %w", err)
	}
	return deleted, nil
}

// RunRetention prunes the delivery log every interval (default 1m) until
// ctx ends; failures are logged and retried at the next tick.
func RunRetention(ctx context.Context, pool *pgxpool.Pool, groups []string, interval time.Duration, logger *slog.Logger) {
	if interval <= 0 {
		interval = time.Minute
	}
	if logger == nil {
		logger = slog.Default()
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		n, err := PruneDeliveryLog(ctx, pool, groups, 0)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Warn("projections: pruning the delivery log failed", "error", err)
		case n > 0:
			logger.Debug("projections: pruned the delivery log", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Groups returns the consumer groups of projections (their names), as
// PruneDeliveryLog wants them.
func Groups(projections []Projection) []string {
	groups := make([]string, len(projections))
	for i, p := range projections {
		groups[i] = p.Name()
	}
	return groups
}
