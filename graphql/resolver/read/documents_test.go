package read_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// Strategies are listed most recently updated first; a page is a keyset
// range either way, and cursors carry on where the last page ended.
func TestStrategiesPaginateBothWays(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	var ids []uuid.UUID
	for _, title := range []string{"S1", "S2", "S3", "S4", "S5"} {
		id, _ := f.QuickStrategy(title, false)
		ids = append(ids, id)
	}
	pos := f.Retitle(ids[1], "S2 again") // S2 becomes the most recent
	want := []string{"S2 again", "S5", "S4", "S3", "S1"}

	const page = `query($first: Int, $after: String, $last: Int, $before: String, $min: String) {
		strategies(first: $first, after: $after, last: $last, before: $before, minPosition: $min) {
			totalCount nodes { title } edges { cursor node { id } }
			pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`
	first := f.MustExec(f.Viewer, page, "first", 2, "min", pos)
	if got := resolvertest.Strs(resolvertest.Get(first.Data, "strategies.nodes"), "title"); !slices.Equal(got, want[:2]) {
		t.Fatalf("first page %v, want %v", got, want[:2])
	}
	if resolvertest.Get(first.Data, "strategies.pageInfo.hasNextPage") != true || resolvertest.Get(first.Data, "strategies.pageInfo.hasPreviousPage") != false ||
		resolvertest.Num(resolvertest.Get(first.Data, "strategies.totalCount")) != 5 {
		t.Fatalf("first page info %v", first.Data)
	}
	if resolvertest.Get(first.Data, "strategies.pageInfo.endCursor") != resolvertest.Get(first.Data, "strategies.edges.1.cursor") {
		t.Fatalf("endCursor is not the last edge's cursor: %v", first.Data)
	}
	second := f.MustExec(f.Viewer, page, "first", 2, "after", resolvertest.Get(first.Data, "strategies.pageInfo.endCursor"))
	if got := resolvertest.Strs(resolvertest.Get(second.Data, "strategies.nodes"), "title"); !slices.Equal(got, want[2:4]) {
		t.Fatalf("second page %v, want %v", got, want[2:4])
	}
	if resolvertest.Get(second.Data, "strategies.pageInfo.hasNextPage") != true || resolvertest.Get(second.Data, "strategies.pageInfo.hasPreviousPage") != true {
		t.Fatalf("second page info %v", second.Data)
	}
	third := f.MustExec(f.Viewer, page, "first", 2, "after", resolvertest.Get(second.Data, "strategies.pageInfo.endCursor"))
	if got := resolvertest.Strs(resolvertest.Get(third.Data, "strategies.nodes"), "title"); !slices.Equal(got, want[4:]) || resolvertest.Get(third.Data, "strategies.pageInfo.hasNextPage") != false {
		t.Fatalf("third page %v", third.Data)
	}
	// Backwards from the end, and before a cursor.
	last := f.MustExec(f.Viewer, page, "last", 2)
	if got := resolvertest.Strs(resolvertest.Get(last.Data, "strategies.nodes"), "title"); !slices.Equal(got, want[3:]) ||
		resolvertest.Get(last.Data, "strategies.pageInfo.hasPreviousPage") != true || resolvertest.Get(last.Data, "strategies.pageInfo.hasNextPage") != false {
		t.Fatalf("last page %v", last.Data)
	}
	before := f.MustExec(f.Viewer, page, "last", 2, "before", resolvertest.Get(last.Data, "strategies.pageInfo.startCursor"))
	if got := resolvertest.Strs(resolvertest.Get(before.Data, "strategies.nodes"), "title"); !slices.Equal(got, want[1:3]) ||
		resolvertest.Get(before.Data, "strategies.pageInfo.hasNextPage") != true || resolvertest.Get(before.Data, "strategies.pageInfo.hasPreviousPage") != true {
		t.Fatalf("page before %v", before.Data)
	}
	// Default page size: 20, here everything.
	all := f.MustExec(f.Viewer, `{ strategies { nodes { title } } }`)
	if got := resolvertest.Strs(resolvertest.Get(all.Data, "strategies.nodes"), "title"); !slices.Equal(got, want) {
		t.Fatalf("default page %v", got)
	}
}

// Page arguments out of bounds, combined or forged are VALIDATION_FAILED
// with the argument's path, on every connection.
func TestConnectionArgumentsAreValidated(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	id, _ := f.QuickStrategy("S", false)
	f.CaughtUp()
	cases := []struct {
		name, query string
		paths       []string
	}{
		{"first 0", `{ strategies(first: 0) { totalCount } }`, []string{"first"}},
		{"first 101", `{ strategies(first: 101) { totalCount } }`, []string{"first"}},
		{"last 101", `{ cooperationConcepts(last: 101) { totalCount } }`, []string{"last"}},
		{"first and last", `{ organisations(first: 1, last: 1) { totalCount } }`, []string{"last"}},
		{"after and before", `{ strategies(after: "x", before: "y") { totalCount } }`, []string{"before"}},
		{"forged cursor", `{ strategies(after: "bm9wZQ") { totalCount } }`, []string{"after"}},
		{"revisions first 0", `query($s: ID!) { strategy(id: $s) { revisions(first: 0) { totalCount } } }`, []string{"first"}},
		{"dashboard last 0", `{ dashboard { strategies(last: 0) { totalCount } } }`, []string{"last"}},
		{"bad filter id", `{ strategies(filter: {partnerId: "nope"}) { totalCount } }`, []string{"filter.partnerId"}},
		{"bad minPosition", `{ strategies(minPosition: "-3") { totalCount } }`, []string{"minPosition"}},
		{"weeks", `{ dashboard { activity(weeks: 0) { revisions } } }`, []string{"weeks"}},
	}
	for _, c := range cases {
		res := f.Exec(&f.Viewer, c.query, "s", id.String())
		if f.OnlyCode(res) != "VALIDATION_FAILED" || !slices.Equal(resolvertest.FieldPaths(res.Errors[0]), c.paths) {
			t.Errorf("%s: %+v, want VALIDATION_FAILED at %v", c.name, res.Errors, c.paths)
		}
	}
	// A cursor of one list is refused by another.
	res := f.MustExec(f.Viewer, `{ organisations(first: 1) { pageInfo { endCursor } } }`)
	bad := f.Exec(&f.Viewer, `query($c: String) { strategies(after: $c) { totalCount } }`, "c", resolvertest.Get(res.Data, "organisations.pageInfo.endCursor"))
	if bad.Code(0) != "VALIDATION_FAILED" {
		t.Errorf("a cursor of another list: %+v", bad.Errors)
	}
}

func TestStrategyFilters(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	alone, _ := f.QuickStrategy("Culture Alone", false)
	both, _ := f.QuickStrategy("Joint culture", true)
	f.QuickStrategy("Tourism", true)
	f.MustExec(f.PlannerA, `mutation($s: ID!, $l: ID!) { addStrategyLocation(input: {strategyId: $s, locationId: $l}) { position } }`,
		"s", both.String(), "l", f.LocLT.String())
	f.MustExec(f.PlannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) { position } }`, "s", alone.String())
	f.CaughtUp()

	titles := func(filter map[string]any) []string {
		t.Helper()
		out := f.MustExec(f.Viewer, `query($f: StrategyFilter) { strategies(filter: $f) { totalCount nodes { title } } }`, "f", filter)
		got := resolvertest.Strs(resolvertest.Get(out.Data, "strategies.nodes"), "title")
		if resolvertest.Num(resolvertest.Get(out.Data, "strategies.totalCount")) != len(got) {
			t.Fatalf("totalCount %v for %v", resolvertest.Get(out.Data, "strategies.totalCount"), got)
		}
		slices.Sort(got)
		return got
	}
	for _, c := range []struct {
		filter map[string]any
		want   []string
	}{
		{map[string]any{"status": []any{"IN_REVIEW"}}, []string{"Culture Alone"}},
		{map[string]any{"status": []any{"DRAFT", "ADOPTED"}}, []string{"Joint culture", "Tourism"}},
		{map[string]any{"partnerId": f.OrgB.String()}, []string{"Joint culture", "Tourism"}},
		{map[string]any{"locationId": f.LocLT.String()}, []string{"Joint culture"}},
		{map[string]any{"search": "CULTURE"}, []string{"Culture Alone", "Joint culture"}},
		{map[string]any{"search": "culture", "partnerId": f.OrgB.String()}, []string{"Joint culture"}},
		{map[string]any{"search": "%"}, []string{}},
	} {
		if got := titles(c.filter); !slices.Equal(got, c.want) {
			t.Errorf("filter %v: %v, want %v", c.filter, got, c.want)
		}
	}
}

func TestConceptFiltersAndSingleConcept(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	s1, _ := f.QuickStrategy("One", true)
	s2, _ := f.QuickStrategy("Two", true)
	c1 := f.CreateConcept(s1) // SPECIFIED, CONSULTANCY_STRUCTURE
	res := f.MustExec(f.PlannerA, `mutation($orgs: [ID!]!, $s: ID) {
		createCooperationConcept(input: {kind: LOCAL_PROCESS_SUPPORT, title: "Local", partnerIds: $orgs, strategyId: $s}) { position cooperationConcept { id } } }`,
		"orgs", []any{f.OrgA.String()}, "s", s2.String())
	c2 := f.ID(res, "createCooperationConcept.cooperationConcept.id")
	pos := f.Str(res, "createCooperationConcept.position")

	list := func(filter map[string]any) []string {
		t.Helper()
		out := f.MustExec(f.Viewer, `query($f: ConceptFilter, $m: String) { cooperationConcepts(filter: $f, minPosition: $m) { totalCount nodes { id } } }`,
			"f", filter, "m", pos)
		return resolvertest.Strs(resolvertest.Get(out.Data, "cooperationConcepts.nodes"), "id")
	}
	for _, c := range []struct {
		filter map[string]any
		want   []string
	}{
		{nil, []string{c2.String(), c1.ID.String()}},
		{map[string]any{"kind": []any{"LOCAL_PROCESS_SUPPORT"}}, []string{c2.String()}},
		{map[string]any{"status": []any{"SPECIFIED"}}, []string{c1.ID.String()}},
		{map[string]any{"strategyId": s1.String()}, []string{c1.ID.String()}},
		{map[string]any{"strategyId": s1.String(), "status": []any{"DRAFT"}}, []string{}},
	} {
		if got := list(c.filter); !slices.Equal(got, c.want) {
			t.Errorf("filter %v: %v, want %v", c.filter, got, c.want)
		}
	}
	one := f.MustExec(f.Viewer, `query($c: ID!) { cooperationConcept(id: $c) { title status strategy { title } partners { name }
		pilots { location { name } } createdBy { name } } }`, "c", c1.ID.String())
	if resolvertest.Get(one.Data, "cooperationConcept.status") != "SPECIFIED" || resolvertest.Get(one.Data, "cooperationConcept.strategy.title") != "One" ||
		resolvertest.Get(one.Data, "cooperationConcept.pilots.0.location.name") != "Rostock" || resolvertest.Get(one.Data, "cooperationConcept.createdBy.name") != "Paula Planner" {
		t.Fatalf("concept %v", one.Data)
	}
	// Another type's id, or a malformed one, is null.
	for _, id := range []string{s1.String(), "nope"} {
		res := f.MustExec(f.Viewer, `query($c: ID!) { cooperationConcept(id: $c) { id } }`, "c", id)
		if resolvertest.Get(res.Data, "cooperationConcept") != nil {
			t.Errorf("cooperationConcept(%s) = %v", id, res.Data)
		}
	}
}

func TestOrganisationsByNameAndLocationsByCountryThenName(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	f.MustExec(f.Admin, `mutation { addLocation(input: {name: "Berlin", country: "DE"}) { position } }`)
	f.MustExec(f.Admin, `mutation($l: ID!) { registerOrganisation(input: {name: "Aalto Hub", role: ASSOCIATED, locationId: $l}) { position } }`,
		"l", f.LocLT.String())
	f.CaughtUp()
	orgs := f.MustExec(f.Viewer, `{ organisations(first: 2) { totalCount nodes { name location { name } } pageInfo { hasNextPage } } }`)
	if got := resolvertest.Strs(resolvertest.Get(orgs.Data, "organisations.nodes"), "name"); !slices.Equal(got, []string{"Aalto Hub", "Media Dizajn"}) ||
		resolvertest.Get(orgs.Data, "organisations.nodes.0.location.name") != "Rietavas" || resolvertest.Num(resolvertest.Get(orgs.Data, "organisations.totalCount")) != 3 ||
		resolvertest.Get(orgs.Data, "organisations.pageInfo.hasNextPage") != true {
		t.Fatalf("organisations %v", orgs.Data)
	}
	locs := f.MustExec(f.Viewer, `{ locations { name country region } }`)
	if got := resolvertest.Strs(resolvertest.Get(locs.Data, "locations"), "name"); !slices.Equal(got, []string{"Berlin", "Rostock", "Rietavas"}) {
		t.Fatalf("locations %v", got)
	}
	one := f.MustExec(f.Viewer, `query($o: ID!) { organisation(id: $o) { name role createdAt location { country } } }`, "o", f.OrgB.String())
	if resolvertest.Get(one.Data, "organisation.name") != "Rietavas TIC" || resolvertest.Get(one.Data, "organisation.location.country") != "LT" {
		t.Fatalf("organisation %v", one.Data)
	}
}

// minPosition: a read after a mutation sees the mutation; a position the
// read models do not reach in time is UNAVAILABLE.
func TestMinPositionReadsYourWrites(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	id, _ := f.QuickStrategy("Before", false)
	for i := range 5 {
		title := "After " + string(rune('A'+i))
		pos := f.Retitle(id, title)
		res := f.MustExec(f.Viewer, `query($s: ID!, $m: String) { strategy(id: $s, minPosition: $m) { title revision }
			strategies(minPosition: $m) { nodes { title } } dashboard(minPosition: $m) { position } }`, "s", id.String(), "m", pos)
		if resolvertest.Get(res.Data, "strategy.title") != title || resolvertest.Get(res.Data, "strategies.nodes.0.title") != title {
			t.Fatalf("read after write %d: %v", i, res.Data)
		}
		if p, _ := resolvertest.Get(res.Data, "dashboard.position").(string); resolvertest.Num(p) < resolvertest.Num(pos) {
			t.Fatalf("dashboard position %s before %s", p, pos)
		}
	}
	// Nothing reaches a position that does not exist yet.
	deps := f.Deps
	deps.MinPositionWait = 100 * time.Millisecond
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		t.Fatal(err)
	}
	f.Schema = schema
	start := time.Now()
	res := f.Exec(&f.Viewer, `{ strategies(minPosition: "999999999") { totalCount } }`)
	if f.OnlyCode(res) != "UNAVAILABLE" || resolvertest.Get(res.Data, "strategies") != nil {
		t.Fatalf("unreachable position: %+v", res)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("waited %s for an unreachable position", time.Since(start))
	}
}

// Before the projections have a new document, typed fields still find it
// (in the event store): a document that exists is never null.
func TestDocumentsNotProjectedYetAreFoundInTheEventStore(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t) // no projections running
	id, _ := f.QuickStrategy("Fresh", true)
	res := f.MustExec(f.Viewer, `query($s: ID!) { strategy(id: $s) { title progress { completion } partners { name } }
		strategies { totalCount } node(id: $s) { id } }`, "s", id.String())
	if resolvertest.Get(res.Data, "strategy.title") != "Fresh" || resolvertest.Get(res.Data, "strategy.progress") != nil ||
		resolvertest.Get(res.Data, "strategy.partners.1.name") != "Rietavas TIC" || resolvertest.Num(resolvertest.Get(res.Data, "strategies.totalCount")) != 0 ||
		resolvertest.Get(res.Data, "node.id") != id.String() {
		t.Fatalf("unprojected strategy: %v", res.Data)
	}
}
