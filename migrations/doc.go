// Package migrations holds the database schema as numbered goose SQL files,
// embedded into the binary. A migration that has landed is never edited:
// change the schema with a new file.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"github.com/pressly/goose/v3"
)

// Files are the migrations, in goose's numbered-file format.
//
//go:embed *.sql
var Files embed.FS

// Up applies every pending migration.
func Up(ctx context.Context, db *sql.DB) error {
	// Numbers are handed out to work in progress in parallel, so one may
	// land after a higher one: a database already past it applies it
	// rather than refusing to start.
	provider, err := goose.NewProvider(goose.DialectPostgres, db, Files, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}
