package read_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/transport"
)

// budgetFixture serves f's database through a pool that counts statements
// and charges rows to the request's read budget, as the service does.
func budgetFixture(t *testing.T, f *resolvertest.Fixture) *statementCounter {
	t.Helper()
	counter := &statementCounter{}
	f.Traced(transport.ReadBudgetTracer{Next: counter}, 4)
	return counter
}

// Issue 11, case 2: 400 aliases of strategies(first: 100) { totalCount }
// read no documents: each alias counts, and reads at most one row of its
// list to check its arguments, so the request stays far within the read
// budget a page of 100 documents per alias would blow.
func TestTotalCountAliasesLoadNoDocuments(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	for i := range 3 {
		f.QuickStrategy(fmt.Sprintf("Strategy %d", i), false)
	}
	f.CaughtUp()
	counter := budgetFixture(t, f)

	var b strings.Builder
	b.WriteString("{")
	for i := range 400 {
		fmt.Fprintf(&b, " a%d: strategies(first: 100) { totalCount }", i)
	}
	b.WriteString(" }")
	const budget = 2000 // 400 × (count + one row), not 400 × 100 documents
	res := f.ExecCtx(transport.WithReadBudget(f.Ctx(&f.Viewer), budget), b.String())
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v", res.Errors[0])
	}
	if n := resolvertest.Num(resolvertest.Get(res.Data, "a399.totalCount")); n != 3 {
		t.Fatalf("totalCount %d", n)
	}
	counter.mu.Lock()
	defer counter.mu.Unlock()
	for _, sql := range counter.sql {
		if strings.Contains(sql, "LIMIT 101") {
			t.Fatalf("a page of documents was read: %s", sql)
		}
	}
}

// A request that reads more rows than its budget fails with
// QUERY_TOO_COMPLEX instead of reading on.
func TestReadBudgetRefusesFurtherStatements(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	for i := range 5 {
		f.QuickStrategy(fmt.Sprintf("Strategy %d", i), false)
	}
	f.CaughtUp()
	budgetFixture(t, f)
	var b strings.Builder
	b.WriteString("{")
	for i := range 20 {
		fmt.Fprintf(&b, " a%d: strategies(first: 100) { nodes { title } }", i)
	}
	b.WriteString(" }")
	res := f.ExecCtx(transport.WithReadBudget(f.Ctx(&f.Viewer), 20), b.String())
	if len(res.Errors) == 0 {
		t.Fatal("20 pages of 5 rows were read within a budget of 20 rows")
	}
}
