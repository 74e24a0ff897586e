package resolver_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/creativeclusters/planner/graphql/resolver"
)

// Read-your-own-writes by default: a planner who writes and reads back
// with no minPosition sees the write, 50 times in a row.
func TestReadsSeeTheReadersOwnWrites(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.quickStrategy("Own writes", false)
	for i := range 50 {
		title := fmt.Sprintf("Own writes %d", i)
		f.retitle(id, title)
		res := f.mustExec(f.plannerA, `query($s: ID!) { strategy(id: $s) { title } node(id: $s) { ... on Strategy { title } } }`, "s", id.String())
		if got := get(res.Data, "strategy.title"); got != title {
			t.Fatalf("read %d after the write: strategy.title %v, want %q", i, got, title)
		}
		if got := get(res.Data, "node.title"); got != title {
			t.Fatalf("read %d after the write: node.title %v, want %q", i, got, title)
		}
	}
}

// With the projections stopped, a writer's read waits for its own write
// (and ends UNAVAILABLE after the bound), while someone who wrote nothing
// is not held up: the wait is the writer's own.
func TestOwnWritesWaitOnlyForTheWriter(t *testing.T) {
	t.Parallel()
	f := newFixture(t) // no projections running
	deps := f.deps
	deps.MinPositionWait = 200 * time.Millisecond
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		t.Fatal(err)
	}
	f.schema = schema
	id, _ := f.quickStrategy("Unprojected", false)
	const q = `query($s: ID!) { strategy(id: $s) { title } }`
	if res := f.exec(&f.plannerA, q, "s", id.String()); f.onlyCode(res) != "UNAVAILABLE" {
		t.Errorf("writer read a read model without its own write: %+v %v", res.Errors, res.Data)
	}
	if res := f.exec(&f.plannerA, `query($s: ID!) { node(id: $s) { id } }`, "s", id.String()); f.onlyCode(res) != "UNAVAILABLE" {
		t.Errorf("writer's node lookup without its own write: %+v %v", res.Errors, res.Data)
	}
	// Every root field that reads the read models waits, including those
	// without a minPosition argument.
	for _, q := range []string{`{ locations { name } }`, `query($s: ID!) { organisation(id: $s) { name } }`, `{ organisations { totalCount } }`} {
		if res := f.exec(&f.plannerA, q, "s", id.String()); f.onlyCode(res) != "UNAVAILABLE" {
			t.Errorf("writer's %s without its own write: %+v %v", q, res.Errors, res.Data)
		}
	}
	for _, other := range []struct {
		name string
		res  result
	}{
		{"planner B", f.exec(&f.plannerB, q, "s", id.String())},
		{"viewer", f.exec(&f.viewer, q, "s", id.String())},
	} {
		if len(other.res.Errors) > 0 {
			t.Errorf("%s waited for someone else's write: %+v", other.name, other.res.Errors)
		}
	}
}
