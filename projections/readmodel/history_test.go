package readmodel_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// pageThrough pages a list forward with first=size and backward with
// last=size and checks both against the whole list and the page flags.
func pageThrough[T any](t *testing.T, name string, size int, all []T, id func(T) string,
	list func(readmodel.Page) (*readmodel.Connection[T], error)) {
	t.Helper()
	want := make([]string, len(all))
	for i, n := range all {
		want[i] = id(n)
	}
	var got []string
	var after *string
	for page := 0; ; page++ {
		conn, err := list(readmodel.Page{First: &size, After: after})
		if err != nil {
			t.Fatalf("%s forward page %d: %v", name, page, err)
		}
		for _, n := range conn.Nodes() {
			got = append(got, id(n))
		}
		pi := conn.PageInfo
		if pi.HasPreviousPage != (page > 0) {
			t.Errorf("%s forward page %d: hasPreviousPage %v", name, page, pi.HasPreviousPage)
		}
		if pi.HasNextPage != (len(got) < len(want)) {
			t.Errorf("%s forward page %d: hasNextPage %v with %d of %d", name, page, pi.HasNextPage, len(got), len(want))
		}
		if !pi.HasNextPage {
			break
		}
		after = pi.EndCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s forward: %v, want %v", name, got, want)
	}
	got = nil
	var before *string
	for page := 0; ; page++ {
		conn, err := list(readmodel.Page{Last: &size, Before: before})
		if err != nil {
			t.Fatalf("%s backward page %d: %v", name, page, err)
		}
		var ids []string
		for _, n := range conn.Nodes() {
			ids = append(ids, id(n))
		}
		got = append(ids, got...)
		pi := conn.PageInfo
		if pi.HasNextPage != (page > 0) {
			t.Errorf("%s backward page %d: hasNextPage %v", name, page, pi.HasNextPage)
		}
		if pi.HasPreviousPage != (len(got) < len(want)) {
			t.Errorf("%s backward page %d: hasPreviousPage %v", name, page, pi.HasPreviousPage)
		}
		if !pi.HasPreviousPage {
			break
		}
		before = pi.StartCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s backward: %v, want %v", name, got, want)
	}
	// Past the end: an empty page without cursors.
	if len(all) > 0 {
		last, err := list(readmodel.Page{Last: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		empty, err := list(readmodel.Page{First: ptr(5), After: last.PageInfo.EndCursor})
		if err != nil || len(empty.Edges) != 0 || empty.PageInfo.HasNextPage || !empty.PageInfo.HasPreviousPage ||
			empty.PageInfo.StartCursor != nil {
			t.Errorf("%s after the last item: %+v %v", name, empty, err)
		}
	}
}

func TestHistoryAuditAndBlame(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r := f.reader
	first := f.strategies[0]

	var revs []*readmodel.Revision
	t.Run("revisions newest first", func(t *testing.T) {
		conn, err := r.Revisions(ctx, first, readmodel.Page{First: ptr(100)})
		if err != nil {
			t.Fatal(err)
		}
		revs = conn.Nodes()
		n, err := conn.TotalCount(ctx)
		if err != nil || n != len(revs) || n != 11 {
			t.Fatalf("%d revisions, total %d (%v), want 11", len(revs), n, err)
		}
		for i, rv := range revs {
			if rv.Number != n-i || rv.SubjectID != first || rv.SubjectType != domain.SubjectStrategy {
				t.Errorf("revision %d: %+v", i, rv)
			}
		}
		created := revs[len(revs)-1]
		if created.Action != "createStrategy" || created.Reason != "because" || created.ActorID != f.admin.ID ||
			created.Position <= 0 || created.CommandID == uuid.Nil {
			t.Errorf("first revision %+v", created)
		}
		kinds := map[string]domain.ChangeKind{}
		for _, c := range created.Changes {
			kinds[c.Path] = c.Kind
		}
		if kinds["/title"] != domain.Added || kinds["/status"] != domain.Added {
			t.Errorf("creation changes %v, want every field added", created.Changes)
		}
		status := revs[2] // submitStrategyForReview
		if status.Action != "submitStrategyForReview" || len(status.Changes) != 1 || status.Changes[0].Path != "/status" ||
			status.Changes[0].Before != "DRAFT" || status.Changes[0].After != "IN_REVIEW" {
			t.Errorf("submit revision %+v", status)
		}
		pageThrough(t, "revisions", 3, revs, func(rv *readmodel.Revision) string { return fmt.Sprint(rv.Number) },
			func(p readmodel.Page) (*readmodel.Connection[*readmodel.Revision], error) {
				return r.Revisions(ctx, first, p)
			})
	})

	t.Run("revision by number and by keys", func(t *testing.T) {
		rv, err := r.RevisionByNumber(ctx, first, 2)
		if err != nil || rv == nil || rv.Action != "addPriority" {
			t.Errorf("revision 2: %+v %v", rv, err)
		}
		if none, err := r.RevisionByNumber(ctx, first, 99); none != nil || err != nil {
			t.Errorf("revision 99: %v %v", none, err)
		}
		keys := []readmodel.RevisionKey{{first, 3}, {uuid.New(), 1}, {f.strategies[1], 1}}
		got, err := r.RevisionsByKeys(ctx, keys)
		if err != nil || got[0].Number != 3 || got[1] != nil || got[2].SubjectID != f.strategies[1] {
			t.Errorf("by keys: %v %v", got, err)
		}
		after, err := r.RevisionsAfter(ctx, first, 8, 10)
		if err != nil || len(after) != 3 || after[0].Number != 9 {
			t.Errorf("after 8: %v %v", after, err)
		}
	})

	t.Run("audit log filters and pages", func(t *testing.T) {
		all, err := r.AuditLog(ctx, readmodel.Page{First: ptr(100)}, readmodel.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var total int
		if err := f.env.Pool.QueryRow(ctx, `SELECT count(DISTINCT (stream_id, revision)) FROM events`).Scan(&total); err != nil {
			t.Fatal(err)
		}
		nodes := all.Nodes()
		if len(nodes) != total {
			t.Fatalf("audit log has %d revisions, the log %d", len(nodes), total)
		}
		for i := 1; i < len(nodes); i++ {
			if nodes[i].Position >= nodes[i-1].Position {
				t.Fatalf("audit log not newest first at %d", i)
			}
		}
		pageThrough(t, "audit", 7, nodes, func(rv *readmodel.Revision) string { return fmt.Sprint(rv.Position) },
			func(p readmodel.Page) (*readmodel.Connection[*readmodel.Revision], error) {
				return r.AuditLog(ctx, p, readmodel.AuditFilter{})
			})
		count := func(f readmodel.AuditFilter, keep func(*readmodel.Revision) bool) {
			t.Helper()
			conn, err := r.AuditLog(ctx, readmodel.Page{First: ptr(100)}, f)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, rv := range nodes {
				if keep(rv) {
					want = append(want, rv.Position)
				}
			}
			var got []int64
			for _, rv := range conn.Nodes() {
				got = append(got, rv.Position)
			}
			n, _ := conn.TotalCount(ctx)
			if !slices.Equal(got, want) || n != len(want) || len(want) == 0 {
				t.Errorf("filter %+v: %v (total %d), want %v", f, got, n, want)
			}
		}
		typ := domain.SubjectCooperationConcept
		from, to := nodes[len(nodes)-5].At, nodes[len(nodes)-10].At
		count(readmodel.AuditFilter{ActorID: &f.reviewer.ID}, func(rv *readmodel.Revision) bool { return rv.ActorID == f.reviewer.ID })
		count(readmodel.AuditFilter{ActorOrganisationID: &f.reviewer.OrganisationID}, func(rv *readmodel.Revision) bool {
			return rv.ActorOrganisationID != nil && *rv.ActorOrganisationID == f.reviewer.OrganisationID
		})
		count(readmodel.AuditFilter{SubjectID: &first}, func(rv *readmodel.Revision) bool { return rv.SubjectID == first })
		count(readmodel.AuditFilter{SubjectType: &typ}, func(rv *readmodel.Revision) bool { return rv.SubjectType == typ })
		count(readmodel.AuditFilter{Action: ptr("addMeasure")}, func(rv *readmodel.Revision) bool { return rv.Action == "addMeasure" })
		count(readmodel.AuditFilter{From: &from, To: &to}, func(rv *readmodel.Revision) bool {
			return !rv.At.Before(from) && rv.At.Before(to)
		})
		count(readmodel.AuditFilter{SubjectID: &first, From: &from}, func(rv *readmodel.Revision) bool {
			return rv.SubjectID == first && !rv.At.Before(from)
		})
		since, err := r.AuditAfter(ctx, readmodel.AuditFilter{SubjectID: &first}, nodes[len(nodes)-1].Position, 100)
		if err != nil || len(since) != 11 || since[0].Number != 1 {
			t.Errorf("audit after the first position: %d %v", len(since), err)
		}
	})

	t.Run("blame with path prefix", func(t *testing.T) {
		all, err := r.Blame(ctx, first, "")
		if err != nil {
			t.Fatal(err)
		}
		byPath := map[string]readmodel.BlameEntry{}
		for _, b := range all {
			byPath[b.Path] = b
		}
		if byPath["/title"].Revision != 1 || byPath["/status"].Revision != 9 || byPath["/status"].ActorID != f.admin.ID {
			t.Errorf("blame of /title %+v, /status %+v", byPath["/title"], byPath["/status"])
		}
		measures, err := r.Blame(ctx, first, "/priorities/")
		if err != nil || len(measures) == 0 {
			t.Fatalf("blame under /priorities: %v %v", measures, err)
		}
		for _, b := range measures {
			if !domain.HasPrefix(b.Path, "/priorities") {
				t.Errorf("blame entry %s outside the prefix", b.Path)
			}
		}
		status, err := r.Blame(ctx, first, "/status")
		if err != nil || len(status) != 1 {
			t.Errorf("blame of exactly /status: %v %v", status, err)
		}
		if none, _ := r.Blame(ctx, first, "/stat"); len(none) != 0 {
			t.Errorf("a prefix that is no path segment matched %v", none)
		}
	})

	t.Run("dashboard", func(t *testing.T) {
		conn, err := r.StrategyProgress(ctx, readmodel.Page{}, readmodel.StrategyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(conn.Edges) != 3 || conn.Edges[1].Node.StrategyID != first {
			t.Fatalf("progress list %+v", conn.Nodes())
		}
		p := conn.Edges[1].Node
		completed := 0
		for _, s := range p.MeasuresByStatus {
			if s.Status == "COMPLETED" {
				completed = s.Count
			}
		}
		if p.Objectives != 1 || p.Measures != 2 || completed != 1 || p.Completion != 0.5 || p.MilestonesOverdue != 1 ||
			len(p.MeasuresByStatus) != 5 {
			t.Errorf("progress %+v", p)
		}
		filtered, err := r.StrategyProgress(ctx, readmodel.Page{First: ptr(1)}, readmodel.StrategyFilter{Status: []string{"DRAFT"}})
		if err != nil || len(filtered.Edges) != 1 || !filtered.PageInfo.HasNextPage {
			t.Errorf("filtered progress: %+v %v", filtered, err)
		}
		if n, err := filtered.TotalCount(ctx); n != 2 || err != nil {
			t.Errorf("filtered progress total %d %v", n, err)
		}
		batch, err := r.ProgressOf(ctx, []uuid.UUID{uuid.New(), first})
		if err != nil || batch[0] != nil || batch[1].StrategyID != first {
			t.Errorf("progress of: %v %v", batch, err)
		}
		counts, err := r.ConceptCounts(ctx)
		if err != nil || len(counts) != 6 || counts[0] != (readmodel.StatusCount{Status: "DRAFT", Count: 2}) || counts[1].Count != 0 {
			t.Errorf("concept counts %v %v", counts, err)
		}
		activity, err := r.Activity(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, b := range activity {
			sum += b.Revisions
			if b.WeekStart.Weekday() != time.Monday {
				t.Errorf("bucket week starts on %s", b.WeekStart.Weekday())
			}
		}
		if len(activity) < 2 || sum != len(revsOfAll(t, f)) {
			t.Errorf("activity %+v sums to %d", activity, sum)
		}
		pos, err := r.DashboardPosition(ctx)
		if err != nil || pos != nodesHead(t, f) {
			t.Errorf("dashboard position %d %v", pos, err)
		}
	})
}

func revsOfAll(t *testing.T, f *fixture) []int {
	var n int
	if err := f.env.Pool.QueryRow(context.Background(), `SELECT count(DISTINCT (stream_id, revision)) FROM events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return make([]int, n)
}

func nodesHead(t *testing.T, f *fixture) int64 {
	var head int64
	if err := f.env.Pool.QueryRow(context.Background(), `SELECT max(position) FROM events`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	return head
}
