package integrity_test

import (
	"context"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/migrations"
)

// Migration 00011 chains the rows that exist when it runs exactly as the
// append chains new ones: its chaining block, run over rows whose hashes
// were spoilt, restores every hash the append wrote.
func TestMigrationChainsExistingRows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sql, err := migrations.Files.ReadFile("00011_event_hash_chain.sql")
	if err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(string(sql), "-- +goose StatementBegin")
	block, _, found := strings.Cut(block, "-- +goose StatementEnd")
	if !found || !strings.Contains(block, "DO $$") {
		t.Fatalf("no chaining block in the migration: %q", block)
	}
	f.exec(t, `CREATE TABLE appended AS SELECT position, hash FROM events`)
	f.exec(t, `UPDATE events SET hash = sha256(hash)`)
	if r := f.verify(t); r.OK() {
		t.Fatal("spoilt hashes verified")
	}
	f.exec(t, block)
	var differ, total int
	if err := f.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE a.hash <> e.hash), count(*) FROM events e JOIN appended a USING (position)`).
		Scan(&differ, &total); err != nil {
		t.Fatal(err)
	}
	if differ != 0 || total != 18 {
		t.Fatalf("%d of %d hashes differ from the append's", differ, total)
	}
	if r := f.verify(t); !r.OK() {
		t.Fatalf("after the migration's chaining: %v", r.Problems)
	}
}
