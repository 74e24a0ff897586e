package resolver_test

import (
	"context"
	"slices"
	"testing"
	"time"
)

// Adoption needs approvals of the current content from reviewers of two
// partner organisations in two countries; the reviewers' countries come
// from the actors authentication gives.
func TestAdoptionFlow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	s := k.id.String()
	const readiness = `adoptionReadiness { ready countries missing approvals { id contentRevision decision comment at reviewer { name organisation { name } } } }`

	submitted := f.mustExec(f.plannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) {
		strategy { status contentRevision viewerCanReview viewerCanAdopt `+readiness+` } } }`, "s", s)
	if got := get(submitted.Data, "submitStrategyForReview.strategy.contentRevision"); got != 7.0 {
		t.Fatalf("contentRevision = %v, want 7", got)
	}
	if get(submitted.Data, "submitStrategyForReview.strategy.viewerCanReview") != false ||
		get(submitted.Data, "submitStrategyForReview.strategy.viewerCanAdopt") != true {
		t.Fatalf("a planner: %v", submitted.Data)
	}

	// A reviewer who names an older content revision read something else.
	stale := f.exec(&f.reviewerA, `mutation($s: ID!) { reviewStrategy(input: {strategyId: $s, contentRevision: 6, decision: APPROVED}) { position } }`, "s", s)
	if stale.code(0) != "REVISION_CONFLICT" {
		t.Fatalf("stale review: %+v", stale.Errors)
	}

	first := f.mustExec(f.reviewerA, `mutation($s: ID!) { reviewStrategy(input: {strategyId: $s, contentRevision: 7, decision: APPROVED, comment: "Fine"}) {
		strategy { status viewerCanReview viewerCanAdopt reviews { id decision comment reviewer { name } } `+readiness+` } } }`, "s", s)
	st := "reviewStrategy.strategy."
	if get(first.Data, st+"status") != "IN_REVIEW" || get(first.Data, st+"viewerCanReview") != true || get(first.Data, st+"viewerCanAdopt") != false {
		t.Fatalf("after the first review: %v", first.Data)
	}
	if get(first.Data, st+"adoptionReadiness.ready") != false || len(get(first.Data, st+"adoptionReadiness.missing").([]any)) != 2 {
		t.Fatalf("one approval is not enough: %v", get(first.Data, st+"adoptionReadiness"))
	}
	reviewID := get(first.Data, st+"reviews.0.id").(string)
	if want := s + ":review:"; len(reviewID) <= len(want) || reviewID[:len(want)] != want {
		t.Fatalf("review id %q", reviewID)
	}

	early := f.exec(&f.plannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s}) { position } }`, "s", s)
	if early.code(0) != "INVALID_STATE" {
		t.Fatalf("adoption with one approval: %+v", early.Errors)
	}

	second := f.mustExec(f.reviewerB, `mutation($s: ID!) { reviewStrategy(input: {strategyId: $s, contentRevision: 7, decision: APPROVED}) {
		strategy { revision contentRevision `+readiness+` } } }`, "s", s)
	r := get(second.Data, "reviewStrategy.strategy.adoptionReadiness").(map[string]any)
	if r["ready"] != true || !slices.Equal(toStrings(r["countries"]), []string{"DE", "LT"}) || len(r["missing"].([]any)) != 0 {
		t.Fatalf("readiness after two approvals: %v", r)
	}
	approvals := r["approvals"].([]any)
	if len(approvals) != 2 || get(approvals, "0.reviewer.name") != "Rita Reviewer" || get(approvals, "1.reviewer.organisation.name") != "Rietavas TIC" ||
		get(approvals, "0.comment") != "Fine" || get(approvals, "1.comment") != nil {
		t.Fatalf("approvals: %v", approvals)
	}
	if _, err := time.Parse(time.RFC3339Nano, get(approvals, "0.at").(string)); err != nil {
		t.Fatalf("review at: %v", err)
	}
	if get(second.Data, "reviewStrategy.strategy.contentRevision") != 7.0 {
		t.Fatal("a review changed the content revision")
	}

	adopted := f.mustExec(f.plannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s, expectedRevision: 10}) {
		strategy { status revision lastAdopted { name revision createdBy { name } } versions { name } viewerCanAdopt } } }`, "s", s)
	for path, want := range map[string]any{
		"adoptStrategy.strategy.status": "ADOPTED", "adoptStrategy.strategy.revision": 11.0,
		"adoptStrategy.strategy.lastAdopted.name": "adopted-11", "adoptStrategy.strategy.lastAdopted.revision": 11.0,
		"adoptStrategy.strategy.lastAdopted.createdBy.name": "Paula Planner", "adoptStrategy.strategy.versions.0.name": "adopted-11",
		"adoptStrategy.strategy.viewerCanAdopt": false,
	} {
		if got := get(adopted.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}

	// An adopted strategy is in force: content edits are refused until it
	// is reopened, and the adopted version stays.
	refused := f.exec(&f.plannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Edit"}) { position } }`, "s", s)
	if refused.code(0) != "INVALID_STATE" {
		t.Fatalf("edit of an adopted strategy: %+v", refused.Errors)
	}
	reopened := f.mustExec(f.plannerB, `mutation($s: ID!) { reopenStrategy(input: {strategyId: $s}) { strategy { status lastAdopted { name } } } }`, "s", s)
	if get(reopened.Data, "reopenStrategy.strategy.status") != "DRAFT" || get(reopened.Data, "reopenStrategy.strategy.lastAdopted.name") != "adopted-11" {
		t.Fatalf("reopened: %v", reopened.Data)
	}
	archived := f.mustExec(f.admin, `mutation($s: ID!) { archiveStrategy(input: {strategyId: $s}) { strategy { status } } }`, "s", s)
	if get(archived.Data, "archiveStrategy.strategy.status") != "ARCHIVED" {
		t.Fatalf("archived: %v", archived.Data)
	}
}

// A concept goes from DRAFT to ADOPTED through a completed pilot and an
// evaluation; the strategy lists its concepts at once.
func TestConceptLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	c := f.createConcept(k.id)
	id, pilot := c.id.String(), c.pilot.String()

	f.mustExec(f.plannerA, `mutation($c: ID!, $p: ID!) { startPilot(input: {conceptId: $c, pilotId: $p}) { position } }`, "c", id, "p", pilot)
	done := f.mustExec(f.plannerB, `mutation($c: ID!, $p: ID!) { completePilot(input: {conceptId: $c, pilotId: $p, outcome: "Seven companies changed", participants: 11}) {
		cooperationConcept { status pilots { status outcome lessons participants } } } }`, "c", id, "p", pilot)
	if get(done.Data, "completePilot.cooperationConcept.pilots.0.status") != "COMPLETED" ||
		get(done.Data, "completePilot.cooperationConcept.pilots.0.participants") != 11.0 ||
		get(done.Data, "completePilot.cooperationConcept.pilots.0.lessons") != nil {
		t.Fatalf("completed: %v", done.Data)
	}
	evaluated := f.mustExec(f.plannerA, `mutation($c: ID!) { evaluateCooperationConcept(input: {conceptId: $c, recommendation: ADOPT, findings: "Works"}) {
		cooperationConcept { status evaluation { recommendation findings at evaluatedBy { name } } evaluations { findings } } } }`, "c", id)
	if get(evaluated.Data, "evaluateCooperationConcept.cooperationConcept.status") != "EVALUATED" ||
		get(evaluated.Data, "evaluateCooperationConcept.cooperationConcept.evaluation.evaluatedBy.name") != "Paula Planner" ||
		len(get(evaluated.Data, "evaluateCooperationConcept.cooperationConcept.evaluations").([]any)) != 1 {
		t.Fatalf("evaluated: %v", evaluated.Data)
	}
	adopted := f.mustExec(f.plannerA, `mutation($c: ID!) { adoptCooperationConcept(input: {conceptId: $c}) {
		cooperationConcept { status updatedBy { name } createdBy { name } strategy { cooperationConcepts { id status } } } } }`, "c", id)
	for path, want := range map[string]any{
		"adoptCooperationConcept.cooperationConcept.status":                                "ADOPTED",
		"adoptCooperationConcept.cooperationConcept.createdBy.name":                        "Paula Planner",
		"adoptCooperationConcept.cooperationConcept.strategy.cooperationConcepts.0.id":     id,
		"adoptCooperationConcept.cooperationConcept.strategy.cooperationConcepts.0.status": "ADOPTED",
	} {
		if got := get(adopted.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}

	// Unlinking the concept takes it off the strategy's list at once.
	other := f.createConcept(k.id)
	f.mustExec(f.plannerA, `mutation($c: ID!) { updateCooperationConcept(input: {conceptId: $c, strategyId: null}) { cooperationConcept { id } } }`,
		"c", other.id.String())
	listed := f.mustExec(f.plannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, vision: "v"}) { strategy { cooperationConcepts { id } } } }`, "s", k.id.String())
	if got := get(listed.Data, "updateStrategy.strategy.cooperationConcepts").([]any); len(got) != 1 || get(got, "0.id") != id {
		t.Fatalf("concepts of the strategy: %v", got)
	}
}

// snapshot(at:) picks a revision by number, instant or version name;
// anything out of range is NOT_FOUND.
func TestStrategySnapshot(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	s := k.id.String()
	f.mustExec(f.plannerA, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 2, name: "one section"}) { position } }`, "s", s)
	const doc = `mutation($s: ID!, $at: RevisionSelector!) { updateStrategy(input: {strategyId: $s, title: "Now"}) {
		strategy { title snapshot(at: $at) { id title status startYear endYear vision sections { heading } priorities { key } locations { name } strategy { title } } } } }`
	// Revision 8 (the name) is the last before now: the updates below come later.
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for name, c := range map[string]struct {
		at       map[string]any
		id       string
		sections int
		code     string
	}{
		"by number":         {at: map[string]any{"number": 1}, id: s + ":snap:1", sections: 0},
		"by version name":   {at: map[string]any{"versionName": "one section"}, id: s + ":snap:2", sections: 1},
		"as of now":         {at: map[string]any{"asOf": now}, id: s + ":snap:8", sections: 1},
		"number too high":   {at: map[string]any{"number": 99}, code: "NOT_FOUND"},
		"number zero":       {at: map[string]any{"number": 0}, code: "NOT_FOUND"},
		"before creation":   {at: map[string]any{"asOf": "2001-01-01T00:00:00Z"}, code: "NOT_FOUND"},
		"unknown version":   {at: map[string]any{"versionName": "nope"}, code: "NOT_FOUND"},
		"asOf without zone": {at: map[string]any{"asOf": "2027-01-01T00:00:00"}, code: "VALIDATION_FAILED"},
	} {
		t.Run(name, func(t *testing.T) {
			res := f.exec(&f.plannerA, doc, "s", s, "at", c.at)
			if c.code != "" {
				if res.code(0) != c.code || get(res.Data, "updateStrategy.strategy.title") != "Now" {
					t.Fatalf("got %+v / %v, want %s on the snapshot only", res.Errors, res.Data, c.code)
				}
				return
			}
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			snap := get(res.Data, "updateStrategy.strategy.snapshot").(map[string]any)
			if snap["id"] != c.id || len(snap["sections"].([]any)) != c.sections || snap["title"] != "Creative South Baltic" ||
				get(snap, "strategy.title") != "Now" || snap["endYear"] != 2036.0 {
				t.Fatalf("snapshot %v", snap)
			}
		})
	}
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, s := range list {
		out[i], _ = s.(string)
	}
	return out
}

// An erased user stays the actor of what they did, under a pseudonym.
func TestErasedActorsShowAPseudonym(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.createStrategy()
	f.mustExec(f.plannerB, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 7, name: "by B"}) { position } }`, "s", k.id.String())
	if err := f.deps.Users.Erase(context.Background(), f.plannerB.ID); err != nil {
		t.Fatal(err)
	}
	res := f.mustExec(f.plannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "A"}) {
		strategy { versions { createdBy { id kind name role erased organisation { name } } } } } }`, "s", k.id.String())
	by := get(res.Data, "updateStrategy.strategy.versions.0.createdBy").(map[string]any)
	if by["id"] != f.plannerB.ID.String() || by["erased"] != true || by["name"] == "Petras Planner" || by["name"] == "" ||
		by["kind"] != "PERSON" || by["role"] != "PLANNER" || get(by, "organisation.name") != "Rietavas TIC" {
		t.Fatalf("erased actor %v", by)
	}
}
