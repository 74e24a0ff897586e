package readmodel_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections/internal/testkit"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// The audit log's consumers read in the order the history took revisions
// in (seq), not by position: a revision with a lower position that the
// history took in later (it committed late) comes after, for the cursor,
// for catching up and for resuming after a position. The late commit is
// made here by giving the history's rows the seqs a late commit gives
// them, whatever the transport's delivery order.
func TestAuditReadsInTheOrderTheHistoryTookRevisionsIn(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	r := readmodel.New(env.Pool, nil)
	env.Start(t, env.Config(t))
	actor := testkit.Actor(uuid.New())
	a, b, c := uuid.New(), uuid.New(), uuid.New()
	env.Append(t, a, actor, &testkit.Written{Text: "a", Title: "A"})
	late := env.Append(t, b, actor, &testkit.Written{Text: "b", Title: "B"}) // drew its position before early
	early := env.Append(t, c, actor, &testkit.Written{Text: "c", Title: "C"})
	env.WaitCaughtUp(t, 10*time.Second)
	// early committed first, then late: swap their seqs.
	if _, err := env.Pool.Exec(ctx, `UPDATE proj_history.revisions r SET seq = -s.seq FROM (
			SELECT subject_id, number, seq FROM proj_history.revisions WHERE subject_id = ANY($1)) s
		WHERE r.subject_id = s.subject_id AND r.number = s.number`, []uuid.UUID{b, c}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Pool.Exec(ctx, `UPDATE proj_history.revisions SET seq = CASE subject_id WHEN $1 THEN
			(SELECT -seq FROM proj_history.revisions WHERE subject_id = $2) ELSE
			(SELECT -seq FROM proj_history.revisions WHERE subject_id = $1) END
		WHERE subject_id IN ($1, $2)`, b, c); err != nil {
		t.Fatal(err)
	}
	latePos, earlyPos := late.Position(), early.Position()
	if latePos >= earlyPos {
		t.Fatalf("positions %d, %d", latePos, earlyPos)
	}

	// Newest first: late (taken in last) above early.
	conn, err := r.AuditLog(ctx, readmodel.Page{First: ptr(3)}, readmodel.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var order []uuid.UUID
	for _, rv := range conn.Nodes() {
		order = append(order, rv.SubjectID)
	}
	if !slices.Equal(order, []uuid.UUID{b, c, a}) {
		t.Fatalf("audit order %v, want late %s, early %s, first %s", order, b, c, a)
	}
	// A reader who had early at the top when late was not there yet pages
	// towards newer entries from early's cursor and finds late.
	earlyCursor := conn.Edges[1].Cursor
	newer, err := r.AuditLog(ctx, readmodel.Page{Last: ptr(10), Before: &earlyCursor}, readmodel.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if nodes := newer.Nodes(); len(nodes) != 1 || nodes[0].SubjectID != b {
		t.Fatalf("newer than early: %v", nodes)
	}
	// Catching up after early brings late; resuming after early's position
	// maps to early's seq.
	seq, err := r.SeqAtPosition(ctx, earlyPos)
	if err != nil {
		t.Fatal(err)
	}
	after, err := r.AuditAfter(ctx, readmodel.AuditFilter{}, seq, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0].SubjectID != b || after[0].Position != latePos {
		t.Fatalf("after early (seq %d): %v", seq, after)
	}
	if last, err := r.LastSeq(ctx); err != nil || last != after[0].Seq {
		t.Fatalf("last seq %d %v, want late's %d", last, err, after[0].Seq)
	}
}
