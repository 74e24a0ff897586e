package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// lateCommitGate makes an append commit late: holding an uncommitted
// idempotency record with the command's id, it stops the append after its
// event rows drew their positions (they are the append's first statements)
// and before it commits, until release. No hook in the event store: the
// append waits on PostgreSQL's unique index like any twin command would.
type lateCommitGate struct {
	conn *pgx.Conn
	tx   pgx.Tx
}

func (f *fixture) lateCommitGate(commandID uuid.UUID) *lateCommitGate {
	f.T.Helper()
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, f.Pool.Config().ConnConfig.Copy())
	if err != nil {
		f.T.Fatal(err)
	}
	f.T.Cleanup(func() { _ = conn.Close(context.Background()) })
	tx, err := conn.Begin(ctx)
	if err != nil {
		f.T.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO commands (command_id, actor_id, input_hash, stream_type, stream_id, revision, position, recorded_at)
		VALUES ($1, $2, '\x00', 'STRATEGY', $2, 0, 0, now())`, commandID, uuid.New()); err != nil {
		f.T.Fatal(err)
	}
	return &lateCommitGate{conn: conn, tx: tx}
}

// held waits until an append is stopped at the gate, its positions drawn.
func (g *lateCommitGate) held(f *fixture) {
	f.T.Helper()
	deadline := time.Now().Add(resolvertest.CatchUpDeadline)
	for {
		var waiting int
		err := f.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO commands%'`).Scan(&waiting)
		if err != nil {
			f.T.Fatal(err)
		}
		if waiting > 0 {
			return
		}
		if time.Now().After(deadline) {
			f.T.Fatal("no append reached the gate")
		}
		time.Sleep(5 * time.Millisecond) // polling an observable condition, not a guess
	}
}

func (g *lateCommitGate) release(f *fixture) {
	f.T.Helper()
	if err := g.tx.Rollback(context.Background()); err != nil {
		f.T.Fatal(err)
	}
}

// A revision whose append drew its position before another's and
// committed after it is seen by every consumer of the log in order: the
// live auditLogAppended, the auditLog cursor and the afterPosition replay.
// They read by seq (the order the history took revisions in), never by
// position.
func TestAuditConsumersSeeALateCommit(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	lateID, _ := f.QuickStrategy("Late", false)
	earlyID, _ := f.QuickStrategy("Early", false)
	f.CaughtUp()
	const auditSub = `subscription($p: String) { auditLogAppended(filter: {subjectType: STRATEGY}, afterPosition: $p) { number position subject { ... on Strategy { title } } } }`
	live := f.subscribe(f.ReviewerA, auditSub, "p", nil)
	top := f.MustExec(f.ReviewerA, `{ auditLog(first: 1) { edges { cursor } } }`)
	before := resolvertest.Get(top.Data, "auditLog.edges.0.cursor").(string)

	commandID := uuid.New()
	gate := f.lateCommitGate(commandID)
	lateDone := make(chan resolvertest.Result, 1)
	go func() {
		lateDone <- f.ExecCtx(f.Ctx(&f.PlannerA), `mutation($s: ID!, $c: ID!) { updateStrategy(input: {strategyId: $s, title: "Late 2", commandId: $c}) { position } }`,
			"s", lateID.String(), "c", commandID.String())
	}()
	gate.held(f)
	early := f.Retitle(earlyID, "Early 2")
	gate.release(f)
	res := <-lateDone
	if len(res.Errors) > 0 {
		t.Fatalf("late append: %+v", res.Errors)
	}
	late := f.Str(res, "updateStrategy.position")
	if resolvertest.Num(late) >= resolvertest.Num(early) {
		t.Fatalf("the late append drew position %s, not below the early one's %s", late, early)
	}
	f.CaughtUp()

	// Live: both pushed, each once.
	pushed := map[string]int{}
	for range 2 {
		data, errs, ok := live.next()
		if !ok || len(errs) > 0 {
			t.Fatalf("subscription ended: %+v", errs)
		}
		pushed[resolvertest.Get(data, "auditLogAppended.position").(string)]++
	}
	if pushed[late] != 1 || pushed[early] != 1 {
		t.Fatalf("live pushes %v, want %s and %s once each", pushed, late, early)
	}

	// Cursor: paging towards newer entries from what was the top finds
	// both, in the order the history took them in.
	newer := f.MustExec(f.ReviewerA, `query($b: String) { auditLog(last: 10, before: $b) { nodes { position } } }`, "b", before)
	order := resolvertest.Strs(resolvertest.Get(newer.Data, "auditLog.nodes"), "position")
	if len(order) != 2 || !(order[0] == late || order[1] == late) || !(order[0] == early || order[1] == early) {
		t.Fatalf("entries newer than the old top: %v, want %s and %s", order, late, early)
	}
	// order is newest first: order[1] was taken in first.
	first, second := order[1], order[0]

	// Replay: a client that has the first resumes with the second, whatever
	// their positions.
	replay := f.subscribe(f.ReviewerA, auditSub, "p", first)
	data, errs, _ := replay.next()
	if len(errs) > 0 || resolvertest.Get(data, "auditLogAppended.position") != second {
		t.Fatalf("replay after %s pushed %v %+v, want %s", first, data, errs, second)
	}
}
