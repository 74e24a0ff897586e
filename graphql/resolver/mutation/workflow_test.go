package mutation_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// Adoption needs approvals of the current content from reviewers of two
// partner organisations in two countries; the reviewers' countries come
// from the actors authentication gives.
func TestAdoptionFlow(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	s := k.ID.String()
	const readiness = `adoptionReadiness { ready countries missing approvals { id contentRevision decision comment at reviewer { name organisation { name } } } }`

	submitted := f.MustExec(f.PlannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) {
		strategy { status contentRevision viewerCanReview viewerCanAdopt `+readiness+` } } }`, "s", s)
	if got := resolvertest.Get(submitted.Data, "submitStrategyForReview.strategy.contentRevision"); got != 7.0 {
		t.Fatalf("contentRevision = %v, want 7", got)
	}
	if resolvertest.Get(submitted.Data, "submitStrategyForReview.strategy.viewerCanReview") != false ||
		resolvertest.Get(submitted.Data, "submitStrategyForReview.strategy.viewerCanAdopt") != true {
		t.Fatalf("a planner: %v", submitted.Data)
	}

	// A reviewer who names an older content revision read something else.
	stale := f.Exec(&f.ReviewerA, `mutation($s: ID!) { reviewStrategy(input: {strategyId: $s, contentRevision: 6, decision: APPROVED}) { position } }`, "s", s)
	if stale.Code(0) != "REVISION_CONFLICT" {
		t.Fatalf("stale review: %+v", stale.Errors)
	}

	first := f.MustExec(f.ReviewerA, `mutation($s: ID!) { reviewStrategy(input: {strategyId: $s, contentRevision: 7, decision: APPROVED, comment: "Fine"}) {
		strategy { status viewerCanReview viewerCanAdopt reviews { id decision comment reviewer { name } } `+readiness+` } } }`, "s", s)
	st := "reviewStrategy.strategy."
	if resolvertest.Get(first.Data, st+"status") != "IN_REVIEW" || resolvertest.Get(first.Data, st+"viewerCanReview") != true || resolvertest.Get(first.Data, st+"viewerCanAdopt") != false {
		t.Fatalf("after the first review: %v", first.Data)
	}
	if resolvertest.Get(first.Data, st+"adoptionReadiness.ready") != false || len(resolvertest.Get(first.Data, st+"adoptionReadiness.missing").([]any)) != 2 {
		t.Fatalf("one approval is not enough: %v", resolvertest.Get(first.Data, st+"adoptionReadiness"))
	}
	reviewID := resolvertest.Get(first.Data, st+"reviews.0.id").(string)
	if want := s + ":review:"; len(reviewID) <= len(want) || reviewID[:len(want)] != want {
		t.Fatalf("review id %q", reviewID)
	}

	early := f.Exec(&f.PlannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s}) { position } }`, "s", s)
	if early.Code(0) != "INVALID_STATE" {
		t.Fatalf("adoption with one approval: %+v", early.Errors)
	}

	second := f.MustExec(f.ReviewerB, `mutation($s: ID!) { reviewStrategy(input: {strategyId: $s, contentRevision: 7, decision: APPROVED}) {
		strategy { revision contentRevision `+readiness+` } } }`, "s", s)
	r := resolvertest.Get(second.Data, "reviewStrategy.strategy.adoptionReadiness").(map[string]any)
	if r["ready"] != true || !slices.Equal(toStrings(r["countries"]), []string{"DE", "LT"}) || len(r["missing"].([]any)) != 0 {
		t.Fatalf("readiness after two approvals: %v", r)
	}
	approvals := r["approvals"].([]any)
	if len(approvals) != 2 || resolvertest.Get(approvals, "0.reviewer.name") != "Rita Reviewer" || resolvertest.Get(approvals, "1.reviewer.organisation.name") != "Rietavas TIC" ||
		resolvertest.Get(approvals, "0.comment") != "Fine" || resolvertest.Get(approvals, "1.comment") != nil {
		t.Fatalf("approvals: %v", approvals)
	}
	if _, err := time.Parse(time.RFC3339Nano, resolvertest.Get(approvals, "0.at").(string)); err != nil {
		t.Fatalf("review at: %v", err)
	}
	if resolvertest.Get(second.Data, "reviewStrategy.strategy.contentRevision") != 7.0 {
		t.Fatal("a review changed the content revision")
	}

	adopted := f.MustExec(f.PlannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s, expectedRevision: 10}) {
		strategy { status revision lastAdopted { name revision createdBy { name } } versions { name } viewerCanAdopt } } }`, "s", s)
	for path, want := range map[string]any{
		"adoptStrategy.strategy.status": "ADOPTED", "adoptStrategy.strategy.revision": 11.0,
		"adoptStrategy.strategy.lastAdopted.name": "adopted-11", "adoptStrategy.strategy.lastAdopted.revision": 11.0,
		"adoptStrategy.strategy.lastAdopted.createdBy.name": "Paula Planner", "adoptStrategy.strategy.versions.0.name": "adopted-11",
		"adoptStrategy.strategy.viewerCanAdopt": false,
	} {
		if got := resolvertest.Get(adopted.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}

	// An adopted strategy is in force: content edits are refused until it
	// is reopened, and the adopted version stays.
	refused := f.Exec(&f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Edit"}) { position } }`, "s", s)
	if refused.Code(0) != "INVALID_STATE" {
		t.Fatalf("edit of an adopted strategy: %+v", refused.Errors)
	}
	reopened := f.MustExec(f.PlannerB, `mutation($s: ID!) { reopenStrategy(input: {strategyId: $s}) { strategy { status lastAdopted { name } } } }`, "s", s)
	if resolvertest.Get(reopened.Data, "reopenStrategy.strategy.status") != "DRAFT" || resolvertest.Get(reopened.Data, "reopenStrategy.strategy.lastAdopted.name") != "adopted-11" {
		t.Fatalf("reopened: %v", reopened.Data)
	}
	archived := f.MustExec(f.Admin, `mutation($s: ID!) { archiveStrategy(input: {strategyId: $s}) { strategy { status } } }`, "s", s)
	if resolvertest.Get(archived.Data, "archiveStrategy.strategy.status") != "ARCHIVED" {
		t.Fatalf("archived: %v", archived.Data)
	}
}

// A concept goes from DRAFT to ADOPTED through a completed pilot and an
// evaluation; the strategy lists its concepts at once.
func TestConceptLifecycle(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	c := f.CreateConcept(k.ID)
	id, pilot := c.ID.String(), c.Pilot.String()

	f.MustExec(f.PlannerA, `mutation($c: ID!, $p: ID!) { startPilot(input: {conceptId: $c, pilotId: $p}) { position } }`, "c", id, "p", pilot)
	done := f.MustExec(f.PlannerB, `mutation($c: ID!, $p: ID!) { completePilot(input: {conceptId: $c, pilotId: $p, outcome: "Seven companies changed", participants: 11}) {
		cooperationConcept { status pilots { status outcome lessons participants } } } }`, "c", id, "p", pilot)
	if resolvertest.Get(done.Data, "completePilot.cooperationConcept.pilots.0.status") != "COMPLETED" ||
		resolvertest.Get(done.Data, "completePilot.cooperationConcept.pilots.0.participants") != 11.0 ||
		resolvertest.Get(done.Data, "completePilot.cooperationConcept.pilots.0.lessons") != nil {
		t.Fatalf("completed: %v", done.Data)
	}
	evaluated := f.MustExec(f.PlannerA, `mutation($c: ID!) { evaluateCooperationConcept(input: {conceptId: $c, recommendation: ADOPT, findings: "Works"}) {
		cooperationConcept { status evaluation { recommendation findings at evaluatedBy { name } } evaluations { findings } } } }`, "c", id)
	if resolvertest.Get(evaluated.Data, "evaluateCooperationConcept.cooperationConcept.status") != "EVALUATED" ||
		resolvertest.Get(evaluated.Data, "evaluateCooperationConcept.cooperationConcept.evaluation.evaluatedBy.name") != "Paula Planner" ||
		len(resolvertest.Get(evaluated.Data, "evaluateCooperationConcept.cooperationConcept.evaluations").([]any)) != 1 {
		t.Fatalf("evaluated: %v", evaluated.Data)
	}
	adopted := f.MustExec(f.PlannerA, `mutation($c: ID!) { adoptCooperationConcept(input: {conceptId: $c}) {
		cooperationConcept { status updatedBy { name } createdBy { name } strategy { cooperationConcepts { id status } } } } }`, "c", id)
	for path, want := range map[string]any{
		"adoptCooperationConcept.cooperationConcept.status":                                "ADOPTED",
		"adoptCooperationConcept.cooperationConcept.createdBy.name":                        "Paula Planner",
		"adoptCooperationConcept.cooperationConcept.strategy.cooperationConcepts.0.id":     id,
		"adoptCooperationConcept.cooperationConcept.strategy.cooperationConcepts.0.status": "ADOPTED",
	} {
		if got := resolvertest.Get(adopted.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}

	// Unlinking the concept takes it off the strategy's list at once.
	other := f.CreateConcept(k.ID)
	f.MustExec(f.PlannerA, `mutation($c: ID!) { updateCooperationConcept(input: {conceptId: $c, strategyId: null}) { cooperationConcept { id } } }`,
		"c", other.ID.String())
	listed := f.MustExec(f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, vision: "v"}) { strategy { cooperationConcepts { id } } } }`, "s", k.ID.String())
	if got := resolvertest.Get(listed.Data, "updateStrategy.strategy.cooperationConcepts").([]any); len(got) != 1 || resolvertest.Get(got, "0.id") != id {
		t.Fatalf("concepts of the strategy: %v", got)
	}
}

// snapshot(at:) picks a revision by number, instant or version name;
// anything out of range is NOT_FOUND.
func TestStrategySnapshot(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	s := k.ID.String()
	f.MustExec(f.PlannerA, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 2, name: "one section"}) { position } }`, "s", s)
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
			res := f.Exec(&f.PlannerA, doc, "s", s, "at", c.at)
			if c.code != "" {
				if res.Code(0) != c.code || resolvertest.Get(res.Data, "updateStrategy.strategy.title") != "Now" {
					t.Fatalf("got %+v / %v, want %s on the snapshot only", res.Errors, res.Data, c.code)
				}
				return
			}
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			snap := resolvertest.Get(res.Data, "updateStrategy.strategy.snapshot").(map[string]any)
			if snap["id"] != c.id || len(snap["sections"].([]any)) != c.sections || snap["title"] != "Creative South Baltic" ||
				resolvertest.Get(snap, "strategy.title") != "Now" || snap["endYear"] != 2036.0 {
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
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	f.MustExec(f.PlannerB, `mutation($s: ID!) { nameStrategyVersion(input: {subjectId: $s, revision: 7, name: "by B"}) { position } }`, "s", k.ID.String())
	if err := f.Deps.Users.Erase(context.Background(), f.PlannerB.ID); err != nil {
		t.Fatal(err)
	}
	res := f.MustExec(f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "A"}) {
		strategy { versions { createdBy { id kind name role erased organisation { name } } } } } }`, "s", k.ID.String())
	by := resolvertest.Get(res.Data, "updateStrategy.strategy.versions.0.createdBy").(map[string]any)
	if by["id"] != f.PlannerB.ID.String() || by["erased"] != true || by["name"] == "Petras Planner" || by["name"] == "" ||
		by["kind"] != "PERSON" || by["role"] != "PLANNER" || resolvertest.Get(by, "organisation.name") != "Rietavas TIC" {
		t.Fatalf("erased actor %v", by)
	}
}
