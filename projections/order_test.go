package projections_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// noteLog returns the Log of a Note as a projection's streams table holds
// it: the order in which its revisions were applied.
func noteLog(t *testing.T, env *testkit.Env, schema string, id uuid.UUID) []string {
	t.Helper()
	var state []byte
	if err := env.Pool.QueryRow(context.Background(), `SELECT state FROM `+schema+`.streams WHERE stream_id = $1`, id).Scan(&state); err != nil {
		t.Fatal(err)
	}
	var n testkit.Note
	if err := json.Unmarshal(state, &n); err != nil {
		t.Fatal(err)
	}
	return n.Log
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

	// A later writer commits first: revision 3 of the same stream (decided
	// blindly on the uncommitted revision 2) and another stream.
	if _, err := env.Store.Append(ctx, eventstore.AppendRequest{
		StreamType: testkit.NoteType, StreamID: stream, ExpectedVersion: 2, Revision: 3,
		Events: []domain.Event{&testkit.Written{Text: "r3"}}, InputHash: []byte{1},
		Metadata: eventstore.Metadata{ActorID: actor.ID, CommandID: uuid.New(), Action: "write", RecordedAt: env.Now()},
	}); err != nil {
		t.Fatal(err)
	}
	env.Append(t, other, actor, &testkit.Written{Text: "o1"})

	for _, p := range testkit.All() {
		if log := noteLogIfAny(t, env, p.Schema(), stream); len(log) > 1 {
			t.Fatalf("%s applied %v while revision 2 was still uncommitted", p.Name(), log)
		}
	}
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_unlock(4242)`); err != nil {
		t.Fatal(err)
	}
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	env.WaitCaughtUp(t, 10*time.Second)
	for _, p := range testkit.All() {
		if log := noteLog(t, env, p.Schema(), stream); !slices.Equal(log, []string{"r1", "r2", "r3"}) {
			t.Errorf("%s applied %v, want r1 r2 r3 in order", p.Name(), log)
		}
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

func noteLogIfAny(t *testing.T, env *testkit.Env, schema string, id uuid.UUID) []string {
	t.Helper()
	var n int
	_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+schema+`.streams WHERE stream_id = $1`, id).Scan(&n)
	if n == 0 {
		return nil
	}
	return noteLog(t, env, schema, id)
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
		if log := noteLog(t, env, p.Schema(), stream); !slices.Equal(log, []string{"r1", "r2", "r3", "r4"}) {
			t.Errorf("%s applied %v, want r1..r4 once each, in order", p.Name(), log)
		}
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
