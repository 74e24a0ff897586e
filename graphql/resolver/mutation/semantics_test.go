package mutation_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/transport"
)

// Two clients edit from the same revision: disjoint edits merge, edits of
// the same field conflict, with the data the contract promises.
func TestExpectedRevisionMergesOrConflicts(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy() // revision 7
	theirs := f.MustExec(f.PlannerB, `mutation($s: ID!, $sec: ID!) {
		updateSection(input: {strategyId: $s, sectionId: $sec, body: "Theirs", expectedRevision: 7}) { merged strategy { revision } } }`,
		"s", k.ID.String(), "sec", k.Section.String())
	if resolvertest.Get(theirs.Data, "updateSection.merged") != false {
		t.Fatalf("an edit from the latest revision merged: %v", theirs.Data)
	}

	merged := f.MustExec(f.PlannerA, `mutation($s: ID!) {
		updateStrategy(input: {strategyId: $s, title: "Mine", expectedRevision: 7}) { merged replayed strategy { title revision sections { body } } } }`,
		"s", k.ID.String())
	for path, want := range map[string]any{
		"updateStrategy.merged": true, "updateStrategy.replayed": false, "updateStrategy.strategy.title": "Mine",
		"updateStrategy.strategy.revision": 9.0, "updateStrategy.strategy.sections.0.body": "Theirs",
	} {
		if got := resolvertest.Get(merged.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}

	before := f.Events()
	res := f.Exec(&f.PlannerA, `mutation($s: ID!, $sec: ID!) {
		updateSection(input: {strategyId: $s, sectionId: $sec, body: "Mine", expectedRevision: 7}) { merged } }`,
		"s", k.ID.String(), "sec", k.Section.String())
	if res.Code(0) != "REVISION_CONFLICT" {
		t.Fatalf("got %+v, want REVISION_CONFLICT", res.Errors)
	}
	ext := res.Errors[0].Extensions
	if ext["currentRevision"] != 9.0 {
		t.Errorf("currentRevision = %v, want 9", ext["currentRevision"])
	}
	conflicts, _ := ext["conflicts"].([]any)
	if len(conflicts) != 1 {
		t.Fatalf("conflicts = %v, want one", ext["conflicts"])
	}
	c := conflicts[0].(map[string]any)
	if c["path"] != "/sections/"+k.Section.String()+"/body" || c["revision"] != 8.0 || c["actorId"] != f.PlannerB.ID.String() || c["current"] != "Theirs" {
		t.Errorf("conflict = %v", c)
	}
	if resolvertest.Get(res.Data, "updateSection") != nil || f.Events() != before {
		t.Fatal("a conflicting edit was applied")
	}
}

// The same commandId with the same input replays the first result and
// appends nothing; with another input, or from another actor, it is
// refused.
func TestCommandIDReplaysAndRefusesReuse(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	cmd := uuid.NewString()
	const doc = `mutation($s: ID!, $cmd: ID, $title: String) {
		updateStrategy(input: {strategyId: $s, title: $title, commandId: $cmd, clientMutationId: "again"}) {
			clientMutationId position replayed merged strategy { title revision updatedBy { name } } } }`
	first := f.MustExec(f.PlannerA, doc, "s", k.ID.String(), "cmd", cmd, "title", "Once")
	f.MustExec(f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, vision: "Later"}) { position } }`, "s", k.ID.String())

	before := f.Events()
	again := f.MustExec(f.PlannerA, doc, "s", k.ID.String(), "cmd", cmd, "title", "Once")
	if f.Events() != before {
		t.Fatal("a replay appended events")
	}
	for path, want := range map[string]any{
		"updateStrategy.replayed": true, "updateStrategy.clientMutationId": "again",
		"updateStrategy.position":                resolvertest.Get(first.Data, "updateStrategy.position"),
		"updateStrategy.strategy.revision":       8.0, // the replayed revision, not the latest
		"updateStrategy.strategy.title":          "Once",
		"updateStrategy.strategy.updatedBy.name": "Paula Planner",
	} {
		if got := resolvertest.Get(again.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}

	for name, run := range map[string]func() resolvertest.Result{
		"other input": func() resolvertest.Result {
			return f.Exec(&f.PlannerA, doc, "s", k.ID.String(), "cmd", cmd, "title", "Twice")
		},
		"other actor": func() resolvertest.Result {
			return f.Exec(&f.PlannerB, doc, "s", k.ID.String(), "cmd", cmd, "title", "Once")
		},
	} {
		if res := run(); res.Code(0) != "IDEMPOTENCY_KEY_REUSED" {
			t.Errorf("%s: got %+v, want IDEMPOTENCY_KEY_REUSED", name, res.Errors)
		}
	}
	if f.Events() != before {
		t.Fatal("a reused commandId appended events")
	}
}

// An error nulls only its own mutation's payload; the others of the same
// request stand, and later ones see the state earlier ones produced, even
// where a loader had cached an older one.
func TestMutationsOfOneRequest(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	res := f.Exec(&f.Admin, `mutation($s: ID!, $org: ID!) {
		a: updateStrategy(input: {strategyId: $s, title: "A"}) { strategy { partners { name } } }
		b: updateOrganisation(input: {organisationId: $org, name: "Media Dizajn Ltd"}) { organisation { name } }
		c: updateStrategy(input: {strategyId: $s, title: null}) { strategy { title } }
		d: updateStrategy(input: {strategyId: $s, vision: "D"}) { strategy { title vision partners { name } } }
	}`, "s", k.ID.String(), "org", f.OrgA.String())
	if len(res.Errors) != 1 || res.Code(0) != "VALIDATION_FAILED" || resolvertest.Get(res.Errors[0].Path, "0") != "c" {
		t.Fatalf("errors %+v, want one VALIDATION_FAILED on c", res.Errors)
	}
	for path, want := range map[string]any{
		"a.strategy.partners.0.name": "Media Dizajn",
		"b.organisation.name":        "Media Dizajn Ltd",
		"c":                          nil,
		"d.strategy.title":           "A",
		"d.strategy.vision":          "D",
		"d.strategy.partners.0.name": "Media Dizajn Ltd",
	} {
		if got := resolvertest.Get(res.Data, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}

// Middleware gives every mutation of a request the X-Correlation-ID of the
// request, which the revision records.
func TestMiddlewareRecordsTheCorrelationID(t *testing.T) {
	t.Parallel()
	f := resolvertest.New(t)
	k := f.CreateStrategy()
	correlation := uuid.New()
	var res resolvertest.Result
	handler := resolver.Middleware(f.Deps, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res = f.ExecCtx(transport.WithActor(r.Context(), f.PlannerA), `mutation($s: ID!) {
			updateStrategy(input: {strategyId: $s, title: "Correlated"}) { position } }`, "s", k.ID.String())
	}))
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	req.Header.Set(resolver.CorrelationHeader, correlation.String())
	handler.ServeHTTP(httptest.NewRecorder(), req)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var got uuid.UUID
	err := f.Pool.QueryRow(context.Background(), `SELECT correlation_id FROM events WHERE position = $1::bigint`,
		resolvertest.Get(res.Data, "updateStrategy.position")).Scan(&got)
	if err != nil || got != correlation {
		t.Fatalf("correlation_id = %v (%v), want %v", got, err, correlation)
	}
}
