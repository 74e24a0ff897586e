package read_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// Read-your-own-writes by default: a planner who writes and reads back
// with no minPosition sees the write, 50 times in a row.
func TestReadsSeeTheReadersOwnWrites(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	id, _ := f.QuickStrategy("Own writes", false)
	for i := range 50 {
		title := fmt.Sprintf("Own writes %d", i)
		f.Retitle(id, title)
		res := f.MustExec(f.PlannerA, `query($s: ID!) { strategy(id: $s) { title } node(id: $s) { ... on Strategy { title } } }`, "s", id.String())
		if got := resolvertest.Get(res.Data, "strategy.title"); got != title {
			t.Fatalf("read %d after the write: strategy.title %v, want %q", i, got, title)
		}
		if got := resolvertest.Get(res.Data, "node.title"); got != title {
			t.Fatalf("read %d after the write: node.title %v, want %q", i, got, title)
		}
	}
}

// With the projections stopped, a writer's read waits for its own write
// (and ends UNAVAILABLE after the bound), while someone who wrote nothing
// is not held up: the wait is the writer's own.
func TestOwnWritesWaitOnlyForTheWriter(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t) // no projections running
	deps := f.Deps
	deps.MinPositionWait = 200 * time.Millisecond
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		t.Fatal(err)
	}
	f.Schema = schema
	id, _ := f.QuickStrategy("Unprojected", false)
	const q = `query($s: ID!) { strategy(id: $s) { title } }`
	if res := f.Exec(&f.PlannerA, q, "s", id.String()); f.OnlyCode(res) != "UNAVAILABLE" {
		t.Errorf("writer read a read model without its own write: %+v %v", res.Errors, res.Data)
	}
	if res := f.Exec(&f.PlannerA, `query($s: ID!) { node(id: $s) { id } }`, "s", id.String()); f.OnlyCode(res) != "UNAVAILABLE" {
		t.Errorf("writer's node lookup without its own write: %+v %v", res.Errors, res.Data)
	}
	// Every root field that reads the read models waits, including those
	// without a minPosition argument.
	for _, q := range []string{`{ locations { name } }`, `query($s: ID!) { organisation(id: $s) { name } }`, `{ organisations { totalCount } }`} {
		if res := f.Exec(&f.PlannerA, q, "s", id.String()); f.OnlyCode(res) != "UNAVAILABLE" {
			t.Errorf("writer's %s without its own write: %+v %v", q, res.Errors, res.Data)
		}
	}
	for _, other := range []struct {
		name string
		res  resolvertest.Result
	}{
		{"planner B", f.Exec(&f.PlannerB, q, "s", id.String())},
		{"viewer", f.Exec(&f.Viewer, q, "s", id.String())},
	} {
		if len(other.res.Errors) > 0 {
			t.Errorf("%s waited for someone else's write: %+v", other.name, other.res.Errors)
		}
	}
}
