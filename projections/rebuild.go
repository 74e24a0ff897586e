package projections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Rebuild replays the whole event log into fresh copies of the named
// projection's tables and swaps them in atomically; "" rebuilds every
// projection, one after the other. Queries keep being served from the old
// tables until the swap, and the live handler keeps applying to them.
//
//  1. Mark the projection rebuilding and record the transaction horizon
//     (xmin) from which it will catch up; retention keeps outbox rows from
//     there on.
//  2. Create <schema>_rebuild with the live tables' columns and checks (from
//     the catalog, so it follows every migration), without indexes.
//  3. Replay the log stream by stream in memory and write the rows in bulk
//     (COPY), then build the indexes.
//  4. Catch up on revisions committed meanwhile: every stream that has an
//     outbox row from a transaction at or after the horizon.
//  5. In one transaction, under the projection's lock taken exclusively
//     (live handlers take it shared): catch up once more from a horizon
//     taken before step 4, rename the schemas, drop the old one.
//
// The rebuilt projection equals what incremental projection produced:
// the sinks compute the same rows, and steps 4-5 use the live code path.
func (r *Runner) Rebuild(ctx context.Context, name string) error {
	if name == "" {
		for _, p := range r.cfg.Projections {
			if err := r.rebuild(ctx, p); err != nil {
				return err
			}
		}
		return nil
	}
	p, ok := r.projection(name)
	if !ok {
		return fmt.Errorf("projections: unknown projection %q", name)
	}
	return r.rebuild(ctx, p)
}

func (r *Runner) rebuild(ctx context.Context, p Projection) (err error) {
	started := time.Now()
	conn, err := r.cfg.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, rebuildLockKey(p.Name())).Scan(&locked); err != nil {
		return fmt.Errorf("rebuild %s: %w", p.Name(), err)
	}
	if !locked {
		return fmt.Errorf("rebuild %s: %w", p.Name(), ErrRebuildRunning)
	}
	defer func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, rebuildLockKey(p.Name())); err != nil {
			// Never hand a connection holding the lock back to the pool.
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()

	horizon, err := beginRebuild(ctx, conn, p)
	if err != nil {
		return fmt.Errorf("rebuild %s: %w", p.Name(), err)
	}
	tmp := p.Schema() + "_rebuild"
	defer func() {
		if err != nil {
			err = fmt.Errorf("rebuild %s: %w", p.Name(), err)
			abortRebuild(context.WithoutCancel(ctx), conn, p, tmp, err)
		}
	}()
	if err := createRebuildTables(ctx, conn, p.Schema(), tmp); err != nil {
		return err
	}
	stats, err := r.replay(ctx, conn, p, tmp)
	if err != nil {
		return err
	}
	if err := createRebuildIndexes(ctx, conn, p.Schema(), tmp); err != nil {
		return err
	}
	replayed := time.Since(started)

	next, err := currentHorizon(ctx, conn)
	if err != nil {
		return err
	}
	caughtUp, err := inTx(ctx, conn, func(tx pgx.Tx) (int, error) { return r.catchUp(ctx, tx, p, tmp, horizon) })
	if err != nil {
		return err
	}
	final, err := r.swapRetrying(ctx, conn, p, tmp, next)
	if err != nil {
		return err
	}
	r.cfg.Logger.Info("projection rebuilt", "projection", p.Name(), "streams", stats.streams, "revisions", stats.revisions,
		"events", stats.events, "replay", replayed.Round(time.Millisecond),
		"events_per_second", int(float64(stats.events)/replayed.Seconds()),
		"caught_up", caughtUp+final, "total", time.Since(started).Round(time.Millisecond))
	return nil
}

// swapRetrying runs the swap in a transaction of its own, again when
// PostgreSQL chose it as a deadlock's victim: its DDL needs every lock on
// the old tables, and a transaction that holds one of them may wait for
// the projection lock the swap holds (seen under load: a live handler
// waiting for its shared projection lock while holding a table of the
// projection). The swap is all or nothing, so running it again is safe;
// the other transaction has proceeded meanwhile.
func (r *Runner) swapRetrying(ctx context.Context, conn *pgxpool.Conn, p Projection, tmp, horizon string) (int, error) {
	for attempt := 1; ; attempt++ {
		n, err := inTx(ctx, conn, func(tx pgx.Tx) (int, error) { return r.swap(ctx, tx, p, tmp, horizon) })
		var pgErr *pgconn.PgError
		if err == nil || attempt == 5 || !errors.As(err, &pgErr) || pgErr.Code != "40P01" {
			return n, err
		}
		r.cfg.Logger.Warn("projections: the rebuild's swap was a deadlock's victim; swapping again", "projection", p.Name(), "attempt", attempt)
	}
}

// swap catches up on what committed since horizon and renames the rebuilt
// schema into place, holding the projection's lock exclusively: no live
// handler can be between reading and writing the old tables.
func (r *Runner) swap(ctx context.Context, tx pgx.Tx, p Projection, tmp, horizon string) (int, error) {
	// Dropping the old tables waits for queries still reading them; do not
	// wait forever.
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '60s'`); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, projectionLockKey(p.Name())); err != nil {
		return 0, err
	}
	n, err := r.catchUp(ctx, tx, p, tmp, horizon)
	if err != nil {
		return 0, err
	}
	live, old := p.Schema(), p.Schema()+"_old"
	for _, stmt := range []string{
		`DROP SCHEMA IF EXISTS ` + old + ` CASCADE`,
		`ALTER SCHEMA ` + live + ` RENAME TO ` + old,
		`ALTER SCHEMA ` + tmp + ` RENAME TO ` + live,
		`DROP SCHEMA ` + old + ` CASCADE`,
	} {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return 0, fmt.Errorf("swap: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM projection_errors e USING `+live+`.streams s
		WHERE e.projection = $1 AND s.stream_id = e.stream_id AND s.revision >= e.revision`, p.Name()); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE projection_status SET rebuilding = false, rebuild_xmin = NULL,
		rebuilt_at = now(), rebuild_error = NULL WHERE name = $1`, p.Name()); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, NotifyChannel, Notice{Kind: Rebuilt, Projection: p.Name()}.encode())
	return n, err
}

// catchUp applies, through the live code path, every revision of every
// stream with an outbox row from a transaction at or after horizon that
// the rebuilt tables lack. Every revision not visible when horizon was
// taken belongs to such a transaction.
func (r *Runner) catchUp(ctx context.Context, tx pgx.Tx, p Projection, tmp, horizon string) (int, error) {
	rows, err := tx.Query(ctx, `SELECT DISTINCT (payload->>'streamId')::uuid FROM watermill_events
		WHERE transaction_id >= $1::xid8 AND payload IS NOT NULL`, horizon)
	if err != nil {
		return 0, fmt.Errorf("catch up: %w", err)
	}
	streams, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return 0, fmt.Errorf("catch up: %w", err)
	}
	t := target{projection: p, schema: tmp}
	total := 0
	for _, id := range streams {
		revs, err := readStreamTail(ctx, tx, tmp, id)
		if err != nil {
			return 0, err
		}
		for _, rev := range revs {
			n, err := r.applier.apply(ctx, tx, t, rev)
			if err != nil {
				return 0, fmt.Errorf("catch up: %w", err)
			}
			total += n
		}
	}
	return total, nil
}

// beginRebuild marks p rebuilding and returns the transaction horizon the
// rebuild will catch up from. Taking it under the retention lock means no
// prune that started earlier can delete rows the catch-up needs.
func beginRebuild(ctx context.Context, conn *pgxpool.Conn, p Projection) (string, error) {
	return inTx(ctx, conn, func(tx pgx.Tx) (string, error) {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, retentionLockKey); err != nil {
			return "", err
		}
		var horizon string
		if err := tx.QueryRow(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text`).Scan(&horizon); err != nil {
			return "", err
		}
		_, err := tx.Exec(ctx, `INSERT INTO projection_status (name, rebuilding, rebuild_started_at, rebuild_xmin, rebuild_error)
			VALUES ($1, true, now(), $2::xid8, NULL)
			ON CONFLICT (name) DO UPDATE SET rebuilding = true, rebuild_started_at = now(),
				rebuild_xmin = excluded.rebuild_xmin, rebuild_error = NULL`, p.Name(), horizon)
		return horizon, err
	})
}

func currentHorizon(ctx context.Context, conn *pgxpool.Conn) (string, error) {
	var horizon string
	err := conn.QueryRow(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text`).Scan(&horizon)
	return horizon, err
}

// abortRebuild records the failure and drops the half-built schema.
func abortRebuild(ctx context.Context, conn *pgxpool.Conn, p Projection, tmp string, cause error) {
	_, _ = conn.Exec(ctx, `UPDATE projection_status SET rebuilding = false, rebuild_xmin = NULL, rebuild_error = $2
		WHERE name = $1`, p.Name(), truncate(cause.Error(), 4000))
	_, _ = conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+tmp+` CASCADE`)
}

func inTx[T any](ctx context.Context, conn *pgxpool.Conn, fn func(tx pgx.Tx) (T, error)) (T, error) {
	var out T
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// A rebuild's statements may run long; the service's statement
		// timeout is meant for queries.
		if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}
