package history_test

import (
	"slices"
	"testing"
	"time"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// The audit log is REVIEWER and ADMIN only: others get null and
// FORBIDDEN, whatever their arguments.
func TestAuditLogVisibility(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	_, pos := f.QuickStrategy("Audited", false)
	const q = `query($m: String) { auditLog(first: 3, minPosition: $m) { totalCount nodes { action } } }`
	for _, who := range []struct {
		name  string
		actor domain.Actor
		ok    bool
	}{
		{"viewer", f.Viewer, false},
		{"planner", f.PlannerA, false},
		{"reviewer", f.ReviewerA, true},
		{"admin", f.Admin, true},
	} {
		res := f.Exec(&who.actor, q, "m", pos)
		if who.ok {
			if len(res.Errors) > 0 || resolvertest.Get(res.Data, "auditLog.nodes.0.action") != "createStrategy" {
				t.Errorf("%s: %+v %v", who.name, res.Errors, res.Data)
			}
			continue
		}
		if f.OnlyCode(res) != "FORBIDDEN" || resolvertest.Get(res.Data, "auditLog") != nil {
			t.Errorf("%s: %+v %v", who.name, res.Errors, res.Data)
		}
		// Bad arguments do not tell a forbidden caller anything either.
		bad := f.Exec(&who.actor, `{ auditLog(first: 0, filter: {actorId: "x"}) { totalCount } }`)
		if bad.Code(0) != "FORBIDDEN" {
			t.Errorf("%s with bad arguments: %+v", who.name, bad.Errors)
		}
	}
	anon := f.Exec(nil, q)
	if anon.Code(0) != "UNAUTHENTICATED" {
		t.Errorf("anonymous: %+v", anon.Errors)
	}
}

// Every revision of every subject, newest first by log position, with
// each filter of AuditFilter; pages go by position.
func TestAuditLogFiltersAndPages(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	start := time.Now().UTC()
	s, _ := f.QuickStrategy("Audited", false)
	f.Retitle(s, "Audited twice")
	f.MustExec(f.Admin, `mutation($l: ID!) { registerOrganisation(input: {name: "Nope", role: PARTNER, locationId: $l}) { position } }`,
		"l", f.LocLT.String())
	pos := f.Retitle(s, "Audited thrice")
	f.CaughtUp()

	list := func(filter map[string]any, page ...any) resolvertest.Result {
		t.Helper()
		vars := append([]any{"f", filter, "m", pos}, page...)
		return f.MustExec(f.ReviewerB, `query($f: AuditFilter, $m: String, $first: Int, $after: String, $last: Int, $before: String) {
			auditLog(filter: $f, minPosition: $m, first: $first, after: $after, last: $last, before: $before) {
				totalCount nodes { action subjectType position subject { ... on Strategy { title } ... on Organisation { name } ... on Location { name } }
					actor { name } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`, vars...)
	}
	all := list(nil)
	actions := resolvertest.Strs(resolvertest.Get(all.Data, "auditLog.nodes"), "action")
	// The fixture's own revisions (locations, organisations) come before.
	if len(actions) < 8 || !slices.Equal(actions[:4], []string{"updateStrategy", "registerOrganisation", "updateStrategy", "createStrategy"}) {
		t.Fatalf("audit log %v", actions)
	}
	positions := resolvertest.Strs(resolvertest.Get(all.Data, "auditLog.nodes"), "position")
	for i := 1; i < len(positions); i++ {
		if resolvertest.Num(positions[i]) >= resolvertest.Num(positions[i-1]) {
			t.Fatalf("not newest first by position: %v", positions)
		}
	}
	if resolvertest.Get(all.Data, "auditLog.nodes.0.subject.title") != "Audited thrice" || resolvertest.Get(all.Data, "auditLog.nodes.0.actor.name") != "Paula Planner" {
		t.Fatalf("first entry %v", resolvertest.Get(all.Data, "auditLog.nodes.0"))
	}
	total := resolvertest.Num(resolvertest.Get(all.Data, "auditLog.totalCount"))
	for _, c := range []struct {
		name   string
		filter map[string]any
		want   []string
	}{
		{"subject", map[string]any{"subjectId": s.String()}, []string{"updateStrategy", "updateStrategy", "createStrategy"}},
		{"subject type", map[string]any{"subjectType": "STRATEGY"}, []string{"updateStrategy", "updateStrategy", "createStrategy"}},
		{"action", map[string]any{"action": "createStrategy"}, []string{"createStrategy"}},
		{"organisation type", map[string]any{"subjectType": "ORGANISATION"}, []string{"registerOrganisation", "registerOrganisation", "registerOrganisation"}},
		{"actor", map[string]any{"actorId": f.PlannerA.ID.String()}, []string{"updateStrategy", "updateStrategy", "createStrategy"}},
		{"actor organisation", map[string]any{"actorOrganisationId": f.OrgA.String(), "subjectType": "STRATEGY"}, []string{"updateStrategy", "updateStrategy", "createStrategy"}},
		{"from inclusive", map[string]any{"from": start.Format(time.RFC3339Nano), "subjectType": "STRATEGY"}, []string{"updateStrategy", "updateStrategy", "createStrategy"}},
		{"to exclusive", map[string]any{"to": start.Format(time.RFC3339Nano), "subjectType": "STRATEGY"}, []string{}},
	} {
		got := resolvertest.Strs(resolvertest.Get(list(c.filter).Data, "auditLog.nodes"), "action")
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Pages of two, forward to the end, then one back.
	var seen []string
	var after any
	for {
		page := list(nil, "first", 2, "after", after)
		seen = append(seen, resolvertest.Strs(resolvertest.Get(page.Data, "auditLog.nodes"), "position")...)
		if resolvertest.Get(page.Data, "auditLog.pageInfo.hasNextPage") != true {
			break
		}
		after = resolvertest.Get(page.Data, "auditLog.pageInfo.endCursor")
	}
	if !slices.Equal(seen, positions) || len(seen) != total {
		t.Fatalf("pages %v, all %v (total %d)", seen, positions, total)
	}
	back := list(nil, "last", 2, "before", resolvertest.Get(list(nil, "first", 3).Data, "auditLog.pageInfo.endCursor"))
	if got := resolvertest.Strs(resolvertest.Get(back.Data, "auditLog.nodes"), "position"); !slices.Equal(got, positions[:2]) ||
		resolvertest.Get(back.Data, "auditLog.pageInfo.hasPreviousPage") != false {
		t.Fatalf("page before the third: %v %v", got, back.Data)
	}
	bad := f.Exec(&f.Admin, `{ auditLog(filter: {subjectId: "nope", from: "yesterday"}) { totalCount } }`)
	if f.OnlyCode(bad) != "VALIDATION_FAILED" || !slices.Equal(resolvertest.FieldPaths(bad.Errors[0]), []string{"filter.subjectId", "filter.from"}) {
		t.Fatalf("bad filter: %+v", bad.Errors)
	}
}
