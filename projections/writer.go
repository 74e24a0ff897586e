package projections

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Writer runs a projection's statements in one transaction against one
// schema: the live one, or <schema>_rebuild during a rebuild. Statements
// name their tables as {schema}.table.
//
// Queued statements are sent as one pipelined batch when the revision is
// done (or before anything that reads), so a revision costs one round trip
// for its writes however many rows it touches.
type Writer struct {
	tx     pgx.Tx
	schema string
	batch  pgx.Batch
}

// NewWriter returns a writer on tx for the given schema.
func NewWriter(tx pgx.Tx, schema string) *Writer {
	return &Writer{tx: tx, schema: schema}
}

// Schema is the schema the writer writes to.
func (w *Writer) Schema() string { return w.schema }

// SQL replaces {schema} in stmt with the writer's schema.
func (w *Writer) SQL(stmt string) string { return strings.ReplaceAll(stmt, "{schema}", w.schema) }

// Queue adds a write to the pending batch.
func (w *Writer) Queue(stmt string, args ...any) {
	w.batch.Queue(w.SQL(stmt), args...)
}

// Query sends the pending batch, then runs a query.
func (w *Writer) Query(ctx context.Context, stmt string, args ...any) (pgx.Rows, error) {
	if err := w.Flush(ctx); err != nil {
		return nil, err
	}
	return w.tx.Query(ctx, w.SQL(stmt), args...)
}

// CopyFrom sends the pending batch, then bulk-loads rows into table.
func (w *Writer) CopyFrom(ctx context.Context, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if err := w.Flush(ctx); err != nil {
		return err
	}
	if _, err := w.tx.CopyFrom(ctx, pgx.Identifier{w.schema, table}, columns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy into %s.%s: %w", w.schema, table, err)
	}
	return nil
}

// Flush sends the pending batch and reports the first failing statement.
func (w *Writer) Flush(ctx context.Context) error {
	n := w.batch.Len()
	if n == 0 {
		return nil
	}
	// The results read the batch lazily: hand them a batch of their own.
	batch := w.batch
	w.batch = pgx.Batch{}
	queued := batch.QueuedQueries
	results := w.tx.SendBatch(ctx, &batch)
	for i := 0; i < n; i++ {
		if _, err := results.Exec(); err != nil {
			_ = results.Close() // the statement's error is the one to report
			return fmt.Errorf("%s: %w", statementName(queued[i].SQL), err)
		}
	}
	return results.Close()
}

// statementName shortens a statement for error messages.
func statementName(stmt string) string {
	stmt = strings.Join(strings.Fields(stmt), " ")
	if len(stmt) > 80 {
		stmt = stmt[:80] + "..."
	}
	return stmt
}
