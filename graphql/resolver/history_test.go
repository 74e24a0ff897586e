package resolver_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/graphql/resolver"
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
	k := f.createStrategy() // revisions 1..7
	body := f.mustExec(f.plannerA, `mutation($s: ID!, $k: ID!) { updateSection(input: {strategyId: $s, sectionId: $k, body: "New body", expectedRevision: 7}) {
		merged revision { number } } }`, "s", k.id.String(), "k", k.section.String())
	merged := f.mustExec(f.plannerB, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Merged title", expectedRevision: 7, reason: "shorter"}) {
		merged position revision { `+revisionFields+` } } }`, "s", k.id.String())
	if get(body.Data, "updateSection.merged") != false || get(merged.Data, "updateStrategy.merged") != true {
		t.Fatalf("merge: %v %v", body.Data, merged.Data)
	}
	conflict := f.exec(&f.plannerB, `mutation($s: ID!, $k: ID!) { updateSection(input: {strategyId: $s, sectionId: $k, body: "Other", expectedRevision: 7}) {
		position } }`, "s", k.id.String(), "k", k.section.String())
	if conflict.code(0) != "REVISION_CONFLICT" {
		t.Fatalf("conflicting edit: %+v", conflict.Errors)
	}
	pos := f.str(merged, "updateStrategy.position")

	const q = `query($s: ID!, $m: String, $first: Int, $after: String, $last: Int) { strategy(id: $s, minPosition: $m) {
		revision revisions(first: $first, after: $after, last: $last) { totalCount
			edges { cursor node { number action reason actor { name } changes { path kind before after } } }
			pageInfo { hasNextPage hasPreviousPage } } } }`
	res := f.mustExec(f.viewer, q, "s", k.id.String(), "m", pos, "first", 3)
	nodes := get(res.Data, "strategy.revisions.edges")
	if got := strs(nodes, "node.number"); !slices.Equal(got, []string{"9", "8", "7"}) {
		t.Fatalf("newest first: %v", got)
	}
	if got := strs(nodes, "node.action"); !slices.Equal(got, []string{"updateStrategy", "updateSection", "addIndicator"}) {
		t.Fatalf("actions %v", got)
	}
	if num(get(res.Data, "strategy.revisions.totalCount")) != 9 || get(res.Data, "strategy.revisions.pageInfo.hasNextPage") != true {
		t.Fatalf("page %v", res.Data)
	}
	first := get(nodes, "0.node")
	if get(first, "reason") != "shorter" || get(first, "actor.name") != "Petras Planner" ||
		!reflect.DeepEqual(get(first, "changes"), []any{map[string]any{"path": "/title", "kind": "CHANGED", "before": "Creative South Baltic", "after": "Merged title"}}) {
		t.Fatalf("merged revision %v", first)
	}
	if got := strs(get(nodes, "1.node.changes"), "path"); !slices.Equal(got, []string{"/sections/" + k.section.String() + "/body"}) {
		t.Fatalf("section revision changes %v", got)
	}
	next := f.mustExec(f.viewer, q, "s", k.id.String(), "first", 2, "after", get(nodes, "2.cursor"))
	if got := strs(get(next.Data, "strategy.revisions.edges"), "node.number"); !slices.Equal(got, []string{"6", "5"}) {
		t.Fatalf("next page %v", got)
	}
	oldest := f.mustExec(f.viewer, q, "s", k.id.String(), "last", 2)
	if got := strs(get(oldest.Data, "strategy.revisions.edges"), "node.number"); !slices.Equal(got, []string{"2", "1"}) ||
		get(oldest.Data, "strategy.revisions.pageInfo.hasPreviousPage") != true {
		t.Fatalf("oldest %v", oldest.Data)
	}

	// The payload's revision (from the event store) is the projected one.
	projected := f.mustExec(f.viewer, `query($s: ID!) { strategy(id: $s) { revisionByNumber(number: 9) { `+revisionFields+` }
		none: revisionByNumber(number: 10) { id } zero: revisionByNumber(number: 0) { id } } }`, "s", k.id.String())
	sameJSON(t, get(merged.Data, "updateStrategy.revision"), get(projected.Data, "strategy.revisionByNumber"))
	if get(projected.Data, "strategy.none") != nil || get(projected.Data, "strategy.zero") != nil {
		t.Fatalf("out of range revisions: %v", projected.Data)
	}
	ev := get(projected.Data, "strategy.revisionByNumber.events.0")
	if get(ev, "type") != "strategy.Updated" || get(ev, "data.title") != "Merged title" || get(ev, "redacted") != false ||
		num(get(ev, "version")) < 9 || get(ev, "position") != pos {
		t.Fatalf("event %v", ev)
	}
}

// snapshot(at:) picks a revision by number, instant or version name;
// anything out of range is NOT_FOUND, a selector that is not one of them
// VALIDATION_FAILED at the argument.
func TestSnapshotSelectors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	f.mustExec(f.plannerA, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 3, name: "v3"}) { position } }`, "s", k.id.String())
	at := f.mustExec(f.viewer, `query($s: ID!) { strategy(id: $s) { revisionByNumber(number: 4) { at } } }`, "s", k.id.String())
	at4 := f.str(at, "strategy.revisionByNumber.at")

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
		res := f.mustExec(f.viewer, q, "s", k.id.String(), "at", c.at)
		snap := get(res.Data, "strategy.snapshot")
		if num(get(snap, "revision.number")) != c.number || len(get(snap, "sections").([]any)) != c.sections ||
			len(get(snap, "priorities").([]any)) != c.prios {
			t.Errorf("snapshot at %v: %v", c.at, snap)
		}
	}
	for _, at := range []map[string]any{{"number": 0}, {"number": 9}, {"versionName": "nope"}, {"asOf": "2000-01-01T00:00:00Z"}} {
		res := f.exec(&f.viewer, q, "s", k.id.String(), "at", at)
		if res.code(0) != "NOT_FOUND" || get(res.Data, "strategy.snapshot") != nil {
			t.Errorf("snapshot at %v: %+v", at, res)
		}
	}
	// graphql-go refuses a selector with two members (@oneOf) before the
	// resolver runs (the transport adds VALIDATION_FAILED); a malformed
	// instant is the resolver's to refuse, at the argument's path.
	if res := f.exec(&f.viewer, q, "s", k.id.String(), "at", map[string]any{"number": 1, "versionName": "v3"}); len(res.Errors) != 1 || res.Data != nil {
		t.Errorf("two selectors: %+v", res)
	}
	res := f.exec(&f.viewer, q, "s", k.id.String(), "at", map[string]any{"asOf": "yesterday"})
	if f.onlyCode(res) != "VALIDATION_FAILED" || !slices.Equal(fieldPaths(res.Errors[0]), []string{"at.asOf"}) {
		t.Errorf("malformed asOf: %+v", res.Errors)
	}
}

// diff compares any two revisions, either way, under a path prefix.
func TestDiffBothDirectionsWithPathPrefix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	f.mustExec(f.plannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Renamed"}) { position } }`, "s", k.id.String())
	section := "/sections/" + k.section.String()
	priority := "/priorities/" + k.priority.String()

	diff := func(from, to int, prefix any) ([]any, result) {
		t.Helper()
		res := f.exec(&f.viewer, `query($s: ID!, $from: Int!, $to: Int!, $p: String) { strategy(id: $s) {
			diff(fromRevision: $from, toRevision: $to, pathPrefix: $p) { path kind before after redacted } } }`,
			"s", k.id.String(), "from", from, "to", to, "p", prefix)
		changes, _ := get(res.Data, "strategy.diff").([]any)
		return changes, res
	}
	added, _ := diff(1, 2, nil)
	if len(added) != 1 || get(added, "0.path") != section || get(added, "0.kind") != "ADDED" ||
		get(added, "0.after.heading") != "Diagnosis" || get(added, "0.before") != nil {
		t.Fatalf("diff 1 -> 2: %v", added)
	}
	removed, _ := diff(2, 1, nil)
	if len(removed) != 1 || get(removed, "0.path") != section || get(removed, "0.kind") != "REMOVED" ||
		get(removed, "0.before.heading") != "Diagnosis" || get(removed, "0.after") != nil {
		t.Fatalf("diff 2 -> 1: %v", removed)
	}
	title, _ := diff(8, 7, nil)
	if !reflect.DeepEqual(title, []any{map[string]any{"path": "/title", "kind": "CHANGED", "before": "Renamed", "after": "Creative South Baltic", "redacted": false}}) {
		t.Fatalf("diff 8 -> 7: %v", title)
	}
	all, _ := diff(1, 8, nil)
	under, _ := diff(1, 8, "/priorities")
	if len(all) != 3 || len(under) != 1 || get(under, "0.path") != priority || get(under, "0.kind") != "ADDED" {
		t.Fatalf("diff 1 -> 8: all %v, under /priorities %v", strs(all, "path"), under)
	}
	if deep, _ := diff(4, 7, priority+"/objectives"); len(deep) != 2 {
		t.Fatalf("measure and indicator under the objective: %v", deep)
	}
	if same, res := diff(5, 5, nil); len(same) != 0 || len(res.Errors) > 0 {
		t.Fatalf("diff 5 -> 5: %v %+v", same, res.Errors)
	}
	for _, r := range [][2]int{{0, 2}, {1, 9}, {-1, 1}} {
		if _, res := diff(r[0], r[1], nil); res.code(0) != "NOT_FOUND" {
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
	k := f.createStrategy()
	res := f.mustExec(f.plannerA, `mutation($s: ID!) { restoreStrategyRevision(input: {subjectId: $s, revision: 2}) {
		position revision { number action changes { path kind } } } }`, "s", k.id.String())
	if num(get(res.Data, "restoreStrategyRevision.revision.number")) != 8 {
		t.Fatalf("restore %v", res.Data)
	}
	undone := strs(get(res.Data, "restoreStrategyRevision.revision.changes"), "path")
	if !slices.Equal(undone, []string{"/priorities/" + k.priority.String()}) {
		t.Fatalf("restore changes %v", undone)
	}
	q := f.mustExec(f.viewer, `query($s: ID!, $m: String) { strategy(id: $s, minPosition: $m) {
		same: diff(fromRevision: 2, toRevision: 8) { path }
		undone: diff(fromRevision: 7, toRevision: 8) { path kind }
		redone: diff(fromRevision: 8, toRevision: 7) { path kind }
		revisions(first: 1) { nodes { action changes { path kind } } } } }`, "s", k.id.String(), "m", f.str(res, "restoreStrategyRevision.position"))
	if len(get(q.Data, "strategy.same").([]any)) != 0 {
		t.Fatalf("content differs from revision 2: %v", get(q.Data, "strategy.same"))
	}
	if get(q.Data, "strategy.undone.0.kind") != "REMOVED" || get(q.Data, "strategy.redone.0.kind") != "ADDED" ||
		get(q.Data, "strategy.revisions.nodes.0.action") != "restoreStrategyRevision" ||
		get(q.Data, "strategy.revisions.nodes.0.changes.0.kind") != "REMOVED" {
		t.Fatalf("after restore: %v", q.Data)
	}
}

// blame names, for every current leaf, the revision and actor that last
// set it.
func TestBlame(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.createStrategy()
	res := f.mustExec(f.plannerB, `mutation($s: ID!, $k: ID!) { updateSection(input: {strategyId: $s, sectionId: $k, body: "Petras wrote this"}) { position } }`,
		"s", k.id.String(), "k", k.section.String())
	q := f.mustExec(f.viewer, `query($s: ID!, $m: String) { strategy(id: $s, minPosition: $m) {
		sections: blame(pathPrefix: "/sections") { path revision at actor { name } }
		all: blame { path revision } } }`, "s", k.id.String(), "m", f.str(res, "updateSection.position"))
	section := "/sections/" + k.section.String()
	sections := get(q.Data, "strategy.sections")
	if got := strs(sections, "path"); !slices.Equal(got, []string{section + "/body", section + "/heading"}) {
		t.Fatalf("blame under /sections: %v", got)
	}
	if num(get(sections, "0.revision")) != 8 || get(sections, "0.actor.name") != "Petras Planner" ||
		num(get(sections, "1.revision")) != 2 || get(sections, "1.actor.name") != "Paula Planner" || get(sections, "0.at") == nil {
		t.Fatalf("blame %v", sections)
	}
	all := get(q.Data, "strategy.all")
	i := slices.Index(strs(all, "path"), "/title")
	if i < 0 || num(get(all, itoa(i)+".revision")) != 1 {
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
	set := f.mustExec(f.admin, `mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: "Anna Nowak", email: "anna@example.org"}) {
		position revision { `+revisionFields+` } } }`, "o", f.orgA.String())
	rev := num(get(set.Data, "setContactPerson.revision.number"))
	if !strings.Contains(mustJSON(t, get(set.Data, "setContactPerson.revision")), "Anna Nowak") {
		t.Fatalf("before erasure the revision shows the contact: %v", set.Data)
	}
	f.caughtUp()
	before := f.mustExec(f.viewer, `query($o: ID!, $n: Int!) { organisation(id: $o) { revisionByNumber(number: $n) { `+revisionFields+` } } }`,
		"o", f.orgA.String(), "n", rev)
	sameJSON(t, get(set.Data, "setContactPerson.revision"), get(before.Data, "organisation.revisionByNumber"))
	// The same person's e-mail changes (revision rev+1), then the person
	// is erased (rev+2).
	f.mustExec(f.admin, `mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: "Anna Nowak", email: "a.nowak@example.org"}) {
		position } }`, "o", f.orgA.String())
	erase := f.mustExec(f.admin, `mutation($o: ID!) { eraseContactPerson(input: {organisationId: $o}) { position revision { `+revisionFields+` } } }`,
		"o", f.orgA.String())
	f.caughtUp()

	q := f.mustExec(f.reviewerA, `query($o: ID!, $n: Int!, $c: Int!, $e: Int!) {
		organisation(id: $o) { contact { name email erased }
			set: revisionByNumber(number: $n) { `+revisionFields+` }
			changed: revisionByNumber(number: $c) { `+revisionFields+` }
			erase: revisionByNumber(number: $e) { `+revisionFields+` }
			diff(fromRevision: 1, toRevision: $c) { path after redacted } }
		auditLog(first: 5, filter: {subjectType: ORGANISATION}) { nodes { changes { before after } events { data } } } }`,
		"o", f.orgA.String(), "n", rev, "c", rev+1, "e", rev+2)
	text := mustJSON(t, q.Data)
	for _, personal := range []string{"Anna Nowak", "anna@example.org", "a.nowak@example.org", "ciphertext"} {
		if strings.Contains(text, personal) {
			t.Fatalf("%q still shows after erasure: %s", personal, text)
		}
	}
	org := get(q.Data, "organisation")
	if get(org, "contact.erased") != true || get(org, "diff.0.redacted") != true ||
		get(org, "set.changes.0.redacted") != true || get(org, "set.events.0.redacted") != true {
		t.Fatalf("erased contact: %s", text)
	}
	changed := get(org, "changed.changes").([]any)
	if len(changed) == 0 || get(changed[0], "redacted") != true || get(changed[0], "kind") != "CHANGED" {
		t.Fatalf("the erased e-mail change is gone from the history: %v", changed)
	}
	// What the event store computes now equals the rows the history
	// projection derived again after the erasure.
	sameJSON(t, get(erase.Data, "eraseContactPerson.revision"), get(org, "erase"))
	store := f.storeOnly()
	for _, n := range []int{1, rev, rev + 1, rev + 2} {
		projected := f.revisionIn(f.schema, f.orgA, n)
		sameJSON(t, f.revisionIn(store, f.orgA, n), projected)
	}
}

// storeOnly is the schema over a read model that is an empty database:
// every history field falls back to the event store, as a mutation
// payload's revision does.
func (f *fixture) storeOnly() *graphql.Schema {
	f.t.Helper()
	empty, err := pgxpool.New(context.Background(), pgtest.NewDatabase(f.t))
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(empty.Close)
	deps := f.deps
	deps.Read = readmodel.New(empty, nil)
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		f.t.Fatal(err)
	}
	return schema
}

// revisionIn reads a revision through node(id) of a schema.
func (f *fixture) revisionIn(schema *graphql.Schema, subject uuid.UUID, number int) any {
	f.t.Helper()
	saved := f.schema
	f.schema = schema
	defer func() { f.schema = saved }()
	res := f.mustExec(f.reviewerA, `query($id: ID!) { node(id: $id) { ... on Revision { `+revisionFields+` } } }`,
		"id", subject.String()+":rev:"+strconv.Itoa(number))
	if get(res.Data, "node") == nil {
		f.t.Fatalf("no revision %d of %s", number, subject)
	}
	return get(res.Data, "node")
}

// Every kind of change (added items, moved ones, removed ones, numbers,
// lists) reads the same computed from the event store as projected.
func TestStoredRevisionsReadLikeProjectedOnes(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.createStrategy()
	second := uuid.New()
	for _, step := range []string{
		`addSection(input: {strategyId: "` + k.id.String() + `", sectionId: "` + second.String() + `", heading: "Second", body: "B"})`,
		`moveItem(input: {strategyId: "` + k.id.String() + `", itemId: "` + second.String() + `", beforeItemId: "` + k.section.String() + `"})`,
		`setIndicatorTargets(input: {strategyId: "` + k.id.String() + `", indicatorId: "` + k.indicator.String() + `", targets: [{year: 2028, value: 1.5}, {year: 2030, value: 120}]})`,
		`setMilestoneDone(input: {strategyId: "` + k.id.String() + `", milestoneId: "` + k.milestone.String() + `", done: true})`,
		`removeItem(input: {strategyId: "` + k.id.String() + `", itemId: "` + k.measure.String() + `"})`,
		`restoreStrategyRevision(input: {subjectId: "` + k.id.String() + `", revision: 5})`,
		`nameStrategyVersion(input: {subjectId: "` + k.id.String() + `", revision: 12, name: "v12", note: "after restore"})`,
	} {
		f.mustExec(f.plannerA, "mutation { "+step+" { position } }")
	}
	f.caughtUp()
	store := f.storeOnly()
	kinds := map[string]bool{}
	for n := 1; n <= 14; n++ {
		projected := f.revisionIn(f.schema, k.id, n)
		sameJSON(t, f.revisionIn(store, k.id, n), projected)
		for _, c := range get(projected, "changes").([]any) {
			kinds[get(c, "kind").(string)] = true
		}
	}
	if len(kinds) != 4 {
		t.Fatalf("change kinds covered: %v", kinds)
	}
}

func sameJSON(t *testing.T, a, b any) {
	t.Helper()
	if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb {
		t.Fatalf("differ:\n%s\n%s", ja, jb)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func itoa(i int) string { return strconv.Itoa(i) }

// Concepts and organisations have the same history fields as strategies.
func TestConceptAndOrganisationHistory(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	s, _ := f.quickStrategy("S", true)
	c := f.createConcept(s) // create, specify, planPilot
	res := f.mustExec(f.admin, `mutation($o: ID!) { updateOrganisation(input: {organisationId: $o, website: "https://example.org"}) { position } }`,
		"o", f.orgB.String())
	f.caughtUp()
	q := f.mustExec(f.viewer, `query($c: ID!, $o: ID!, $m: String) {
		cooperationConcept(id: $c, minPosition: $m) { revision
			revisions(first: 2) { totalCount nodes { number action } }
			revisionByNumber(number: 2) { action changes { path kind before after } }
			diff(fromRevision: 3, toRevision: 1) { path kind }
			blame(pathPrefix: "/pilots") { path revision actor { name } } }
		organisation(id: $o) { revision
			revisions(last: 1) { nodes { action } }
			diff(fromRevision: 1, toRevision: 2, pathPrefix: "/website") { path kind before after }
			blame(pathPrefix: "/website") { path revision actor { name } } } }`,
		"c", c.id.String(), "o", f.orgB.String(), "m", f.str(res, "updateOrganisation.position"))
	cc := get(q.Data, "cooperationConcept")
	if num(get(cc, "revisions.totalCount")) != 3 || !slices.Equal(strs(get(cc, "revisions.nodes"), "action"), []string{"planPilot", "specifyCooperationConcept"}) ||
		get(cc, "revisionByNumber.action") != "specifyCooperationConcept" || get(cc, "revisionByNumber.changes.0.after") != "SPECIFIED" {
		t.Fatalf("concept history %v", cc)
	}
	pilot := "/pilots/" + c.pilot.String()
	if got := strs(get(cc, "diff"), "path"); !slices.Contains(got, pilot) || get(cc, "diff.0.kind") == nil {
		t.Fatalf("concept diff 3 -> 1: %v", get(cc, "diff"))
	}
	for _, b := range get(cc, "blame").([]any) {
		if !strings.HasPrefix(get(b, "path").(string), pilot+"/") || num(get(b, "revision")) != 3 || get(b, "actor.name") != "Paula Planner" {
			t.Fatalf("concept blame %v", get(cc, "blame"))
		}
	}
	org := get(q.Data, "organisation")
	if !reflect.DeepEqual(get(org, "diff"), []any{map[string]any{"path": "/website", "kind": "CHANGED", "before": nil, "after": "https://example.org"}}) ||
		get(org, "revisions.nodes.0.action") != "registerOrganisation" || num(get(org, "blame.0.revision")) != 2 || get(org, "blame.0.actor.name") != "Ada Admin" {
		t.Fatalf("organisation history %v", org)
	}
}
