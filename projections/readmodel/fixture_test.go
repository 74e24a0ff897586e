package readmodel_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/projections/internal/testkit"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// fixture is a small network with strategies and concepts, projected.
type fixture struct {
	env        *testkit.Env
	reader     *readmodel.Reader
	admin      domain.Actor
	reviewer   domain.Actor
	locations  map[string]uuid.UUID // by name
	orgs       map[string]uuid.UUID
	strategies []uuid.UUID // in creation order
	concepts   []uuid.UUID
	measure    uuid.UUID
	milestone  uuid.UUID
}

var (
	strategies    = testkit.Strategies
	concepts      = testkit.Concepts
	organisations = testkit.Organisations
	locations     = testkit.Locations
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	env := testkit.New(t)
	f := &fixture{env: env, locations: map[string]uuid.UUID{}, orgs: map[string]uuid.UUID{}}
	// The clock of dashboards: a day in the week after the fixture's
	// revisions (which start on Monday 2026-03-02).
	f.reader = readmodel.New(env.Pool, func() time.Time { return time.Date(2026, 3, 12, 12, 0, 0, 0, time.UTC) })
	f.admin = testkit.Actor(uuid.Nil)

	for _, l := range []struct{ name, country string }{
		{"Vilnius", "LT"}, {"Hamburg", "DE"}, {"Gdańsk", "PL"}, {"Berlin", "DE"},
	} {
		id, _ := testkit.Exec(t, env, locations, uuid.Nil, f.admin, network.AddLocation{Name: l.name, Country: l.country})
		f.locations[l.name] = id
	}
	for _, o := range []struct{ name, location string }{
		{"Kreativ Hamburg", "Hamburg"}, {"Baltic Hub", "Vilnius"}, {"Art Gdańsk", "Gdańsk"}, {"Berlin Works", "Berlin"},
	} {
		id, _ := testkit.Exec(t, env, organisations, uuid.Nil, f.admin, network.RegisterOrganisation{
			Name: o.name, Role: network.Partner, LocationID: f.locations[o.location]})
		f.orgs[o.name] = id
	}
	f.admin.OrganisationID = f.orgs["Kreativ Hamburg"]
	f.reviewer = domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RoleReviewer,
		OrganisationID: f.orgs["Baltic Hub"], Country: "LT"}

	for i, s := range []struct {
		title    string
		location string
		partners []string
	}{
		{"Creative Baltic 2030", "Vilnius", []string{"Baltic Hub", "Kreativ Hamburg"}},
		{"Hanse Culture", "Hamburg", []string{"Kreativ Hamburg"}},
		{"Vistula Arts", "Gdańsk", []string{"Art Gdańsk", "Berlin Works"}},
	} {
		partners := make([]uuid.UUID, len(s.partners))
		for j, p := range s.partners {
			partners[j] = f.orgs[p]
		}
		id, _ := testkit.Exec(t, env, strategies, uuid.Nil, f.admin, strategy.CreateStrategy{
			Title: s.title, StartYear: 2027 + i, LocationIDs: []uuid.UUID{f.locations[s.location]}, PartnerIDs: partners})
		f.strategies = append(f.strategies, id)
	}
	// The first strategy gets content, a review, a named version.
	first := f.strategies[0]
	priority, objective := uuid.New(), uuid.New()
	f.measure, f.milestone = uuid.New(), uuid.New()
	testkit.Exec(t, env, strategies, first, f.admin, strategy.AddPriority{PriorityID: &priority, Title: "Skills"})
	testkit.Exec(t, env, strategies, first, f.admin, strategy.AddObjective{PriorityID: priority, ObjectiveID: &objective, Title: "Train"})
	testkit.Exec(t, env, strategies, first, f.admin, strategy.AddMeasure{ObjectiveID: objective, MeasureID: &f.measure,
		Title: "Workshops", StartYear: 2027, EndYear: 2028})
	other := uuid.New()
	testkit.Exec(t, env, strategies, first, f.admin, strategy.AddMeasure{ObjectiveID: objective, MeasureID: &other,
		Title: "Fairs", StartYear: 2027, EndYear: 2029})
	testkit.Exec(t, env, strategies, first, f.admin, strategy.SetMeasureStatus{MeasureID: other, Status: strategy.MeasureCompleted})
	testkit.Exec(t, env, strategies, first, f.admin, strategy.AddMilestone{MeasureID: f.measure, MilestoneID: &f.milestone,
		Title: "Kick-off", Due: "2026-03-10"})
	later := uuid.New()
	testkit.Exec(t, env, strategies, first, f.admin, strategy.AddMilestone{MeasureID: f.measure, MilestoneID: &later,
		Title: "Review", Due: "2026-12-01"})
	_, rev := testkit.Exec(t, env, strategies, first, f.admin, strategy.SubmitStrategyForReview{})
	testkit.Exec(t, env, strategies, first, f.reviewer, strategy.ReviewStrategy{
		ContentRevision: rev.Revision - 1, Decision: strategy.DecisionApproved, Comment: "fine"})
	testkit.Exec(t, env, strategies, first, f.admin, strategy.NameStrategyVersion{Revision: 3, Name: "draft-3", Note: "first cut"})
	testkit.Exec(t, env, strategies, f.strategies[1], f.admin, strategy.UpdateStrategy{Title: domain.Some("Hanse Culture Strategy")})

	for _, c := range []struct {
		title    string
		strategy int
	}{{"Consultancy Desk", 0}, {"Local Labs", 1}} {
		sid := f.strategies[c.strategy]
		id, _ := testkit.Exec(t, env, concepts, uuid.Nil, f.admin, cooperation.CreateCooperationConcept{
			Kind: cooperation.ConsultancyStructure, Title: c.title, PartnerIDs: []uuid.UUID{f.orgs["Kreativ Hamburg"]}, StrategyID: &sid})
		f.concepts = append(f.concepts, id)
	}

	env.Start(t, env.Config(t))
	env.WaitCaughtUp(t, 20*time.Second)
	return f
}
