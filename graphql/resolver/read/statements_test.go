package read_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// statementCounter counts the statements a pool runs, but for the
// store's announcements of appends, which it sends after them from a
// goroutine of its own (eventstore/notify.go), whenever they are due.
type statementCounter struct {
	n   atomic.Int64
	mu  sync.Mutex
	sql []string
}

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if strings.Contains(data.SQL, "pg_notify") {
		return ctx
	}
	c.n.Add(1)
	c.mu.Lock()
	c.sql = append(c.sql, data.SQL)
	c.mu.Unlock()
	return ctx
}

func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *statementCounter) reset() {
	c.n.Store(0)
	c.mu.Lock()
	c.sql = nil
	c.mu.Unlock()
}

// A page of strategies with their partners (and the partners' locations),
// locations, creators and progress costs a few statements, the same for
// 10 strategies as for 100: everything an item references is read for the
// whole page at once.
func TestAPageOfStrategiesRunsABoundedNumberOfStatements(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	// Partners in locations the strategies do not use, so that their
	// locations are one more level to read.
	var orgs []string
	for i := range 6 {
		loc := f.ID(f.MustExec(f.Admin, fmt.Sprintf(`mutation { addLocation(input: {name: "Town %d", country: "PL"}) { location { id } } }`, i)),
			"addLocation.location.id")
		org := f.ID(f.MustExec(f.Admin, `mutation($l: ID!, $n: String!) { registerOrganisation(input: {name: $n, role: PARTNER, locationId: $l}) {
			organisation { id } } }`, "l", loc.String(), "n", fmt.Sprintf("Partner %d", i)), "registerOrganisation.organisation.id")
		orgs = append(orgs, org.String())
	}
	for i := range 100 {
		f.MustExec(f.Admin, `mutation($t: String!, $locs: [ID!]!, $orgs: [ID!]!) {
			createStrategy(input: {title: $t, startYear: 2027, locationIds: $locs, partnerIds: $orgs}) { position } }`,
			"t", fmt.Sprintf("Strategy %03d", i), "locs", []any{f.LocDE.String(), f.LocLT.String()},
			"orgs", []any{orgs[i%6], orgs[(i+1)%6], f.OrgA.String()})
	}
	f.CaughtUp()

	counter := &statementCounter{}
	f.Traced(counter, 4)

	const q = `query($n: Int) { strategies(first: $n) { totalCount pageInfo { hasNextPage endCursor }
		nodes { id title status revision createdAt updatedAt createdBy { name } updatedBy { name }
			locations { name country } partners { name location { country } } partnerships { role organisation { name } }
			progress { completion measures } } } }`
	// The bound: the page, its count, the referenced documents, their
	// locations, the actors, the progress figures; and some slack for a
	// loader batch that is split when its window closes early.
	const most = 8
	for _, n := range []int{10, 100} {
		counter.reset()
		res := f.MustExec(f.Viewer, q, "n", n)
		nodes := resolvertest.Get(res.Data, "strategies.nodes").([]any)
		if len(nodes) != n || resolvertest.Get(nodes[n-1], "partners.2.name") != "Media Dizajn" || resolvertest.Get(nodes[0], "partners.0.location.country") != "PL" ||
			resolvertest.Get(nodes[0], "createdBy.name") != "Ada Admin" || resolvertest.Get(nodes[0], "progress.measures") == nil || resolvertest.Get(nodes[0], "locations.1.country") != "LT" {
			t.Fatalf("page of %d: %v", n, nodes[0])
		}
		if got := counter.n.Load(); got > most {
			counter.mu.Lock()
			t.Fatalf("a page of %d strategies ran %d statements, want at most %d:\n%v", n, got, most, counter.sql)
		}
		t.Logf("a page of %d strategies: %d statements", n, counter.n.Load())
	}

	// A page of the audit log with each revision's subject, actor and
	// events: the page, the subjects, the actors, the events.
	for _, n := range []int{10, 100} {
		counter.reset()
		res := f.MustExec(f.Admin, `query($n: Int) { auditLog(first: $n) { nodes { number action actor { name }
			subject { ... on Strategy { title partners { name } } ... on Organisation { name } ... on Location { name } }
			changes { path } events { type data } } } }`, "n", n)
		nodes := resolvertest.Get(res.Data, "auditLog.nodes").([]any)
		if len(nodes) != n || resolvertest.Get(nodes[0], "actor.name") != "Ada Admin" || resolvertest.Get(nodes[0], "subject.title") == nil ||
			resolvertest.Get(nodes[0], "events.0.type") != "strategy.Created" {
			t.Fatalf("audit page of %d: %v", n, nodes[0])
		}
		if got := counter.n.Load(); got > most {
			counter.mu.Lock()
			t.Fatalf("an audit page of %d ran %d statements, want at most %d:\n%v", n, got, most, counter.sql)
		}
		t.Logf("an audit page of %d revisions: %d statements", n, counter.n.Load())
	}
}
