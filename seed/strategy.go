package seed

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
)

const (
	ihkRostock  = "Chamber of Industry and Commerce Rostock (IHK)"
	cityRostock = "Hanseatic City of Rostock, Department for Urban Development, Urban Planning and Economy"
	mediaDizajn = "Media Dizajn"
	rietavasTIC = "Rietavas Tourism and Business Information Centre"
	erbElblag   = "Association of Polish Communes of Euroregion Baltic/ ERB"
	kreativum   = "Kreativum Science Center"
)

func ptr[T any](v T) *T { return &v }

// strategy seeds the joint ten-year development strategy, built up the way
// planners would: created, then chapters, priorities, objectives, measures,
// milestones and indicators, then submitted for review.
func (s *seeder) strategy(net seededNetwork) (uuid.UUID, error) {
	org := net.organisations
	loc := net.locations
	id, err := do(s, "strategy/create", app.Strategies, uuid.Nil, domain.Command[*strategy.Strategy](strategy.CreateStrategy{
		Title:     "Creative South Baltic 2027–2036",
		Vision:    "By 2036 the creative industries of the South Baltic are a recognised, internationally oriented partner of the whole economy, working across borders as a matter of course.",
		StartYear: 2027,
		LocationIDs: []uuid.UUID{
			loc["Rostock"], loc["Szczecin"], loc["Rietavas"], loc["Karlshamn"], loc["Elbląg"],
		},
		PartnerIDs: []uuid.UUID{
			org[mediaDizajn], org[ihkRostock], org[cityRostock], org[rietavasTIC], org[erbElblag], org[kreativum],
		},
	}))
	if err != nil {
		return uuid.Nil, err
	}
	steps := []struct {
		name string
		cmd  domain.Command[*strategy.Strategy]
	}{
		{"lead", strategy.AddStrategyPartner{OrganisationID: org[mediaDizajn], Role: strategy.RoleLeadPartner}},
		{"section/diagnosis", strategy.AddSection{SectionID: ptr(key("section/diagnosis")), Heading: "Diagnosis",
			Body: "The creative industries are among the most vibrant sectors of the South Baltic region, yet they are rarely seen as partners of the *normal economy* and seldom cooperate across borders."}},
		{"section/implementation", strategy.AddSection{SectionID: ptr(key("section/implementation")), Heading: "Implementation system",
			Body: "The network of partners steers the strategy jointly. An annual exchange forum and a digital communication platform carry the cooperation between the locations."}},
		{"section/monitoring", strategy.AddSection{SectionID: ptr(key("section/monitoring")), Heading: "Monitoring and evaluation",
			Body: "Indicators are reviewed every year at the exchange forum; the strategy is evaluated at mid-term (2031) and at its end."}},
		{"priority/exchange", strategy.AddPriority{PriorityID: ptr(key("priority/exchange")), Title: "Cross-border exchange",
			Description: "Regular exchange between creative-industry protagonists of the South Baltic locations."}},
		{"priority/consultancy", strategy.AddPriority{PriorityID: ptr(key("priority/consultancy")), Title: "Creative consultancy for the normal economy",
			Description: "Working structures, project planning and work organisation advice from creative professionals."}},
		{"priority/promotion", strategy.AddPriority{PriorityID: ptr(key("priority/promotion")), Title: "Joint promotion",
			Description: "Present the region's creative industries as internationally relevant and attractive."}},
		{"objective/forum", strategy.AddObjective{PriorityID: key("priority/exchange"), ObjectiveID: ptr(key("objective/forum")),
			Title: "An annual exchange forum as the meeting place of the network"}},
		{"objective/coaching", strategy.AddObjective{PriorityID: key("priority/consultancy"), ObjectiveID: ptr(key("objective/coaching")),
			Title: "Lasting use of the coaching tool"}},
		{"measure/forum", strategy.AddMeasure{ObjectiveID: key("objective/forum"), MeasureID: ptr(key("measure/forum")),
			Title: "Annual South Baltic creative exchange forum", LeadPartnerID: ptr(org[mediaDizajn]),
			LocationIDs: []uuid.UUID{loc["Szczecin"], loc["Rostock"], loc["Karlshamn"]}, StartYear: 2027, EndYear: 2036}},
		{"measure/platform", strategy.AddMeasure{ObjectiveID: key("objective/forum"), MeasureID: ptr(key("measure/platform")),
			Title: "Joint communication platform", LeadPartnerID: ptr(org[erbElblag]), StartYear: 2027, EndYear: 2029}},
		{"measure/coaching", strategy.AddMeasure{ObjectiveID: key("objective/coaching"), MeasureID: ptr(key("measure/coaching")),
			Title: "Coaching tool adapted to the target groups every year", LeadPartnerID: ptr(org[ihkRostock]),
			LocationIDs: []uuid.UUID{loc["Rostock"], loc["Rietavas"]}, StartYear: 2027, EndYear: 2031}},
		{"milestone/forum1", strategy.AddMilestone{MeasureID: key("measure/forum"), MilestoneID: ptr(key("milestone/forum1")),
			Title: "First forum held in Szczecin", Due: "2027-10-15"}},
		{"milestone/platform", strategy.AddMilestone{MeasureID: key("measure/platform"), MilestoneID: ptr(key("milestone/platform")),
			Title: "Platform online in four languages", Due: "2027-06-30"}},
		{"indicator/participants", strategy.AddIndicator{ObjectiveID: key("objective/forum"), IndicatorID: ptr(key("indicator/participants")),
			Name: "Forum participants", Unit: "persons", Baseline: 0, BaselineYear: 2026,
			Targets: []strategy.YearValue{{Year: 2027, Value: 80}, {Year: 2031, Value: 150}, {Year: 2036, Value: 250}}}},
		{"indicator/consultations", strategy.AddIndicator{ObjectiveID: key("objective/coaching"), IndicatorID: ptr(key("indicator/consultations")),
			Name: "Consultations with companies of the normal economy", Unit: "consultations", Baseline: 5, BaselineYear: 2026,
			Targets: []strategy.YearValue{{Year: 2027, Value: 20}, {Year: 2031, Value: 60}}}},
		{"measure/forum/status", strategy.SetMeasureStatus{MeasureID: key("measure/forum"), Status: strategy.MeasureInProgress}},
		{"indicator/participants/2027", strategy.RecordIndicatorActual{IndicatorID: key("indicator/participants"), Year: 2027, Value: 92}},
		{"section/diagnosis/edit", strategy.UpdateSection{SectionID: key("section/diagnosis"),
			Body: domain.Some("The creative industries are among the most vibrant sectors of the South Baltic region. Four locations (Rostock, Szczecin, Rietavas, Karlshamn) and the Euroregion Baltic share the diagnosis: the sector is rarely seen as a partner of the *normal economy* and seldom cooperates across borders.")}},
		{"submit", strategy.SubmitStrategyForReview{}},
	}
	for _, step := range steps {
		if _, err := do(s, "strategy/"+step.name, app.Strategies, id, step.cmd); err != nil {
			return uuid.Nil, err
		}
	}
	return id, nil
}
