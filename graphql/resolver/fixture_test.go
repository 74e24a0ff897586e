package resolver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// fixture is a planner on a database of its own: the schema with the real
// command service, and a small network (two locations in two countries,
// two partner organisations) with a user per role.
type fixture struct {
	t      *testing.T
	pool   *pgxpool.Pool
	deps   resolver.Deps
	schema *graphql.Schema
	// bg is a pool of its own for the projections runner and the Feed
	// (see project), so that they never starve the resolvers' pool.
	bg *pgxpool.Pool

	admin domain.Actor
	// plannerA and plannerB belong to orgA (DE) and orgB (LT); reviewerA
	// and reviewerB too; viewer to orgA.
	plannerA, plannerB, reviewerA, reviewerB, viewer domain.Actor

	locDE, locLT uuid.UUID
	orgA, orgB   uuid.UUID
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	// A small pool per fixture: the table test runs one fixture per case,
	// up to GOMAXPROCS at once, against one server's connection limit.
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 3
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	bgCfg := cfg.Copy()
	bgCfg.MaxConns = 6
	bg, err := pgxpool.NewWithConfig(context.Background(), bgCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bg.Close)
	store := eventstore.New(pool, catalog.Registry())
	users := auth.NewUsers(pool, auth.NewNetworkResolver(store, auth.NetworkResolverConfig{CountryTTL: -1}))
	f := &fixture{t: t, pool: pool, bg: bg}
	all := allProjections()
	f.deps = resolver.Deps{
		App: app.NewService(store, app.Config{}), Users: users, Pool: pool,
		Read: readmodel.New(pool, nil), Feed: projections.NewFeed(bg, all, testLogger(t)), Projections: all,
		// Tests read their own writes through minPosition; a loaded CI
		// machine may take seconds to project, and the bound only ends a
		// test that would fail anyway.
		MinPositionWait: 30 * time.Second,
	}
	schema, err := resolver.NewSchema(f.deps)
	if err != nil {
		t.Fatalf("NewSchema: %v", err)
	}
	f.schema = schema

	f.admin = f.addUser("Ada Admin", "", domain.RoleAdmin, "")
	f.locDE = f.id(f.mustExec(f.admin, `mutation { addLocation(input: {name: "Rostock", country: "DE", region: "Mecklenburg-Vorpommern"}) { location { id } } }`), "addLocation.location.id")
	f.locLT = f.id(f.mustExec(f.admin, `mutation { addLocation(input: {name: "Rietavas", country: "LT"}) { location { id } } }`), "addLocation.location.id")
	f.orgA = f.id(f.mustExec(f.admin, `mutation($loc: ID!) { registerOrganisation(input: {name: "Media Dizajn", role: LEAD_PARTNER, locationId: $loc}) { organisation { id } } }`,
		"loc", f.locDE.String()), "registerOrganisation.organisation.id")
	f.orgB = f.id(f.mustExec(f.admin, `mutation($loc: ID!) { registerOrganisation(input: {name: "Rietavas TIC", role: PARTNER, locationId: $loc}) { organisation { id } } }`,
		"loc", f.locLT.String()), "registerOrganisation.organisation.id")
	f.plannerA = f.addUser("Paula Planner", f.orgA.String(), domain.RolePlanner, "DE")
	f.plannerB = f.addUser("Petras Planner", f.orgB.String(), domain.RolePlanner, "LT")
	f.reviewerA = f.addUser("Rita Reviewer", f.orgA.String(), domain.RoleReviewer, "DE")
	f.reviewerB = f.addUser("Rimas Reviewer", f.orgB.String(), domain.RoleReviewer, "LT")
	f.viewer = f.addUser("Vera Viewer", f.orgA.String(), domain.RoleViewer, "DE")
	return f
}

// addUser stores a user and returns the actor authentication would give.
func (f *fixture) addUser(name, org string, role domain.Role, country string) domain.Actor {
	f.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, _, err := f.deps.Users.AddUser(context.Background(), auth.NewUser{Name: name, Email: email, Org: org, Role: role})
	if err != nil {
		f.t.Fatalf("add user %s: %v", name, err)
	}
	return domain.Actor{ID: u.ID, Kind: domain.ActorPerson, Role: role, OrganisationID: u.OrganisationID, Country: country}
}

// result is a response decoded for assertions.
type result struct {
	Data   map[string]any
	Errors []gqlError
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (r result) code(i int) string {
	if i >= len(r.Errors) {
		return ""
	}
	code, _ := r.Errors[i].Extensions["code"].(string)
	return code
}

// exec runs a document as actor (nil: anonymous) with loaders installed,
// as Middleware would; vars come in name, value pairs.
func (f *fixture) exec(actor *domain.Actor, query string, vars ...any) result {
	f.t.Helper()
	return f.execCtx(f.ctx(actor), query, vars...)
}

func (f *fixture) ctx(actor *domain.Actor) context.Context {
	ctx := resolver.WithLoaders(context.Background(), f.deps)
	if actor != nil {
		ctx = transport.WithActor(ctx, *actor)
	}
	return ctx
}

func (f *fixture) execCtx(ctx context.Context, query string, vars ...any) result {
	f.t.Helper()
	variables := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		variables[vars[i].(string)] = vars[i+1]
	}
	resp := f.schema.Exec(ctx, query, "", variables)
	raw, err := json.Marshal(resp)
	if err != nil {
		f.t.Fatal(err)
	}
	var out result
	if err := json.Unmarshal(raw, &out); err != nil {
		f.t.Fatalf("decode %s: %v", raw, err)
	}
	return out
}

// mustExec runs a document that must succeed without errors.
func (f *fixture) mustExec(actor domain.Actor, query string, vars ...any) result {
	f.t.Helper()
	res := f.exec(&actor, query, vars...)
	if len(res.Errors) > 0 {
		f.t.Fatalf("unexpected errors: %+v\nquery: %s", res.Errors, query)
	}
	return res
}

// get walks a dotted path through the data: "a.b.0.c".
func get(data any, path string) any {
	cur := data
	for _, seg := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	return cur
}

func (f *fixture) str(res result, path string) string {
	f.t.Helper()
	s, ok := get(res.Data, path).(string)
	if !ok {
		f.t.Fatalf("%s is %v, not a string; data %v", path, get(res.Data, path), res.Data)
	}
	return s
}

func (f *fixture) id(res result, path string) uuid.UUID {
	f.t.Helper()
	id, err := uuid.Parse(f.str(res, path))
	if err != nil {
		f.t.Fatalf("%s: %v", path, err)
	}
	return id
}

// events counts the rows of the event log: a rejected mutation must
// leave it as it was.
func (f *fixture) events() int {
	f.t.Helper()
	var n int
	if err := f.pool.QueryRow(context.Background(), "SELECT count(*) FROM events").Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// createStrategy makes a strategy of orgA and orgB in DE and LT as
// plannerA, with one section, one priority, objective, measure and
// indicator, and returns its id and item keys.
type strategyKeys struct {
	id, section, priority, objective, measure, milestone, indicator uuid.UUID
}

func (f *fixture) createStrategy() strategyKeys {
	f.t.Helper()
	res := f.mustExec(f.plannerA, `mutation($locs: [ID!]!, $orgs: [ID!]!) {
		createStrategy(input: {title: "Creative South Baltic", vision: "Bold", startYear: 2027, locationIds: $locs, partnerIds: $orgs}) {
			strategy { id } } }`,
		"locs", []any{f.locDE.String(), f.locLT.String()}, "orgs", []any{f.orgA.String(), f.orgB.String()})
	k := strategyKeys{id: f.id(res, "createStrategy.strategy.id")}
	k.section, k.priority, k.objective, k.measure, k.milestone, k.indicator = uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New()
	steps := []string{
		fmt.Sprintf(`addSection(input: {strategyId: "%s", sectionId: "%s", heading: "Diagnosis", body: "Text"})`, k.id, k.section),
		fmt.Sprintf(`addPriority(input: {strategyId: "%s", priorityId: "%s", title: "Exchange"})`, k.id, k.priority),
		fmt.Sprintf(`addObjective(input: {strategyId: "%s", priorityId: "%s", objectiveId: "%s", title: "Forum"})`, k.id, k.priority, k.objective),
		fmt.Sprintf(`addMeasure(input: {strategyId: "%s", objectiveId: "%s", measureId: "%s", title: "Annual forum", leadPartnerId: "%s", locationIds: ["%s"], startYear: 2027, endYear: 2030})`, k.id, k.objective, k.measure, f.orgA, f.locDE),
		fmt.Sprintf(`addMilestone(input: {strategyId: "%s", measureId: "%s", milestoneId: "%s", title: "First forum", due: "2027-10-15"})`, k.id, k.measure, k.milestone),
		fmt.Sprintf(`addIndicator(input: {strategyId: "%s", objectiveId: "%s", indicatorId: "%s", name: "Participants", unit: "persons", baseline: 0, baselineYear: 2026, targets: [{year: 2027, value: 80}]})`, k.id, k.objective, k.indicator),
	}
	for _, step := range steps {
		f.mustExec(f.plannerA, "mutation { "+step+" { revision: position } }")
	}
	return k
}

// conceptKeys names a concept made by createConcept.
type conceptKeys struct {
	id, pilot uuid.UUID
}

// createConcept makes a SPECIFIED concept of orgA and orgB for the
// strategy, with one PLANNED pilot in DE, as plannerA.
func (f *fixture) createConcept(strategyID uuid.UUID) conceptKeys {
	f.t.Helper()
	res := f.mustExec(f.plannerA, `mutation($orgs: [ID!]!, $s: ID) {
		createCooperationConcept(input: {kind: CONSULTANCY_STRUCTURE, title: "Creative consultancy", summary: "Advice", targetGroups: ["SMEs"], partnerIds: $orgs, strategyId: $s}) {
			cooperationConcept { id } } }`,
		"orgs", []any{f.orgA.String(), f.orgB.String()}, "s", strategyID.String())
	c := conceptKeys{id: f.id(res, "createCooperationConcept.cooperationConcept.id"), pilot: uuid.New()}
	f.mustExec(f.plannerA, `mutation($c: ID!) { specifyCooperationConcept(input: {conceptId: $c}) { position } }`, "c", c.id.String())
	f.mustExec(f.plannerA, `mutation($c: ID!, $p: ID, $l: ID!) { planPilot(input: {conceptId: $c, pilotId: $p, locationId: $l, startDate: "2027-02-01", endDate: "2027-06-30", participants: 12}) { position } }`,
		"c", c.id.String(), "p", c.pilot.String(), "l", f.locDE.String())
	return c
}

// fieldPaths lists the extensions.fields paths of a VALIDATION_FAILED
// error, joined with dots: "input.title".
func fieldPaths(e gqlError) []string {
	fields, _ := e.Extensions["fields"].([]any)
	var out []string
	for _, f := range fields {
		path, _ := f.(map[string]any)["path"].([]any)
		parts := make([]string, len(path))
		for i, p := range path {
			parts[i] = fmt.Sprint(p)
		}
		out = append(out, strings.Join(parts, "."))
	}
	return out
}

// transportActor is a context with an actor and no loaders.
func transportActor(actor domain.Actor) context.Context {
	return transport.WithActor(context.Background(), actor)
}
