package projections_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// noteLog returns the texts written to a Note in the order a projection
// applied its revisions, from what the projection keeps: the documents
// projection's state, the history's revisions in the order it applied
// them (seq). ok is false for a projection that keeps no such evidence
// (the dashboard); appliedRevision tells how far it got.
func noteLog(t *testing.T, env *testkit.Env, p projections.Projection, id uuid.UUID) (log []string, ok bool) {
	t.Helper()
	ctx := context.Background()
	switch p.Schema() {
	case documents.Schema:
		var state []byte
		if err := env.Pool.QueryRow(ctx, `SELECT state FROM `+p.Schema()+`.streams WHERE stream_id = $1`, id).Scan(&state); err != nil {
			t.Fatal(err)
		}
		var n testkit.Note
		if err := json.Unmarshal(state, &n); err != nil {
			t.Fatal(err)
		}
		return n.Log, true
	case history.Schema:
		rows, err := env.Pool.Query(ctx, `SELECT changes FROM `+p.Schema()+`.revisions WHERE subject_id = $1 ORDER BY seq`, id)
		if err != nil {
			t.Fatal(err)
		}
		changesList, err := pgx.CollectRows(rows, pgx.RowTo[[]domain.Change])
		if err != nil {
			t.Fatal(err)
		}
		for _, changes := range changesList {
			for _, c := range changes {
				if c.Path == "/last" {
					log = append(log, fmt.Sprint(c.After))
				}
			}
		}
		return log, true
	}
	return nil, false
}

// appliedRevision is the revision of a stream a projection applied (0:
// none).
func appliedRevision(t *testing.T, env *testkit.Env, p projections.Projection, id uuid.UUID) int {
	t.Helper()
	var n int
	err := env.Pool.QueryRow(context.Background(), `SELECT COALESCE(max(revision), 0) FROM `+p.Schema()+`.streams WHERE stream_id = $1`, id).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkApplied fails unless p applied exactly the texts want, in order.
func checkApplied(t *testing.T, env *testkit.Env, p projections.Projection, id uuid.UUID, want []string) {
	t.Helper()
	if got := appliedRevision(t, env, p, id); got != len(want) {
		t.Errorf("%s applied revision %d, want %d", p.Name(), got, len(want))
	}
	if log, ok := noteLog(t, env, p, id); ok && !slices.Equal(log, want) {
		t.Errorf("%s applied %v, want %v once each, in order", p.Name(), log, want)
	}
}

func TestLateCommitIsAppliedInStreamOrderAndNothingIsSkipped(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	actor := testkit.Actor(uuid.New())
	stream, other := uuid.New(), uuid.New()
	env.Append(t, stream, actor, &testkit.Written{Text: "r1", Title: "held"})

	// A trigger holds the append of revision 2 open after its first write
	// (its event row) until the test releases an advisory lock.
	if _, err := env.Pool.Exec(ctx, `
		CREATE FUNCTION hold_revision() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW.stream_id = '`+stream.String()+`' AND NEW.revision = 2 THEN
				PERFORM pg_advisory_xact_lock_shared(4242);
			END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER hold_revision AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION hold_revision();`); err != nil {
		t.Fatal(err)
	}
	lock, err := env.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_lock(4242)`); err != nil {
		t.Fatal(err)
	}

	cfg := env.Config(t)
	started := env.Start(t, cfg)
	_ = started

	held := make(chan error, 1)
	go func() {
		_, err := env.Store.Append(ctx, eventstore.AppendRequest{
			StreamType: testkit.NoteType, StreamID: stream, ExpectedVersion: 1, Revision: 2,
			Events: []domain.Event{&testkit.Written{Text: "r2"}}, InputHash: []byte{1},
			Metadata: eventstore.Metadata{ActorID: actor.ID, CommandID: uuid.New(), Action: "write", RecordedAt: env.Now()},
		})
		held <- err
	}()
	testkit.Eventually(t, 10*time.Second, func() (bool, string) {
		var waiting bool
		err := env.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted)`).Scan(&waiting)
		return err == nil && waiting, "revision 2 is not held yet"
	})

	// A later writer commits first, on another stream. A writer on the same
	// stream cannot: revision 3, decided blindly on the uncommitted
	// revision 2, has no committed predecessor to chain its hash to, and
	// the store refuses it as a changed stream.
	_, err = env.Store.Append(ctx, eventstore.AppendRequest{
		StreamType: testkit.NoteType, StreamID: stream, ExpectedVersion: 2, Revision: 3,
		Events: []domain.Event{&testkit.Written{Text: "r3"}}, InputHash: []byte{1},
		Metadata: eventstore.Metadata{ActorID: actor.ID, CommandID: uuid.New(), Action: "write", RecordedAt: env.Now()},
	})
	if !errors.Is(err, eventstore.ErrStreamChanged) {
		t.Fatalf("append over an uncommitted revision: %v, want ErrStreamChanged", err)
	}
	env.Append(t, other, actor, &testkit.Written{Text: "o1"})

	for _, p := range testkit.All() {
		if n := appliedRevision(t, env, p, stream); n > 1 {
			t.Fatalf("%s applied revision %d while revision 2 was still uncommitted", p.Name(), n)
		}
	}
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_unlock(4242)`); err != nil {
		t.Fatal(err)
	}
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	env.Append(t, stream, actor, &testkit.Written{Text: "r3"})
	env.WaitCaughtUp(t, 10*time.Second)
	for _, p := range testkit.All() {
		checkApplied(t, env, p, stream, []string{"r1", "r2", "r3"})
	}
	var numbers []int
	rows, _ := env.Pool.Query(ctx, `SELECT number FROM proj_history.revisions WHERE subject_id = $1 ORDER BY number`, stream)
	for rows.Next() {
		var n int
		_ = rows.Scan(&n)
		numbers = append(numbers, n)
	}
	if !slices.Equal(numbers, []int{1, 2, 3}) {
		t.Errorf("history has revisions %v, want 1 2 3", numbers)
	}
}

func TestGapsAreFilledFromTheLogAndDuplicatesSkipped(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	actor := testkit.Actor(uuid.New())
	stream := uuid.New()
	for _, text := range []string{"r1", "r2", "r3", "r4"} {
		env.Append(t, stream, actor, &testkit.Written{Text: text})
	}
	// Revision 2's message is lost and revision 1's delivered twice; 4
	// comes before 3.
	if _, err := env.Pool.Exec(ctx, `
		DELETE FROM watermill_events WHERE payload->>'revision' = '2';
		INSERT INTO watermill_events (uuid, payload, metadata, transaction_id)
			SELECT uuid, payload, metadata, pg_current_xact_id() FROM watermill_events WHERE payload->>'revision' = '1';
		UPDATE watermill_events SET transaction_id = pg_current_xact_id() WHERE payload->>'revision' = '3';`); err != nil {
		t.Fatal(err)
	}
	env.Start(t, env.Config(t))
	env.WaitCaughtUp(t, 10*time.Second)
	for _, p := range testkit.All() {
		checkApplied(t, env, p, stream, []string{"r1", "r2", "r3", "r4"})
	}
	var revisions, activity int
	if err := env.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM proj_history.revisions), (SELECT sum(revisions) FROM proj_dashboard.activity)`).
		Scan(&revisions, &activity); err != nil {
		t.Fatal(err)
	}
	if revisions != 4 || activity != 4 {
		t.Errorf("history has %d revisions and activity counts %d, want 4 and 4", revisions, activity)
	}
}
