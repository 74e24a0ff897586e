package read_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/projections"
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

// A writer's document read looks up its own last write and reads the
// document in one statement. The row is as stale as the read model, so it
// must never be served when that write is not applied yet: not when the
// document is in the read model at an older revision, and not when another
// instance (a service over a pool and store of its own) accepted the
// write. Once the read models hold the write, the same read serves it.
func TestADocumentReadNeverServesARowWithoutTheReadersOwnWrite(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t) // projections run only when rebuild says so
	deps := f.Deps
	deps.MinPositionWait = 200 * time.Millisecond
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		t.Fatal(err)
	}
	f.Schema = schema
	ctx := context.Background()
	runner, err := projections.NewRunner(projections.Config{
		Pool: f.BG, Registry: f.Deps.App.Store().Registry(), NewAggregate: catalog.New,
		Projections: f.Deps.Projections, Logger: resolvertest.Logger(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	rebuild := func() {
		t.Helper()
		for _, p := range runner.Projections() {
			if err := runner.Rebuild(ctx, p.Name()); err != nil {
				t.Fatalf("rebuild %s: %v", p.Name(), err)
			}
		}
	}
	id, _ := f.QuickStrategy("Before", false)
	rebuild()
	const q = `query($s: ID!) { strategy(id: $s) { title } }`
	if res := f.MustExec(f.PlannerA, q, "s", id.String()); resolvertest.Get(res.Data, "strategy.title") != "Before" {
		t.Fatalf("writer's read with everything applied: %v", res.Data)
	}

	// Another instance: its own pool, store and command service.
	pool, err := pgxpool.New(ctx, f.Pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	other := app.NewService(eventstore.New(pool, catalog.Registry()), app.Config{})
	for i, write := range []func(title string){
		func(title string) { f.Retitle(id, title) },
		func(title string) {
			_, err := app.Execute(ctx, other, app.Strategies, id, domain.Command[*strategy.Strategy](strategy.UpdateStrategy{Title: domain.Some(title)}),
				app.Request{Actor: f.PlannerA})
			if err != nil {
				t.Fatal(err)
			}
		},
	} {
		title := fmt.Sprintf("After %d", i)
		write(title)
		// The read model holds the strategy, at the title before.
		for _, query := range []string{q, `query($s: ID!) { cooperationConcept(id: $s) { title } }`, `query($s: ID!) { organisation(id: $s) { name } }`} {
			if res := f.Exec(&f.PlannerA, query, "s", id.String()); f.OnlyCode(res) != "UNAVAILABLE" {
				t.Errorf("write %d: writer's %s served without its own write: %+v %v", i, query, res.Errors, res.Data)
			}
		}
		if res := f.MustExec(f.PlannerB, q, "s", id.String()); resolvertest.Get(res.Data, "strategy.title") == title {
			t.Fatalf("write %d: the read model had the write already; the test proves nothing", i)
		}
		rebuild()
		if res := f.MustExec(f.PlannerA, q, "s", id.String()); resolvertest.Get(res.Data, "strategy.title") != title {
			t.Errorf("write %d: writer's read once applied: %v, want title %q", i, res.Data, title)
		}
	}
}
