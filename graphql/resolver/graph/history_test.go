package graph_test

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// revisionFields is every field of a Revision, for comparing one read from
// the event store with the projected one.
const revisionFields = `id number subjectType action at reason commandId correlationId position
	actor { id name } subject { __typename ... on Strategy { id } ... on Organisation { id } }
	changes { path kind before after redacted }
	events { id type version position at data redacted }`

// Revisions are newest first, one per accepted mutation: a merged edit is
// one, a conflicting one is none.
func TestRevisionsOfAStrategyWithMergedAndConflictingEdits(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.CreateStrategy() // revisions 1..7
	body := f.MustExec(f.PlannerA, `mutation($s: ID!, $k: ID!) { updateSection(input: {strategyId: $s, sectionId: $k, body: "New body", expectedRevision: 7}) {
		merged revision { number } } }`, "s", k.ID.String(), "k", k.Section.String())
	merged := f.MustExec(f.PlannerB, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Merged title", expectedRevision: 7, reason: "shorter"}) {
		merged position revision { `+revisionFields+` } } }`, "s", k.ID.String())
	if resolvertest.Get(body.Data, "updateSection.merged") != false || resolvertest.Get(merged.Data, "updateStrategy.merged") != true {
		t.Fatalf("merge: %v %v", body.Data, merged.Data)
	}
	conflict := f.Exec(&f.PlannerB, `mutation($s: ID!, $k: ID!) { updateSection(input: {strategyId: $s, sectionId: $k, body: "Other", expectedRevision: 7}) {
		position } }`, "s", k.ID.String(), "k", k.Section.String())
	if conflict.Code(0) != "REVISION_CONFLICT" {
		t.Fatalf("conflicting edit: %+v", conflict.Errors)
	}
	pos := f.Str(merged, "updateStrategy.position")

	const q = `query($s: ID!, $m: String, $first: Int, $after: String, $last: Int) { strategy(id: $s, minPosition: $m) {
		revision revisions(first: $first, after: $after, last: $last) { totalCount
			edges { cursor node { number action reason actor { name } changes { path kind before after } } }
			pageInfo { hasNextPage hasPreviousPage } } } }`
	res := f.MustExec(f.Viewer, q, "s", k.ID.String(), "m", pos, "first", 3)
	nodes := resolvertest.Get(res.Data, "strategy.revisions.edges")
	if got := resolvertest.Strs(nodes, "node.number"); !slices.Equal(got, []string{"9", "8", "7"}) {
		t.Fatalf("newest first: %v", got)
	}
	if got := resolvertest.Strs(nodes, "node.action"); !slices.Equal(got, []string{"updateStrategy", "updateSection", "addIndicator"}) {
		t.Fatalf("actions %v", got)
	}
	if resolvertest.Num(resolvertest.Get(res.Data, "strategy.revisions.totalCount")) != 9 || resolvertest.Get(res.Data, "strategy.revisions.pageInfo.hasNextPage") != true {
		t.Fatalf("page %v", res.Data)
	}
	first := resolvertest.Get(nodes, "0.node")
	if resolvertest.Get(first, "reason") != "shorter" || resolvertest.Get(first, "actor.name") != "Petras Planner" ||
		!reflect.DeepEqual(resolvertest.Get(first, "changes"), []any{map[string]any{"path": "/title", "kind": "CHANGED", "before": "Creative South Baltic", "after": "Merged title"}}) {
		t.Fatalf("merged revision %v", first)
	}
	if got := resolvertest.Strs(resolvertest.Get(nodes, "1.node.changes"), "path"); !slices.Equal(got, []string{"/sections/" + k.Section.String() + "/body"}) {
		t.Fatalf("section revision changes %v", got)
	}
	next := f.MustExec(f.Viewer, q, "s", k.ID.String(), "first", 2, "after", resolvertest.Get(nodes, "2.cursor"))
	if got := resolvertest.Strs(resolvertest.Get(next.Data, "strategy.revisions.edges"), "node.number"); !slices.Equal(got, []string{"6", "5"}) {
		t.Fatalf("next page %v", got)
	}
	oldest := f.MustExec(f.Viewer, q, "s", k.ID.String(), "last", 2)
	if got := resolvertest.Strs(resolvertest.Get(oldest.Data, "strategy.revisions.edges"), "node.number"); !slices.Equal(got, []string{"2", "1"}) ||
		resolvertest.Get(oldest.Data, "strategy.revisions.pageInfo.hasPreviousPage") != true {
		t.Fatalf("oldest %v", oldest.Data)
	}

	// The payload's revision (from the event store) is the projected one.
	projected := f.MustExec(f.Viewer, `query($s: ID!) { strategy(id: $s) { revisionByNumber(number: 9) { `+revisionFields+` }
		none: revisionByNumber(number: 10) { id } zero: revisionByNumber(number: 0) { id } } }`, "s", k.ID.String())
	sameJSON(t, resolvertest.Get(merged.Data, "updateStrategy.revision"), resolvertest.Get(projected.Data, "strategy.revisionByNumber"))
	if resolvertest.Get(projected.Data, "strategy.none") != nil || resolvertest.Get(projected.Data, "strategy.zero") != nil {
		t.Fatalf("out of range revisions: %v", projected.Data)
	}
	ev := resolvertest.Get(projected.Data, "strategy.revisionByNumber.events.0")
	if resolvertest.Get(ev, "type") != "strategy.Updated" || resolvertest.Get(ev, "data.title") != "Merged title" || resolvertest.Get(ev, "redacted") != false ||
		resolvertest.Num(resolvertest.Get(ev, "version")) < 9 || resolvertest.Get(ev, "position") != pos {
		t.Fatalf("event %v", ev)
	}
}

// snapshot(at:) picks a revision by number, instant or version name;
// anything out of range is NOT_FOUND, a selector that is not one of them
// VALIDATION_FAILED at the argument.
func TestSnapshotSelectors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.CreateStrategy()
	f.MustExec(f.PlannerA, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 3, name: "v3"}) { position } }`, "s", k.ID.String())
	at := f.MustExec(f.Viewer, `query($s: ID!) { strategy(id: $s) { revisionByNumber(number: 4) { at } } }`, "s", k.ID.String())
	at4 := f.Str(at, "strategy.revisionByNumber.at")

	const q = `query($s: ID!, $at: RevisionSelector!) { strategy(id: $s) { snapshot(at: $at) {
		id title revision { number } sections { key } priorities { objectives { key } } } } }`
	for _, c := range []struct {
		at                      map[string]any
		number, sections, prios int
	}{
		{map[string]any{"number": 1}, 1, 0, 0},
		{map[string]any{"number": 2}, 2, 1, 0},
		{map[string]any{"versionName": "v3"}, 3, 1, 1},
		{map[string]any{"asOf": at4}, 4, 1, 1},
		{map[string]any{"asOf": "2999-01-01T00:00:00Z"}, 8, 1, 1},
	} {
		res := f.MustExec(f.Viewer, q, "s", k.ID.String(), "at", c.at)
		snap := resolvertest.Get(res.Data, "strategy.snapshot")
		if resolvertest.Num(resolvertest.Get(snap, "revision.number")) != c.number || len(resolvertest.Get(snap, "sections").([]any)) != c.sections ||
			len(resolvertest.Get(snap, "priorities").([]any)) != c.prios {
			t.Errorf("snapshot at %v: %v", c.at, snap)
		}
	}
	for _, at := range []map[string]any{{"number": 0}, {"number": 9}, {"versionName": "nope"}, {"asOf": "2000-01-01T00:00:00Z"}} {
		res := f.Exec(&f.Viewer, q, "s", k.ID.String(), "at", at)
		if res.Code(0) != "NOT_FOUND" || resolvertest.Get(res.Data, "strategy.snapshot") != nil {
			t.Errorf("snapshot at %v: %+v", at, res)
		}
	}
	// graphql-go refuses a selector with two members (@oneOf) before the
	// resolver runs (the transport adds VALIDATION_FAILED); a malformed
	// instant is the resolver's to refuse, at the argument's path.
	if res := f.Exec(&f.Viewer, q, "s", k.ID.String(), "at", map[string]any{"number": 1, "versionName": "v3"}); len(res.Errors) != 1 || res.Data != nil {
		t.Errorf("two selectors: %+v", res)
	}
	res := f.Exec(&f.Viewer, q, "s", k.ID.String(), "at", map[string]any{"asOf": "yesterday"})
	if f.OnlyCode(res) != "VALIDATION_FAILED" || !slices.Equal(resolvertest.FieldPaths(res.Errors[0]), []string{"at.asOf"}) {
		t.Errorf("malformed asOf: %+v", res.Errors)
	}
}

// diff compares any two revisions, either way, under a path prefix.
func TestDiffBothDirectionsWithPathPrefix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.CreateStrategy()
	f.MustExec(f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Renamed"}) { position } }`, "s", k.ID.String())
	section := "/sections/" + k.Section.String()
	priority := "/priorities/" + k.Priority.String()

	diff := func(from, to int, prefix any) ([]any, resolvertest.Result) {
		t.Helper()
		res := f.Exec(&f.Viewer, `query($s: ID!, $from: Int!, $to: Int!, $p: String) { strategy(id: $s) {
			diff(fromRevision: $from, toRevision: $to, pathPrefix: $p) { path kind before after redacted } } }`,
			"s", k.ID.String(), "from", from, "to", to, "p", prefix)
		changes, _ := resolvertest.Get(res.Data, "strategy.diff").([]any)
		return changes, res
	}
	added, _ := diff(1, 2, nil)
	if len(added) != 1 || resolvertest.Get(added, "0.path") != section || resolvertest.Get(added, "0.kind") != "ADDED" ||
		resolvertest.Get(added, "0.after.heading") != "Diagnosis" || resolvertest.Get(added, "0.before") != nil {
		t.Fatalf("diff 1 -> 2: %v", added)
	}
	removed, _ := diff(2, 1, nil)
	if len(removed) != 1 || resolvertest.Get(removed, "0.path") != section || resolvertest.Get(removed, "0.kind") != "REMOVED" ||
		resolvertest.Get(removed, "0.before.heading") != "Diagnosis" || resolvertest.Get(removed, "0.after") != nil {
		t.Fatalf("diff 2 -> 1: %v", removed)
	}
	title, _ := diff(8, 7, nil)
	if !reflect.DeepEqual(title, []any{map[string]any{"path": "/title", "kind": "CHANGED", "before": "Renamed", "after": "Creative South Baltic", "redacted": false}}) {
		t.Fatalf("diff 8 -> 7: %v", title)
	}
	all, _ := diff(1, 8, nil)
	under, _ := diff(1, 8, "/priorities")
	if len(all) != 3 || len(under) != 1 || resolvertest.Get(under, "0.path") != priority || resolvertest.Get(under, "0.kind") != "ADDED" {
		t.Fatalf("diff 1 -> 8: all %v, under /priorities %v", resolvertest.Strs(all, "path"), under)
	}
	if deep, _ := diff(4, 7, priority+"/objectives"); len(deep) != 2 {
		t.Fatalf("measure and indicator under the objective: %v", deep)
	}
	if same, res := diff(5, 5, nil); len(same) != 0 || len(res.Errors) > 0 {
		t.Fatalf("diff 5 -> 5: %v %+v", same, res.Errors)
	}
	for _, r := range [][2]int{{0, 2}, {1, 9}, {-1, 1}} {
		if _, res := diff(r[0], r[1], nil); res.Code(0) != "NOT_FOUND" {
			t.Errorf("diff %v: %+v", r, res.Errors)
		}
	}
}

// Restoring an earlier revision makes a new revision whose content equals
// it: the diff between the two is empty, and the diff from before shows
// what the restore undid.
func TestRestoreThenDiff(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.CreateStrategy()
	res := f.MustExec(f.PlannerA, `mutation($s: ID!) { restoreStrategyRevision(input: {subjectId: $s, revision: 2}) {
		position revision { number action changes { path kind } } } }`, "s", k.ID.String())
	if resolvertest.Num(resolvertest.Get(res.Data, "restoreStrategyRevision.revision.number")) != 8 {
		t.Fatalf("restore %v", res.Data)
	}
	undone := resolvertest.Strs(resolvertest.Get(res.Data, "restoreStrategyRevision.revision.changes"), "path")
	if !slices.Equal(undone, []string{"/priorities/" + k.Priority.String()}) {
		t.Fatalf("restore changes %v", undone)
	}
	q := f.MustExec(f.Viewer, `query($s: ID!, $m: String) { strategy(id: $s, minPosition: $m) {
		same: diff(fromRevision: 2, toRevision: 8) { path }
		undone: diff(fromRevision: 7, toRevision: 8) { path kind }
		redone: diff(fromRevision: 8, toRevision: 7) { path kind }
		revisions(first: 1) { nodes { action changes { path kind } } } } }`, "s", k.ID.String(), "m", f.Str(res, "restoreStrategyRevision.position"))
	if len(resolvertest.Get(q.Data, "strategy.same").([]any)) != 0 {
		t.Fatalf("content differs from revision 2: %v", resolvertest.Get(q.Data, "strategy.same"))
	}
	if resolvertest.Get(q.Data, "strategy.undone.0.kind") != "REMOVED" || resolvertest.Get(q.Data, "strategy.redone.0.kind") != "ADDED" ||
		resolvertest.Get(q.Data, "strategy.revisions.nodes.0.action") != "restoreStrategyRevision" ||
		resolvertest.Get(q.Data, "strategy.revisions.nodes.0.changes.0.kind") != "REMOVED" {
		t.Fatalf("after restore: %v", q.Data)
	}
}

// blame names, for every current leaf, the revision and actor that last
// set it.
func TestBlame(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.CreateStrategy()
	res := f.MustExec(f.PlannerB, `mutation($s: ID!, $k: ID!) { updateSection(input: {strategyId: $s, sectionId: $k, body: "Petras wrote this"}) { position } }`,
		"s", k.ID.String(), "k", k.Section.String())
	q := f.MustExec(f.Viewer, `query($s: ID!, $m: String) { strategy(id: $s, minPosition: $m) {
		sections: blame(pathPrefix: "/sections") { path revision at actor { name } }
		all: blame { path revision } } }`, "s", k.ID.String(), "m", f.Str(res, "updateSection.position"))
	section := "/sections/" + k.Section.String()
	sections := resolvertest.Get(q.Data, "strategy.sections")
	if got := resolvertest.Strs(sections, "path"); !slices.Equal(got, []string{section + "/body", section + "/heading"}) {
		t.Fatalf("blame under /sections: %v", got)
	}
	if resolvertest.Num(resolvertest.Get(sections, "0.revision")) != 8 || resolvertest.Get(sections, "0.actor.name") != "Petras Planner" ||
		resolvertest.Num(resolvertest.Get(sections, "1.revision")) != 2 || resolvertest.Get(sections, "1.actor.name") != "Paula Planner" || resolvertest.Get(sections, "0.at") == nil {
		t.Fatalf("blame %v", sections)
	}
	all := resolvertest.Get(q.Data, "strategy.all")
	i := slices.Index(resolvertest.Strs(all, "path"), "/title")
	if i < 0 || resolvertest.Num(resolvertest.Get(all, itoa(i)+".revision")) != 1 {
		t.Fatalf("blame of /title: %v", all)
	}
}

// Erasure: a contact person's data is null in every revision, diff and
// event once erased, while the history stays (a change of the erased data
// is kept, redacted); the revisions computed from the event store (as a
// payload's) read like the projected ones throughout.
func TestErasedPersonalDataIsRedactedInHistory(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	set := f.MustExec(f.Admin, `mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: "Anna Nowak", email: "anna@example.org"}) {
		position revision { `+revisionFields+` } } }`, "o", f.OrgA.String())
	rev := resolvertest.Num(resolvertest.Get(set.Data, "setContactPerson.revision.number"))
	if !strings.Contains(resolvertest.MustJSON(t, resolvertest.Get(set.Data, "setContactPerson.revision")), "Anna Nowak") {
		t.Fatalf("before erasure the revision shows the contact: %v", set.Data)
	}
	f.CaughtUp()
	before := f.MustExec(f.Viewer, `query($o: ID!, $n: Int!) { organisation(id: $o) { revisionByNumber(number: $n) { `+revisionFields+` } } }`,
		"o", f.OrgA.String(), "n", rev)
	sameJSON(t, resolvertest.Get(set.Data, "setContactPerson.revision"), resolvertest.Get(before.Data, "organisation.revisionByNumber"))
	// The same person's e-mail changes (revision rev+1), then the person
	// is erased (rev+2).
	f.MustExec(f.Admin, `mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: "Anna Nowak", email: "a.nowak@example.org"}) {
		position } }`, "o", f.OrgA.String())
	erase := f.MustExec(f.Admin, `mutation($o: ID!) { eraseContactPerson(input: {organisationId: $o}) { position revision { `+revisionFields+` } } }`,
		"o", f.OrgA.String())
	f.CaughtUp()

	q := f.MustExec(f.ReviewerA, `query($o: ID!, $n: Int!, $c: Int!, $e: Int!) {
		organisation(id: $o) { contact { name email erased }
			set: revisionByNumber(number: $n) { `+revisionFields+` }
			changed: revisionByNumber(number: $c) { `+revisionFields+` }
			erase: revisionByNumber(number: $e) { `+revisionFields+` }
			diff(fromRevision: 1, toRevision: $c) { path after redacted } }
		auditLog(first: 5, filter: {subjectType: ORGANISATION}) { nodes { changes { before after } events { data } } } }`,
		"o", f.OrgA.String(), "n", rev, "c", rev+1, "e", rev+2)
	text := resolvertest.MustJSON(t, q.Data)
	for _, personal := range []string{"Anna Nowak", "anna@example.org", "a.nowak@example.org", "ciphertext"} {
		if strings.Contains(text, personal) {
			t.Fatalf("%q still shows after erasure: %s", personal, text)
		}
	}
	org := resolvertest.Get(q.Data, "organisation")
	if resolvertest.Get(org, "contact.erased") != true || resolvertest.Get(org, "diff.0.redacted") != true ||
		resolvertest.Get(org, "set.changes.0.redacted") != true || resolvertest.Get(org, "set.events.0.redacted") != true {
		t.Fatalf("erased contact: %s", text)
	}
	changed := resolvertest.Get(org, "changed.changes").([]any)
	if len(changed) == 0 || resolvertest.Get(changed[0], "redacted") != true || resolvertest.Get(changed[0], "kind") != "CHANGED" {
		t.Fatalf("the erased e-mail change is gone from the history: %v", changed)
	}
	// What the event store computes now equals the rows the history
	// projection derived again after the erasure.
	sameJSON(t, resolvertest.Get(erase.Data, "eraseContactPerson.revision"), resolvertest.Get(org, "erase"))
	store := f.storeOnly()
	for _, n := range []int{1, rev, rev + 1, rev + 2} {
		projected := f.revisionIn(f.Schema, f.OrgA, n)
		sameJSON(t, f.revisionIn(store, f.OrgA, n), projected)
	}
}

// storeOnly is the schema over a read model that is an empty database:
// every history field falls back to the event store, as a mutation
// payload's revision does.
func (f *fixture) storeOnly() *graphql.Schema {
	f.T.Helper()
	empty, err := pgxpool.New(context.Background(), pgtest.NewDatabase(f.T))
	if err != nil {
		f.T.Fatal(err)
	}
	f.T.Cleanup(empty.Close)
	deps := f.Deps
	deps.Read = readmodel.New(empty, nil)
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		f.T.Fatal(err)
	}
	return schema
}

// revisionIn reads a revision through node(id) of a schema.
func (f *fixture) revisionIn(schema *graphql.Schema, subject uuid.UUID, number int) any {
	f.T.Helper()
	saved := f.Schema
	f.Schema = schema
	defer func() { f.Schema = saved }()
	res := f.MustExec(f.ReviewerA, `query($id: ID!) { node(id: $id) { ... on Revision { `+revisionFields+` } } }`,
		"id", subject.String()+":rev:"+strconv.Itoa(number))
	if resolvertest.Get(res.Data, "node") == nil {
		f.T.Fatalf("no revision %d of %s", number, subject)
	}
	return resolvertest.Get(res.Data, "node")
}

// Every kind of change (added items, moved ones, removed ones, numbers,
// lists) reads the same computed from the event store as projected.
func TestStoredRevisionsReadLikeProjectedOnes(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.CreateStrategy()
	second := uuid.New()
	for _, step := range []string{
		`addSection(input: {strategyId: "` + k.ID.String() + `", sectionId: "` + second.String() + `", heading: "Second", body: "B"})`,
		`moveItem(input: {strategyId: "` + k.ID.String() + `", itemId: "` + second.String() + `", beforeItemId: "` + k.Section.String() + `"})`,
		`setIndicatorTargets(input: {strategyId: "` + k.ID.String() + `", indicatorId: "` + k.Indicator.String() + `", targets: [{year: 2028, value: 1.5}, {year: 2030, value: 120}]})`,
		`setMilestoneDone(input: {strategyId: "` + k.ID.String() + `", milestoneId: "` + k.Milestone.String() + `", done: true})`,
		`removeItem(input: {strategyId: "` + k.ID.String() + `", itemId: "` + k.Measure.String() + `"})`,
		`restoreStrategyRevision(input: {subjectId: "` + k.ID.String() + `", revision: 5})`,
		`nameStrategyVersion(input: {subjectId: "` + k.ID.String() + `", revision: 12, name: "v12", note: "after restore"})`,
	} {
		f.MustExec(f.PlannerA, "mutation { "+step+" { position } }")
	}
	f.CaughtUp()
	store := f.storeOnly()
	kinds := map[string]bool{}
	for n := 1; n <= 14; n++ {
		projected := f.revisionIn(f.Schema, k.ID, n)
		sameJSON(t, f.revisionIn(store, k.ID, n), projected)
		for _, c := range resolvertest.Get(projected, "changes").([]any) {
			kinds[resolvertest.Get(c, "kind").(string)] = true
		}
	}
	if len(kinds) != 4 {
		t.Fatalf("change kinds covered: %v", kinds)
	}
}

func sameJSON(t *testing.T, a, b any) {
	t.Helper()
	if ja, jb := resolvertest.MustJSON(t, a), resolvertest.MustJSON(t, b); ja != jb {
		t.Fatalf("differ:\n%s\n%s", ja, jb)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// Concepts and organisations have the same history fields as strategies.
func TestConceptAndOrganisationHistory(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	s, _ := f.QuickStrategy("S", true)
	c := f.CreateConcept(s) // create, specify, planPilot
	res := f.MustExec(f.Admin, `mutation($o: ID!) { updateOrganisation(input: {organisationId: $o, website: "https://example.org"}) { position } }`,
		"o", f.OrgB.String())
	f.CaughtUp()
	q := f.MustExec(f.Viewer, `query($c: ID!, $o: ID!, $m: String) {
		cooperationConcept(id: $c, minPosition: $m) { revision
			revisions(first: 2) { totalCount nodes { number action } }
			revisionByNumber(number: 2) { action changes { path kind before after } }
			diff(fromRevision: 3, toRevision: 1) { path kind }
			blame(pathPrefix: "/pilots") { path revision actor { name } } }
		organisation(id: $o) { revision
			revisions(last: 1) { nodes { action } }
			diff(fromRevision: 1, toRevision: 2, pathPrefix: "/website") { path kind before after }
			blame(pathPrefix: "/website") { path revision actor { name } } } }`,
		"c", c.ID.String(), "o", f.OrgB.String(), "m", f.Str(res, "updateOrganisation.position"))
	cc := resolvertest.Get(q.Data, "cooperationConcept")
	if resolvertest.Num(resolvertest.Get(cc, "revisions.totalCount")) != 3 || !slices.Equal(resolvertest.Strs(resolvertest.Get(cc, "revisions.nodes"), "action"), []string{"planPilot", "specifyCooperationConcept"}) ||
		resolvertest.Get(cc, "revisionByNumber.action") != "specifyCooperationConcept" || resolvertest.Get(cc, "revisionByNumber.changes.0.after") != "SPECIFIED" {
		t.Fatalf("concept history %v", cc)
	}
	pilot := "/pilots/" + c.Pilot.String()
	if got := resolvertest.Strs(resolvertest.Get(cc, "diff"), "path"); !slices.Contains(got, pilot) || resolvertest.Get(cc, "diff.0.kind") == nil {
		t.Fatalf("concept diff 3 -> 1: %v", resolvertest.Get(cc, "diff"))
	}
	for _, b := range resolvertest.Get(cc, "blame").([]any) {
		if !strings.HasPrefix(resolvertest.Get(b, "path").(string), pilot+"/") || resolvertest.Num(resolvertest.Get(b, "revision")) != 3 || resolvertest.Get(b, "actor.name") != "Paula Planner" {
			t.Fatalf("concept blame %v", resolvertest.Get(cc, "blame"))
		}
	}
	org := resolvertest.Get(q.Data, "organisation")
	if !reflect.DeepEqual(resolvertest.Get(org, "diff"), []any{map[string]any{"path": "/website", "kind": "CHANGED", "before": nil, "after": "https://example.org"}}) ||
		resolvertest.Get(org, "revisions.nodes.0.action") != "registerOrganisation" || resolvertest.Num(resolvertest.Get(org, "blame.0.revision")) != 2 || resolvertest.Get(org, "blame.0.actor.name") != "Ada Admin" {
		t.Fatalf("organisation history %v", org)
	}
}
