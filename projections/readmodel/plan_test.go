package readmodel

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// planNode is the part of EXPLAIN (FORMAT JSON) the test looks at.
type planNode struct {
	Type       string     `json:"Node Type"`
	Index      string     `json:"Index Name"`
	ActualRows float64    `json:"Actual Rows"`
	Plans      []planNode `json:"Plans"`
}

func (n planNode) walk(fn func(planNode)) {
	fn(n)
	for _, c := range n.Plans {
		c.walk(fn)
	}
}

// explain runs a page query under EXPLAIN ANALYZE and returns the rows
// its scans produced and the indexes they used; a sort means the page
// was not an index range.
func explain(t *testing.T, env *testkit.Env, l list, p Page) (scanned float64, indexes []string) {
	t.Helper()
	req, err := p.request(l.name)
	if err != nil {
		t.Fatal(err)
	}
	var cursorArgs []any
	if req.cursor != nil {
		if cursorArgs, err = parseKey(l.key, req.cursor); err != nil {
			t.Fatal(err)
		}
	}
	q := l.pageQuery(req, cursorArgs)
	var raw []byte
	if err := env.Pool.QueryRow(context.Background(), "EXPLAIN (ANALYZE, FORMAT JSON) "+q.sql, q.args...).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var plans []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal(raw, &plans); err != nil {
		t.Fatal(err)
	}
	plans[0].Plan.walk(func(n planNode) {
		if strings.Contains(n.Type, "Sort") {
			t.Errorf("page query sorts: %s", raw)
		}
		if strings.Contains(n.Type, "Scan") {
			scanned += n.ActualRows
			indexes = append(indexes, n.Index)
		}
	})
	return scanned, indexes
}

// TestPagesAreIndexRanges checks that a history page reads about as many
// rows as it returns, for a subject with 100,000 revisions as for one with
// 10, and so does a filtered audit log page.
func TestPagesAreIndexRanges(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	long, short, actor := uuid.New(), uuid.New(), uuid.New()
	if _, err := env.Pool.Exec(ctx, `
		INSERT INTO proj_history.revisions (subject_id, number, subject_type, action, actor_id, at, command_id, position, changes)
		SELECT s.id, n, 'NOTE', 'write', CASE WHEN n % 1000 = 0 THEN $3 ELSE gen_random_uuid() END,
			timestamptz '2026-01-01' + n * interval '1 minute', gen_random_uuid(), s.base + n, '[]'
		FROM (VALUES ($1::uuid, 0, 100000), ($2::uuid, 200000, 10)) AS s(id, base, count), generate_series(1, s.count) n`,
		long, short, actor); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Pool.Exec(ctx, `ANALYZE proj_history.revisions`); err != nil {
		t.Fatal(err)
	}
	size := 20
	for _, c := range []struct {
		name string
		l    list
		p    Page
	}{
		{"newest revisions of a long history", revisionList(long), Page{First: &size}},
		{"a middle page of a long history", revisionList(long), Page{First: &size, After: ptr(encodeCursor("revisions", []any{50000}))}},
		{"oldest revisions of a long history", revisionList(long), Page{Last: &size}},
		{"revisions of a short history", revisionList(short), Page{First: &size}},
		{"audit log", auditList(AuditFilter{}), Page{First: &size}},
		{"audit log of one actor", auditList(AuditFilter{ActorID: &actor}), Page{First: &size, After: ptr(encodeCursor("audit-seq", []any{int64(90000)}))}},
		{"audit log of one subject", auditList(AuditFilter{SubjectID: &short}), Page{Last: &size}},
	} {
		scanned, indexes := explain(t, env, c.l, c.p)
		t.Logf("%s: %v rows scanned via %v", c.name, scanned, indexes)
		if scanned > float64(size+1) {
			t.Errorf("%s: scanned %v rows for a page of %d (%v)", c.name, scanned, size, indexes)
		}
		for _, idx := range indexes {
			if idx == "" {
				t.Errorf("%s: a sequential scan", c.name)
			}
		}
	}
	// totalCount of a subject's history is its latest revision number,
	// not a count.
	if _, err := env.Pool.Exec(ctx, `INSERT INTO proj_history.streams VALUES ($1, 'NOTE', 100000, 100000, now())`, long); err != nil {
		t.Fatal(err)
	}
	conn, err := New(env.Pool, nil).Revisions(ctx, long, Page{First: &size})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := conn.TotalCount(ctx); n != 100000 || err != nil {
		t.Errorf("total count %d %v", n, err)
	}
}

func ptr[T any](v T) *T { return &v }
