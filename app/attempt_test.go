package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// A command reads the clock once: its events' time and its revision's
// recorded_at are the same instant, even on a clock that moves between
// two readings.
func TestACommandReadsTheClockOnce(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	var mu sync.Mutex
	var readings []time.Time
	next := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		next = next.Add(time.Hour)
		readings = append(readings, next)
		return next
	}
	svc := app.NewService(eventstore.New(pool, registry()), app.Config{Now: clock})
	org := uuid.New()
	actor := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: org}
	res, err := app.Execute(context.Background(), svc, boards, uuid.Nil, domain.Command[*board](createBoard{Title: "T", Partner: org}), app.Request{Actor: actor})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(readings) != 1 {
		t.Fatalf("the clock was read %d times for one command: %v", len(readings), readings)
	}
	var recorded time.Time
	if err := pool.QueryRow(context.Background(), `SELECT recorded_at FROM events WHERE stream_id = $1`, res.SubjectID).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if !recorded.Equal(readings[0]) {
		t.Fatalf("recorded_at %s, want the command's clock reading %s", recorded, readings[0])
	}
}

// A snapshot that cannot be saved does not fail the command, and says so
// in the log.
func TestAFailedSnapshotSaveIsLogged(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `
		CREATE FUNCTION refuse_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'snapshots refused by the test'; END $$;
		CREATE TRIGGER refuse_snapshot BEFORE INSERT ON snapshots FOR EACH ROW EXECUTE FUNCTION refuse_snapshot();`); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logged bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &logged}, nil))
	svc := app.NewService(eventstore.New(pool, registry()), app.Config{SnapshotEvery: 1, Logger: logger})
	org := uuid.New()
	actor := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: org}
	res, err := app.Execute(ctx, svc, boards, uuid.Nil, domain.Command[*board](createBoard{Title: "T", Partner: org}), app.Request{Actor: actor})
	if err != nil || res.Revision != 1 {
		t.Fatalf("the command must succeed without its snapshot: %+v %v", res, err)
	}
	mu.Lock()
	defer mu.Unlock()
	line := logged.String()
	if !strings.Contains(line, "snapshot not saved") || !strings.Contains(line, res.SubjectID.String()) || !strings.Contains(line, "snapshots refused by the test") {
		t.Fatalf("no log line for the failed snapshot save: %q", line)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
