package resolvertest

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
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Fixture is a planner on a database of its own: the schema with the real
// command service, and a small network (two locations in two countries,
// two partner organisations) with a user per role.
type Fixture struct {
	T      *testing.T
	Pool   *pgxpool.Pool
	Deps   resolver.Deps
	Schema *graphql.Schema
	// bg is a pool of its own for the projections runner and the Feed
	// (see project), so that they never starve the resolvers' pool.
	BG *pgxpool.Pool

	Admin domain.Actor
	// plannerA and plannerB belong to orgA (DE) and orgB (LT); reviewerA
	// and reviewerB too; viewer to orgA.
	PlannerA, PlannerB, ReviewerA, ReviewerB, Viewer domain.Actor

	LocDE, LocLT uuid.UUID
	OrgA, OrgB   uuid.UUID
}

func New(t *testing.T) *Fixture {
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
	f := &Fixture{T: t, Pool: pool, BG: bg}
	all := AllProjections()
	f.Deps = resolver.Deps{
		App: app.NewService(store, app.Config{}), Users: users, Pool: pool,
		Read: readmodel.New(pool, nil), Feed: projections.NewFeed(bg, all, Logger(t)), Projections: all,
		// Tests read their own writes through minPosition; a loaded CI
		// machine may take seconds to project, and the bound only ends a
		// test that would fail anyway.
		MinPositionWait: 30 * time.Second,
	}
	schema, err := resolver.NewSchema(f.Deps)
	if err != nil {
		t.Fatalf("NewSchema: %v", err)
	}
	f.Schema = schema

	f.Admin = f.addUser("Ada Admin", "", domain.RoleAdmin, "")
	f.LocDE = f.ID(f.MustExec(f.Admin, `mutation { addLocation(input: {name: "Rostock", country: "DE", region: "Mecklenburg-Vorpommern"}) { location { id } } }`), "addLocation.location.id")
	f.LocLT = f.ID(f.MustExec(f.Admin, `mutation { addLocation(input: {name: "Rietavas", country: "LT"}) { location { id } } }`), "addLocation.location.id")
	f.OrgA = f.ID(f.MustExec(f.Admin, `mutation($loc: ID!) { registerOrganisation(input: {name: "Media Dizajn", role: LEAD_PARTNER, locationId: $loc}) { organisation { id } } }`,
		"loc", f.LocDE.String()), "registerOrganisation.organisation.id")
	f.OrgB = f.ID(f.MustExec(f.Admin, `mutation($loc: ID!) { registerOrganisation(input: {name: "Rietavas TIC", role: PARTNER, locationId: $loc}) { organisation { id } } }`,
		"loc", f.LocLT.String()), "registerOrganisation.organisation.id")
	f.PlannerA = f.addUser("Paula Planner", f.OrgA.String(), domain.RolePlanner, "DE")
	f.PlannerB = f.addUser("Petras Planner", f.OrgB.String(), domain.RolePlanner, "LT")
	f.ReviewerA = f.addUser("Rita Reviewer", f.OrgA.String(), domain.RoleReviewer, "DE")
	f.ReviewerB = f.addUser("Rimas Reviewer", f.OrgB.String(), domain.RoleReviewer, "LT")
	f.Viewer = f.addUser("Vera Viewer", f.OrgA.String(), domain.RoleViewer, "DE")
	return f
}

// addUser stores a user and returns the actor authentication would give.
func (f *Fixture) addUser(name, org string, role domain.Role, country string) domain.Actor {
	f.T.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, _, err := f.Deps.Users.AddUser(context.Background(), auth.NewUser{Name: name, Email: email, Org: org, Role: role})
	if err != nil {
		f.T.Fatalf("add user %s: %v", name, err)
	}
	return domain.Actor{ID: u.ID, Kind: domain.ActorPerson, Role: role, OrganisationID: u.OrganisationID, Country: country}
}

// Result is a response decoded for assertions.
type Result struct {
	Data   map[string]any
	Errors []GQLError
}

type GQLError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (r Result) Code(i int) string {
	if i >= len(r.Errors) {
		return ""
	}
	code, _ := r.Errors[i].Extensions["code"].(string)
	return code
}

// Exec runs a document as actor (nil: anonymous) with loaders installed,
// as Middleware would; vars come in name, value pairs.
func (f *Fixture) Exec(actor *domain.Actor, query string, vars ...any) Result {
	f.T.Helper()
	return f.ExecCtx(f.Ctx(actor), query, vars...)
}

func (f *Fixture) Ctx(actor *domain.Actor) context.Context {
	ctx := graph.WithLoaders(context.Background(), f.Deps)
	if actor != nil {
		ctx = transport.WithActor(ctx, *actor)
	}
	return ctx
}

func (f *Fixture) ExecCtx(ctx context.Context, query string, vars ...any) Result {
	f.T.Helper()
	variables := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		variables[vars[i].(string)] = vars[i+1]
	}
	resp := f.Schema.Exec(ctx, query, "", variables)
	raw, err := json.Marshal(resp)
	if err != nil {
		f.T.Fatal(err)
	}
	var out Result
	if err := json.Unmarshal(raw, &out); err != nil {
		f.T.Fatalf("decode %s: %v", raw, err)
	}
	return out
}

// MustExec runs a document that must succeed without errors.
func (f *Fixture) MustExec(actor domain.Actor, query string, vars ...any) Result {
	f.T.Helper()
	res := f.Exec(&actor, query, vars...)
	if len(res.Errors) > 0 {
		f.T.Fatalf("unexpected errors: %+v\nquery: %s", res.Errors, query)
	}
	return res
}

// Get walks a dotted path through the data: "a.b.0.c".
func Get(data any, path string) any {
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

func (f *Fixture) Str(res Result, path string) string {
	f.T.Helper()
	s, ok := Get(res.Data, path).(string)
	if !ok {
		f.T.Fatalf("%s is %v, not a string; data %v", path, Get(res.Data, path), res.Data)
	}
	return s
}

func (f *Fixture) ID(res Result, path string) uuid.UUID {
	f.T.Helper()
	id, err := uuid.Parse(f.Str(res, path))
	if err != nil {
		f.T.Fatalf("%s: %v", path, err)
	}
	return id
}

// Events counts the rows of the event log: a rejected mutation must
// leave it as it was.
func (f *Fixture) Events() int {
	f.T.Helper()
	var n int
	if err := f.Pool.QueryRow(context.Background(), "SELECT count(*) FROM events").Scan(&n); err != nil {
		f.T.Fatal(err)
	}
	return n
}

// createStrategy makes a strategy of orgA and orgB in DE and LT as
// plannerA, with one section, one priority, objective, measure and
// indicator, and returns its id and item keys.
type strategyKeys struct {
	ID, Section, Priority, Objective, Measure, Milestone, Indicator uuid.UUID
}

func (f *Fixture) CreateStrategy() strategyKeys {
	f.T.Helper()
	res := f.MustExec(f.PlannerA, `mutation($locs: [ID!]!, $orgs: [ID!]!) {
		createStrategy(input: {title: "Creative South Baltic", vision: "Bold", startYear: 2027, locationIds: $locs, partnerIds: $orgs}) {
			strategy { id } } }`,
		"locs", []any{f.LocDE.String(), f.LocLT.String()}, "orgs", []any{f.OrgA.String(), f.OrgB.String()})
	k := strategyKeys{ID: f.ID(res, "createStrategy.strategy.id")}
	k.Section, k.Priority, k.Objective, k.Measure, k.Milestone, k.Indicator = uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New()
	steps := []string{
		fmt.Sprintf(`addSection(input: {strategyId: "%s", sectionId: "%s", heading: "Diagnosis", body: "Text"})`, k.ID, k.Section),
		fmt.Sprintf(`addPriority(input: {strategyId: "%s", priorityId: "%s", title: "Exchange"})`, k.ID, k.Priority),
		fmt.Sprintf(`addObjective(input: {strategyId: "%s", priorityId: "%s", objectiveId: "%s", title: "Forum"})`, k.ID, k.Priority, k.Objective),
		fmt.Sprintf(`addMeasure(input: {strategyId: "%s", objectiveId: "%s", measureId: "%s", title: "Annual forum", leadPartnerId: "%s", locationIds: ["%s"], startYear: 2027, endYear: 2030})`, k.ID, k.Objective, k.Measure, f.OrgA, f.LocDE),
		fmt.Sprintf(`addMilestone(input: {strategyId: "%s", measureId: "%s", milestoneId: "%s", title: "First forum", due: "2027-10-15"})`, k.ID, k.Measure, k.Milestone),
		fmt.Sprintf(`addIndicator(input: {strategyId: "%s", objectiveId: "%s", indicatorId: "%s", name: "Participants", unit: "persons", baseline: 0, baselineYear: 2026, targets: [{year: 2027, value: 80}]})`, k.ID, k.Objective, k.Indicator),
	}
	for _, step := range steps {
		f.MustExec(f.PlannerA, "mutation { "+step+" { revision: position } }")
	}
	return k
}

// conceptKeys names a concept made by createConcept.
type conceptKeys struct {
	ID, Pilot uuid.UUID
}

// CreateConcept makes a SPECIFIED concept of orgA and orgB for the
// strategy, with one PLANNED pilot in DE, as plannerA.
func (f *Fixture) CreateConcept(strategyID uuid.UUID) conceptKeys {
	f.T.Helper()
	res := f.MustExec(f.PlannerA, `mutation($orgs: [ID!]!, $s: ID) {
		createCooperationConcept(input: {kind: CONSULTANCY_STRUCTURE, title: "Creative consultancy", summary: "Advice", targetGroups: ["SMEs"], partnerIds: $orgs, strategyId: $s}) {
			cooperationConcept { id } } }`,
		"orgs", []any{f.OrgA.String(), f.OrgB.String()}, "s", strategyID.String())
	c := conceptKeys{ID: f.ID(res, "createCooperationConcept.cooperationConcept.id"), Pilot: uuid.New()}
	f.MustExec(f.PlannerA, `mutation($c: ID!) { specifyCooperationConcept(input: {conceptId: $c}) { position } }`, "c", c.ID.String())
	f.MustExec(f.PlannerA, `mutation($c: ID!, $p: ID, $l: ID!) { planPilot(input: {conceptId: $c, pilotId: $p, locationId: $l, startDate: "2027-02-01", endDate: "2027-06-30", participants: 12}) { position } }`,
		"c", c.ID.String(), "p", c.Pilot.String(), "l", f.LocDE.String())
	return c
}

// FieldPaths lists the extensions.fields paths of a VALIDATION_FAILED
// error, joined with dots: "input.title".
func FieldPaths(e GQLError) []string {
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

// TransportActor is a context with an actor and no loaders.
func TransportActor(actor domain.Actor) context.Context {
	return transport.WithActor(context.Background(), actor)
}

func MustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// Traced serves the fixture's database through a pool of its own, of
// maxConns connections, whose statements pass through tracer (a test's
// counter, read budget or breaker): the command service, the users, the
// read models and the schema are rebuilt over it.
func (f *Fixture) Traced(tracer pgx.QueryTracer, maxConns int32) {
	f.T.Helper()
	cfg, err := pgxpool.ParseConfig(f.Pool.Config().ConnString())
	if err != nil {
		f.T.Fatal(err)
	}
	cfg.MaxConns = maxConns
	cfg.ConnConfig.Tracer = tracer
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		f.T.Fatal(err)
	}
	f.T.Cleanup(pool.Close)
	store := eventstore.New(pool, catalog.Registry())
	deps := f.Deps
	deps.App = app.NewService(store, app.Config{})
	deps.Users = auth.NewUsers(pool, auth.NewNetworkResolver(store, auth.NetworkResolverConfig{CountryTTL: -1}))
	deps.Pool = pool
	deps.Read = readmodel.New(pool, nil)
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		f.T.Fatal(err)
	}
	f.Deps, f.Schema = deps, schema
}
