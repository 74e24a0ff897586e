package public_test

import (
	"reflect"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// adoptStrategy takes a strategy of createStrategy through review to
// adoption.
func (f *fixture) adoptStrategy(id string) {
	f.T.Helper()
	res := f.MustExec(f.PlannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) { strategy { contentRevision } } }`, "s", id)
	content := resolvertest.Num(resolvertest.Get(res.Data, "submitStrategyForReview.strategy.contentRevision"))
	for _, reviewer := range []domain.Actor{f.ReviewerA, f.ReviewerB} {
		f.MustExec(reviewer, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) { position } }`, "s", id, "r", content)
	}
	f.MustExec(f.PlannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s}) { position } }`, "s", id)
}

// publish runs publishStrategy or unpublishStrategy as the ADMIN and
// returns the payload's position.
func (f *fixture) publish(field, id string) string {
	f.T.Helper()
	res := f.MustExec(f.Admin, `mutation($s: ID!) { `+field+`(input: {strategyId: $s}) { position } }`, "s", id)
	return f.Str(res, field+".position")
}

const publicPage = `query($first: Int, $after: String, $min: String) {
	publicDocuments(first: $first, after: $after, minPosition: $min) {
		totalCount pageInfo { hasNextPage endCursor } nodes { id title edition { name } } } }`

// The list pages most recently published first, and follows withdrawals;
// it answers without an actor (the transport lets anonymous requests
// through to the public fields only).
func TestPublicDocumentsPageByPublication(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	first, second := f.CreateStrategy().ID.String(), f.CreateStrategy().ID.String()
	f.adoptStrategy(first)
	f.adoptStrategy(second)
	f.publish("publishStrategy", first)
	pos := f.publish("publishStrategy", second)

	page := f.Exec(nil, publicPage, "first", 1, "min", pos)
	if len(page.Errors) > 0 {
		t.Fatalf("anonymous publicDocuments: %+v", page.Errors)
	}
	if got := resolvertest.Strs(resolvertest.Get(page.Data, "publicDocuments.nodes"), "id"); !reflect.DeepEqual(got, []string{second}) ||
		resolvertest.Num(resolvertest.Get(page.Data, "publicDocuments.totalCount")) != 2 || resolvertest.Get(page.Data, "publicDocuments.pageInfo.hasNextPage") != true {
		t.Fatalf("first page: %v", page.Data)
	}
	next := f.Exec(nil, publicPage, "first", 1, "after", resolvertest.Get(page.Data, "publicDocuments.pageInfo.endCursor"))
	if got := resolvertest.Strs(resolvertest.Get(next.Data, "publicDocuments.nodes"), "id"); !reflect.DeepEqual(got, []string{first}) ||
		resolvertest.Get(next.Data, "publicDocuments.pageInfo.hasNextPage") != false {
		t.Fatalf("second page: %v %+v", next.Data, next.Errors)
	}

	pos = f.publish("unpublishStrategy", second)
	after := f.Exec(nil, publicPage, "first", 10, "min", pos)
	if got := resolvertest.Strs(resolvertest.Get(after.Data, "publicDocuments.nodes"), "id"); !reflect.DeepEqual(got, []string{first}) {
		t.Fatalf("after withdrawal: %v %+v", after.Data, after.Errors)
	}
}

// Everything inside a public strategy renders without an actor, from the
// adopted edition: the lead partner without its contact person, the
// measure's locations, milestones and indicators.
func TestPublicStrategyRendersTheAdoptedContent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	k := f.CreateStrategy()
	id := k.ID.String()
	f.adoptStrategy(id)
	f.publish("publishStrategy", id)
	// Progress recorded after adoption is monitoring of the live document,
	// not part of the adopted edition.
	f.MustExec(f.PlannerA, `mutation($s: ID!, $m: ID!) { setMeasureStatus(input: {strategyId: $s, measureId: $m, status: IN_PROGRESS}) { position } }`,
		"s", id, "m", k.Measure.String())

	res := f.Exec(nil, `query($id: ID!) { publicStrategy(id: $id) {
		title startYear endYear locations { name country } partnerships { organisation { name country } role }
		priorities { title objectives { title
			measures { title status leadPartner { name country website } locations { name } milestones { title due done } }
			indicators { name unit targets { year value } } } } } }`, "id", id)
	if len(res.Errors) > 0 {
		t.Fatalf("anonymous publicStrategy: %+v", res.Errors)
	}
	want := map[string]any{
		"publicStrategy.title":     "Creative South Baltic",
		"publicStrategy.startYear": 2027.0,
		"publicStrategy.endYear":   2036.0,
		"publicStrategy.priorities.0.objectives.0.measures.0.status":              "PLANNED",
		"publicStrategy.priorities.0.objectives.0.measures.0.leadPartner.name":    "Media Dizajn",
		"publicStrategy.priorities.0.objectives.0.measures.0.leadPartner.country": "DE",
		"publicStrategy.priorities.0.objectives.0.measures.0.locations.0.name":    "Rostock",
		"publicStrategy.priorities.0.objectives.0.measures.0.milestones.0.due":    "2027-10-15",
		"publicStrategy.priorities.0.objectives.0.indicators.0.targets.0.value":   80.0,
		"publicStrategy.partnerships.1.organisation.country":                      "LT",
		"publicStrategy.locations.1.name":                                         "Rietavas",
	}
	for path, v := range want {
		if got := resolvertest.Get(res.Data, path); got != v {
			t.Errorf("%s = %v, want %v", path, got, v)
		}
	}
}
