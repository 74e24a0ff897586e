package strategy

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// contentEdits returns one valid command of every content edit against the
// fixture (monitoringCommands has the progress updates).
func contentEdits() []domain.Command[*Strategy] {
	return []domain.Command[*Strategy]{
		UpdateStrategy{Title: domain.Some("New title")},
		AddStrategyLocation{LocationID: locKalmar},
		RemoveStrategyLocation{LocationID: locGdansk},
		AddStrategyPartner{OrganisationID: orgSE},
		RemoveStrategyPartner{OrganisationID: orgPL},
		AddSection{Heading: "Vision"},
		UpdateSection{SectionID: sectionDiagnosis, Body: domain.Some("New body")},
		AddPriority{Title: "Education"},
		UpdatePriority{PriorityID: priorityEconomy, Title: domain.Some("Economy")},
		AddObjective{PriorityID: priorityEconomy, Title: "More firms"},
		UpdateObjective{ObjectiveID: objectiveJobs, Description: domain.Some("Jobs")},
		AddMeasure{ObjectiveID: objectiveJobs, Title: "Coaching", StartYear: 2027, EndYear: 2029},
		UpdateMeasure{MeasureID: measureHub, Title: domain.Some("Hub")},
		AddMilestone{MeasureID: measureHub, Title: "Plan", Due: "2026-12-31"},
		UpdateMilestone{MilestoneID: milestoneOpening, Due: domain.Some("2027-09-01")},
		AddIndicator{ObjectiveID: objectiveJobs, Name: "Firms", Unit: "firms", Baseline: 10, BaselineYear: 2025},
		UpdateIndicator{IndicatorID: indicatorJobs, Unit: domain.Some("FTE")},
		SetIndicatorTargets{IndicatorID: indicatorJobs, Targets: []YearValue{{Year: 2035, Value: 200}}},
		MoveItem{ItemID: sectionMonitoring, BeforeItemID: new(sectionDiagnosis)},
		RemoveItem{ItemID: sectionMonitoring},
		RestoreStrategyRevision{Revision: 1, Content: given(created()).Content},
	}
}

func TestContentEditsNeedDraftOrInReview(t *testing.T) {
	for _, cmd := range contentEdits() {
		t.Run(cmd.Describe().Action, func(t *testing.T) {
			for _, status := range []Status{StatusDraft, StatusInReview} {
				if _, err := when(t, inStatus(status), cmd); err != nil {
					t.Errorf("in %s: %v", status, err)
				}
			}
			for _, status := range []Status{StatusAdopted, StatusArchived} {
				_, err := when(t, inStatus(status), cmd)
				requireRule(t, err, ErrNotEditable)
			}
		})
	}
}

func TestCommandsOnMissingStrategy(t *testing.T) {
	others := []domain.Command[*Strategy]{
		SubmitStrategyForReview{}, ReviewStrategy{ContentRevision: 1, Decision: DecisionApproved},
		AdoptStrategy{}, ReopenStrategy{}, ArchiveStrategy{},
		NameStrategyVersion{Revision: 1, Name: "draft"},
	}
	for _, cmd := range append(append(contentEdits(), monitoringCommands()...), others...) {
		t.Run(cmd.Describe().Action, func(t *testing.T) {
			_, err := when(t, &Strategy{}, cmd)
			requireRefused(t, err, domain.CodeNotFound)
			if err.Error() != "strategy not found" {
				t.Errorf("message %q", err)
			}
			if _, err := cmd.Decide(nil, contextOf(planner)); domain.CodeOf(err) != domain.CodeNotFound {
				t.Errorf("on a nil state: %v", err)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	edit := func(action string) domain.Description {
		return domain.Description{Action: action, Access: domain.AccessEdit}
	}
	flow := func(action string, access domain.Access) domain.Description {
		return domain.Description{Action: action, Access: access, Workflow: true}
	}
	tests := []struct {
		cmd  domain.Command[*Strategy]
		want domain.Description
	}{
		{CreateStrategy{}, domain.Description{Action: "createStrategy", Access: domain.AccessCreate, Creates: true}},
		{UpdateStrategy{}, edit("updateStrategy")},
		{AddStrategyLocation{}, edit("addStrategyLocation")},
		{RemoveStrategyLocation{}, edit("removeStrategyLocation")},
		{AddStrategyPartner{}, edit("addStrategyPartner")},
		{RemoveStrategyPartner{}, edit("removeStrategyPartner")},
		{AddSection{}, edit("addSection")},
		{UpdateSection{}, edit("updateSection")},
		{AddPriority{}, edit("addPriority")},
		{UpdatePriority{}, edit("updatePriority")},
		{AddObjective{}, edit("addObjective")},
		{UpdateObjective{}, edit("updateObjective")},
		{AddMeasure{}, edit("addMeasure")},
		{UpdateMeasure{}, edit("updateMeasure")},
		{SetMeasureStatus{}, edit("setMeasureStatus")},
		{AddMilestone{}, edit("addMilestone")},
		{UpdateMilestone{}, edit("updateMilestone")},
		{SetMilestoneDone{}, edit("setMilestoneDone")},
		{AddIndicator{}, edit("addIndicator")},
		{UpdateIndicator{}, edit("updateIndicator")},
		{SetIndicatorTargets{}, edit("setIndicatorTargets")},
		{RecordIndicatorActual{}, edit("recordIndicatorActual")},
		{MoveItem{}, edit("moveItem")},
		{RemoveItem{}, edit("removeItem")},
		{SubmitStrategyForReview{}, flow("submitStrategyForReview", domain.AccessEdit)},
		{ReviewStrategy{}, flow("reviewStrategy", domain.AccessReview)},
		{AdoptStrategy{}, flow("adoptStrategy", domain.AccessEdit)},
		{ReopenStrategy{}, flow("reopenStrategy", domain.AccessEdit)},
		{ArchiveStrategy{}, flow("archiveStrategy", domain.AccessEdit)},
		{RestoreStrategyRevision{}, edit("restoreStrategyRevision")},
		{NameStrategyVersion{}, edit("nameStrategyVersion")},
	}
	for _, tt := range tests {
		if got := tt.cmd.Describe(); got != tt.want {
			t.Errorf("%T: %+v, want %+v", tt.cmd, got, tt.want)
		}
	}
}

func TestReferences(t *testing.T) {
	ref := func(subject domain.SubjectType, id uuid.UUID, field ...string) domain.Ref {
		return domain.Ref{Type: subject, ID: id, Field: field}
	}
	tests := []struct {
		cmd  domain.Referencing
		want []domain.Ref
	}{
		{CreateStrategy{LocationIDs: []uuid.UUID{locRostock, locKlaipeda}, PartnerIDs: []uuid.UUID{orgDE}}, []domain.Ref{
			ref(domain.SubjectLocation, locRostock, "locationIds", "0"),
			ref(domain.SubjectLocation, locKlaipeda, "locationIds", "1"),
			ref(domain.SubjectOrganisation, orgDE, "partnerIds", "0"),
		}},
		{AddStrategyLocation{LocationID: locKalmar}, []domain.Ref{ref(domain.SubjectLocation, locKalmar, "locationId")}},
		{AddStrategyPartner{OrganisationID: orgSE}, []domain.Ref{ref(domain.SubjectOrganisation, orgSE, "organisationId")}},
		{AddMeasure{LeadPartnerID: new(orgLT), LocationIDs: []uuid.UUID{locGdansk}}, []domain.Ref{
			ref(domain.SubjectLocation, locGdansk, "locationIds", "0"),
			ref(domain.SubjectOrganisation, orgLT, "leadPartnerId"),
		}},
		{AddMeasure{}, []domain.Ref{}},
		{UpdateMeasure{LeadPartnerID: domain.Some(orgLT), LocationIDs: domain.Some([]uuid.UUID{locGdansk})}, []domain.Ref{
			ref(domain.SubjectLocation, locGdansk, "locationIds", "0"),
			ref(domain.SubjectOrganisation, orgLT, "leadPartnerId"),
		}},
		{UpdateMeasure{LeadPartnerID: domain.Null[uuid.UUID](), LocationIDs: domain.Null[[]uuid.UUID]()}, nil},
	}
	for i, tt := range tests {
		if got := tt.cmd.References(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%d %T: %v, want %v", i, tt.cmd, got, tt.want)
		}
	}
}

func TestHasPartner(t *testing.T) {
	create := CreateStrategy{PartnerIDs: []uuid.UUID{orgDE, orgLT}}
	if !create.HasPartner(orgLT) || create.HasPartner(orgPL) {
		t.Error("CreateStrategy.HasPartner")
	}
	s := givenPopulated()
	if !s.HasPartner(orgPL) || s.HasPartner(orgSE) {
		t.Error("Strategy.HasPartner")
	}
	if (&Strategy{}).HasPartner(uuid.Nil) {
		t.Error("a missing strategy has no partners")
	}
}

// A refusal with details reads as rule plus details and is still the rule.
func TestDetailedRuleIsItsRule(t *testing.T) {
	_, err := when(t, givenPopulated(), RemoveStrategyLocation{LocationID: locRostock})
	requireRule(t, err, ErrLocationInUse)
	var rule *domain.Error
	if !errors.As(err, &rule) || rule.Message != err.Error() || rule.Code != domain.CodeInvalidState {
		t.Fatalf("as *domain.Error: %+v", rule)
	}
	if want := `location is used by a measure: measure "Creative hub" takes place there`; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

// Lists inside items are bounded like the top-level ones.
func TestAddToFullNestedLists(t *testing.T) {
	tests := []struct {
		name string
		fill func() domain.Event
		cmd  domain.Command[*Strategy]
	}{
		{"measures of an objective",
			func() domain.Event {
				return &MeasureAdded{ObjectiveKey: objectiveJobs, Key: uuid.New(), Title: "M", StartYear: 2026, EndYear: 2026}
			},
			AddMeasure{ObjectiveID: objectiveJobs, Title: "One too many", StartYear: 2026, EndYear: 2026}},
		{"milestones of a measure",
			func() domain.Event {
				return &MilestoneAdded{MeasureKey: measureHub, Key: uuid.New(), Title: "M", Due: "2027-01-01"}
			},
			AddMilestone{MeasureID: measureHub, Title: "One too many", Due: "2027-01-01"}},
		{"indicators of an objective",
			func() domain.Event {
				return &IndicatorAdded{ObjectiveKey: objectiveJobs, Key: uuid.New(), Name: "I", Unit: "u", BaselineYear: 2025}
			},
			AddIndicator{ObjectiveID: objectiveJobs, Name: "One too many", Unit: "u", BaselineYear: 2025}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := make([]domain.Event, domain.MaxListItems)
			for i := range events {
				events[i] = tt.fill()
			}
			_, err := when(t, given(append(populatedEvents()[:7], events...)...), tt.cmd)
			requireRule(t, err, ErrListFull)
		})
	}
}
