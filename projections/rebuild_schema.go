package projections

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// createRebuildTables makes schema tmp with a table for every table of
// schema live: same columns, defaults, identities and checks, no indexes
// (they are built after the bulk load, which is much faster).
func createRebuildTables(ctx context.Context, conn *pgxpool.Conn, live, tmp string) error {
	_, err := inTx(ctx, conn, func(tx pgx.Tx) (int, error) {
		tables, err := liveTables(ctx, tx, live)
		if err != nil {
			return 0, err
		}
		if len(tables) == 0 {
			return 0, fmt.Errorf("schema %s has no tables (migrations not applied?)", live)
		}
		stmts := []string{`DROP SCHEMA IF EXISTS ` + tmp + ` CASCADE`, `CREATE SCHEMA ` + tmp}
		for _, t := range tables {
			stmts = append(stmts, fmt.Sprintf(`CREATE TABLE %s.%s (LIKE %s.%s INCLUDING ALL EXCLUDING INDEXES)`, tmp, t, live, t))
		}
		for _, stmt := range stmts {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return 0, fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return 0, nil
	})
	return err
}

func liveTables(ctx context.Context, tx pgx.Tx, schema string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`, schema)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// createRebuildIndexes gives tmp's tables the indexes and key constraints
// of live's, with the same names (a later migration may name them). Each
// is built in a transaction of its own: any transaction holding a
// transaction id holds back the outbox's delivery horizon for every
// consumer in the cluster, so a rebuild keeps each of its transactions
// short.
func createRebuildIndexes(ctx context.Context, conn *pgxpool.Conn, live, tmp string) error {
	stmts, err := inTx(ctx, conn, func(tx pgx.Tx) ([]string, error) {
		rows, err := tx.Query(ctx, `
			SELECT c.relname, pg_get_indexdef(i.indexrelid), con.conname, pg_get_constraintdef(con.oid)
			FROM pg_index i
			JOIN pg_class c ON c.oid = i.indrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = c.oid AND con.contype IN ('p', 'u', 'x')
			WHERE n.nspname = $1
			ORDER BY c.relname, i.indexrelid`, live)
		if err != nil {
			return nil, err
		}
		var stmts []string
		var table, indexDef string
		var conName, conDef *string
		_, err = pgx.ForEachRow(rows, []any{&table, &indexDef, &conName, &conDef}, func() error {
			if conName != nil {
				stmts = append(stmts, fmt.Sprintf(`ALTER TABLE %s.%s ADD CONSTRAINT %s %s`, tmp, table, pgx.Identifier{*conName}.Sanitize(), *conDef))
				return nil
			}
			on := " ON " + live + "."
			if !strings.Contains(indexDef, on) {
				return fmt.Errorf("unexpected index definition %q", indexDef)
			}
			stmts = append(stmts, strings.Replace(indexDef, on, " ON "+tmp+".", 1))
			return nil
		})
		if err != nil {
			return nil, err
		}
		tables, err := liveTables(ctx, tx, tmp)
		for _, t := range tables {
			stmts = append(stmts, fmt.Sprintf(`ANALYZE %s.%s`, tmp, t))
		}
		return stmts, err
	})
	if err != nil {
		return err
	}
	for _, stmt := range stmts {
		_, err := inTx(ctx, conn, func(tx pgx.Tx) (int, error) {
			if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
				return 0, err
			}
			_, err := tx.Exec(ctx, stmt)
			return 0, err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// readStreamTail returns the revisions of a stream that schema's streams
// table does not have yet.
func readStreamTail(ctx context.Context, tx pgx.Tx, schema string, id uuid.UUID) ([]eventstore.Revision, error) {
	var applied int
	err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT revision FROM `+schema+`.streams WHERE stream_id = $1), 0)`, id).Scan(&applied)
	if err != nil {
		return nil, err
	}
	return eventstore.ReadStreamFrom(ctx, tx, id, applied, math.MaxInt32)
}
