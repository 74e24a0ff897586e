package seed

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// concepts seeds the two cooperation concepts of the project: the
// consultancy structure, specified and piloting, and the joint support of
// local processes, a draft tied to the strategy.
func (s *seeder) concepts(net seededNetwork, strategyID uuid.UUID) error {
	org, loc := net.organisations, net.locations
	consultancy, err := do(s, "concept/consultancy/create", app.Concepts, uuid.Nil, domain.Command[*cooperation.Concept](cooperation.CreateCooperationConcept{
		Kind:         cooperation.ConsultancyStructure,
		Title:        "Creative consultancy for the normal economy",
		Summary:      "Creative professionals advise companies and third institutions on working structures, project planning and work organisation, developed in cross-border exchange.",
		TargetGroups: []string{"Small and medium-sized enterprises", "Chambers and business associations", "Public institutions"},
		PartnerIDs:   []uuid.UUID{org[ihkRostock], org[mediaDizajn], org[kreativum]},
		StrategyID:   &strategyID,
	}))
	if err != nil {
		return err
	}
	end := "2027-06-30"
	steps := []struct {
		name string
		cmd  domain.Command[*cooperation.Concept]
	}{
		{"specify", cooperation.SpecifyCooperationConcept{}},
		{"pilot/rostock", cooperation.PlanPilot{PilotID: ptr(key("pilot/rostock")), LocationID: loc["Rostock"], StartDate: "2027-02-01", EndDate: &end, Participants: 12}},
		{"pilot/karlshamn", cooperation.PlanPilot{PilotID: ptr(key("pilot/karlshamn")), LocationID: loc["Karlshamn"], StartDate: "2027-09-01", Participants: 8}},
		{"pilot/rostock/start", cooperation.StartPilot{PilotID: key("pilot/rostock")}},
		{"pilot/rostock/complete", cooperation.CompletePilot{PilotID: key("pilot/rostock"),
			Outcome: "Eleven companies received advice; seven changed their project planning.", Lessons: "Short, repeated sessions work better than one long workshop.", Participants: ptr(11)}},
	}
	for _, step := range steps {
		if _, err := do(s, "concept/consultancy/"+step.name, app.Concepts, consultancy, step.cmd); err != nil {
			return err
		}
	}
	_, err = do(s, "concept/local/create", app.Concepts, uuid.Nil, domain.Command[*cooperation.Concept](cooperation.CreateCooperationConcept{
		Kind:         cooperation.LocalProcessSupport,
		Title:        "Joint support of local processes",
		Summary:      "The network pools its expertise to support local development processes, starting with the joint ten-year strategy for several locations.",
		TargetGroups: []string{"Municipalities", "Local creative-industry networks"},
		PartnerIDs:   []uuid.UUID{org[mediaDizajn], org[rietavasTIC], org[erbElblag]},
		StrategyID:   &strategyID,
	}))
	return err
}
