package readmodel

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
)

// keyColumn is one column of a list's sort key.
type keyColumn struct {
	expr string
	typ  string // timestamptz, uuid, integer, bigint or text
}

// list describes a keyset-paginated query: every key column sorts in the
// same direction (desc), so one row comparison selects a page.
type list struct {
	name   string // binds cursors to the list
	sel    string // select list of the node columns
	from   string
	where  []string // filter conditions over args ($1...)
	args   []any
	key    []keyColumn
	desc   bool
	totals func(ctx context.Context) (int, error) // replaces count(*) when cheaper
}

// fetch returns the page p of l; scan reads one row of sel, keyOf gives a
// node's sort key (in key order).
func fetch[T any](ctx context.Context, pool *pgxpool.Pool, l list, p Page, scan func(pgx.Rows) (T, error), keyOf func(T) []any) (*Connection[T], error) {
	req, err := p.request(l.name)
	if err != nil {
		return nil, err
	}
	var cursorArgs []any
	if req.cursor != nil {
		if cursorArgs, err = parseKey(l.key, req.cursor); err != nil {
			field := "after"
			if req.backward {
				field = "before"
			}
			return nil, domain.Invalid(field, "is not a cursor of this list")
		}
	}
	q := l.pageQuery(req, cursorArgs)
	rows, err := pool.Query(ctx, q.sql, q.args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.name, err)
	}
	nodes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (T, error) { return scan(row.(pgx.Rows)) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.name, err)
	}
	more := len(nodes) > req.size
	if more {
		nodes = nodes[:req.size]
	}
	if req.backward {
		slices.Reverse(nodes)
	}
	conn := &Connection[T]{Edges: make([]Edge[T], len(nodes))}
	for i, n := range nodes {
		conn.Edges[i] = Edge[T]{Cursor: encodeCursor(l.name, keyOf(n)), Node: n}
	}
	if len(nodes) > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[len(nodes)-1].Cursor
	}
	// Whether anything lies on the other side of the cursor (the row it
	// came from included).
	beyond := false
	if q.beyond != "" {
		if err := pool.QueryRow(ctx, q.beyond, q.args...).Scan(&beyond); err != nil {
			return nil, fmt.Errorf("%s: %w", l.name, err)
		}
	}
	if req.backward {
		conn.PageInfo.HasPreviousPage, conn.PageInfo.HasNextPage = more, beyond
	} else {
		conn.PageInfo.HasNextPage, conn.PageInfo.HasPreviousPage = more, beyond
	}
	conn.count = l.totals
	if conn.count == nil {
		filter, filterArgs := l.where, l.args
		conn.count = func(ctx context.Context) (int, error) {
			var n int
			err := pool.QueryRow(ctx, "SELECT count(*) "+l.from+whereClause(filter), filterArgs...).Scan(&n)
			return n, err
		}
	}
	return conn, nil
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// parseKey checks cursor values against the key's types; a forged cursor
// is a validation error, not a failing query.
func parseKey(key []keyColumn, values []string) ([]any, error) {
	if len(values) != len(key) {
		return nil, fmt.Errorf("cursor has %d values, want %d", len(values), len(key))
	}
	out := make([]any, len(values))
	for i, v := range values {
		var err error
		switch key[i].typ {
		case "timestamptz":
			out[i], err = time.Parse(time.RFC3339Nano, v)
		case "uuid":
			out[i], err = uuid.Parse(v)
		case "integer", "bigint":
			out[i], err = strconv.ParseInt(v, 10, 64)
		default:
			out[i] = v
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// arg appends a filter argument and returns its placeholder.
func (l *list) arg(v any) string {
	l.args = append(l.args, v)
	return fmt.Sprintf("$%d", len(l.args))
}

// pageQuery is the SQL of one page and of the probe beyond its cursor.
type pageQuery struct {
	sql, beyond string
	args        []any
}

func (l list) pageQuery(req request, cursorArgs []any) pageQuery {
	exprs := make([]string, len(l.key))
	for i, k := range l.key {
		exprs[i] = k.expr
	}
	tuple := "(" + strings.Join(exprs, ", ") + ")"
	// Comparisons selecting rows after a key in list order, and before it.
	after, before := ">", "<"
	if l.desc {
		after, before = "<", ">"
	}
	if req.backward {
		after, before = before, after
	}
	args := slices.Clone(l.args)
	where := slices.Clone(l.where)
	var q pageQuery
	if cursorArgs != nil {
		marks := make([]string, len(cursorArgs))
		for i, a := range cursorArgs {
			args = append(args, a)
			marks[i] = fmt.Sprintf("$%d::%s", len(args), l.key[i].typ)
		}
		cursorTuple := "(" + strings.Join(marks, ", ") + ")"
		where = append(where, tuple+" "+after+" "+cursorTuple)
		q.beyond = "SELECT EXISTS (SELECT 1 " + l.from +
			whereClause(append(slices.Clone(l.where), tuple+" "+before+"= "+cursorTuple)) + ")"
	}
	dir := "ASC"
	if l.desc != req.backward {
		dir = "DESC"
	}
	order := make([]string, len(exprs))
	for i, e := range exprs {
		order[i] = e + " " + dir
	}
	q.sql = "SELECT " + l.sel + " " + l.from + whereClause(where) + " ORDER BY " + strings.Join(order, ", ") +
		fmt.Sprintf(" LIMIT %d", req.size+1)
	q.args = args
	return q
}
