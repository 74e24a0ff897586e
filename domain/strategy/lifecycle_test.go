package strategy

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// history runs commands the way the application does: decide on the
// current state, then apply the events as the next revision. log keeps the
// events of each revision, as the event store would.
type history struct {
	t     *testing.T
	state *Strategy
	log   [][]domain.Event
	ids   func() uuid.UUID
}

func newHistory(t *testing.T) *history {
	return &history{t: t, state: &Strategy{}, ids: newIDs()}
}

func (h *history) do(actor domain.Actor, cmd domain.Command[*Strategy]) {
	h.t.Helper()
	events, err := cmd.Decide(h.state, domain.Context{Actor: actor, Now: clock, NewID: h.ids})
	if err != nil {
		h.t.Fatalf("revision %d, %s: %v", len(h.log)+1, cmd.Describe().Action, err)
	}
	revision := len(h.log) + 1
	for _, e := range events {
		h.state.Apply(e, revision)
	}
	h.log = append(h.log, events)
	checkInvariants(h.t, h.state)
}

// replay builds a state from the first revisions of a log.
func replay(log [][]domain.Event) *Strategy {
	s := &Strategy{}
	for i, events := range log {
		for _, e := range events {
			s.Apply(e, i+1)
		}
	}
	return s
}

// lifecycle runs every strategy command at least once: a strategy is
// written, reviewed twice, adopted, named, reopened, restored to an earlier
// revision, archived, published and withdrawn.
func lifecycle(t *testing.T) *history {
	h := newHistory(t)
	h.do(planner, CreateStrategy{Title: "Baltic Creative Coast 2035", StartYear: 2026,
		LocationIDs: []uuid.UUID{locRostock, locKlaipeda}, PartnerIDs: []uuid.UUID{orgDE, orgLT}}) // 1
	h.do(planner, UpdateStrategy{Vision: domain.Some("Creative industries connect the port towns.")})
	h.do(planner, AddStrategyLocation{LocationID: locGdansk})
	h.do(planner, AddStrategyLocation{LocationID: locKalmar})
	h.do(planner, RemoveStrategyLocation{LocationID: locKalmar}) // 5
	h.do(planner, AddStrategyPartner{OrganisationID: orgPL})
	h.do(planner, AddStrategyPartner{OrganisationID: orgDE, Role: RoleLeadPartner})
	h.do(planner, AddStrategyPartner{OrganisationID: orgSE, Role: RoleAssociated})
	h.do(planner, RemoveStrategyPartner{OrganisationID: orgSE})
	h.do(planner, AddSection{SectionID: &sectionDiagnosis, Heading: "Diagnosis", Body: "Where we stand."}) // 10
	h.do(planner, AddSection{SectionID: &sectionMonitoring, Heading: "Monitoring", BeforeSectionID: &sectionDiagnosis})
	h.do(planner, UpdateSection{SectionID: sectionMonitoring, Body: domain.Some("How we measure.")})
	h.do(planner, AddPriority{PriorityID: &priorityEconomy, Title: "Creative economy"})
	h.do(planner, UpdatePriority{PriorityID: priorityEconomy, Description: domain.Some("Jobs and firms.")})
	h.do(planner, AddObjective{PriorityID: priorityEconomy, ObjectiveID: &objectiveJobs, Title: "Jobs"}) // 15
	h.do(planner, UpdateObjective{ObjectiveID: objectiveJobs, Title: domain.Some("More creative jobs")})
	h.do(planner, AddMeasure{ObjectiveID: objectiveJobs, MeasureID: &measureHub, Title: "Hub", LeadPartnerID: &orgDE,
		LocationIDs: []uuid.UUID{locRostock}, StartYear: 2026, EndYear: 2028})
	h.do(planner, UpdateMeasure{MeasureID: measureHub, Title: domain.Some("Creative hub"),
		LeadPartnerID: domain.Some(orgLT), LocationIDs: domain.Some([]uuid.UUID{locRostock, locKlaipeda})})
	h.do(planner, SetMeasureStatus{MeasureID: measureHub, Status: MeasureInProgress})
	h.do(planner, AddMilestone{MeasureID: measureHub, MilestoneID: &milestoneOpening, Title: "Opening", Due: "2027-06-30"}) // 20
	h.do(planner, UpdateMilestone{MilestoneID: milestoneOpening, Due: domain.Some("2027-09-01")})
	h.do(planner, SetMilestoneDone{MilestoneID: milestoneOpening, Done: true})
	h.do(planner, AddIndicator{ObjectiveID: objectiveJobs, IndicatorID: &indicatorJobs, Name: "Creative jobs", Unit: "jobs",
		Baseline: 100, BaselineYear: 2025})
	h.do(planner, UpdateIndicator{IndicatorID: indicatorJobs, Unit: domain.Some("FTE")})
	h.do(planner, SetIndicatorTargets{IndicatorID: indicatorJobs, Targets: []YearValue{{Year: 2030, Value: 150}}}) // 25
	h.do(planner, RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2027, Value: 112})
	h.do(planner, AddMeasure{ObjectiveID: objectiveJobs, MeasureID: &measureFestival, Title: "Festival", StartYear: 2027, EndYear: 2035})
	h.do(planner, MoveItem{ItemID: measureFestival, BeforeItemID: &measureHub})
	h.do(planner, RemoveItem{ItemID: sectionDiagnosis})
	h.do(planner, SubmitStrategyForReview{}) // 30
	h.do(reviewerDE, ReviewStrategy{ContentRevision: 29, Decision: DecisionChangesRequested, Comment: "Keep the diagnosis."})
	h.do(planner, SubmitStrategyForReview{})
	h.do(reviewerDE, ReviewStrategy{ContentRevision: 29, Decision: DecisionApproved})
	h.do(reviewerLT, ReviewStrategy{ContentRevision: 29, Decision: DecisionApproved})
	h.do(planner, AdoptStrategy{}) // 35
	h.do(planner, NameStrategyVersion{Revision: 34, Name: "council", Note: "Sent to the councils."})
	h.do(planner, ReopenStrategy{})
	h.do(planner, RestoreStrategyRevision{Revision: 26, Content: replay(h.log[:26]).Content})
	h.do(planner, ArchiveStrategy{}) // 39
	// The archived strategy keeps its adopted edition, which an ADMIN may
	// publish, withdraw and publish again.
	h.do(admin, PublishStrategy{}) // 40
	h.do(admin, UnpublishStrategy{})
	h.do(admin, PublishStrategy{})
	return h
}

func TestLifecycle(t *testing.T) {
	h := lifecycle(t)
	s := h.state

	if s.ID != generated(1) || s.Status != StatusArchived || s.Revision != 42 || s.ContentRevision != 38 {
		t.Errorf("id %s status %s revision %d contentRevision %d", s.ID, s.Status, s.Revision, s.ContentRevision)
	}
	if s.LastAdopted == nil || *s.LastAdopted != "adopted-35" {
		t.Errorf("lastAdopted %v", s.LastAdopted)
	}
	wantVersions := []NamedVersion{
		{Name: "adopted-35", Revision: 35, CreatedAt: clock, CreatedBy: planner.ID},
		{Name: "council", Revision: 34, Note: "Sent to the councils.", CreatedAt: clock, CreatedBy: planner.ID},
	}
	if !reflect.DeepEqual(s.Versions, wantVersions) {
		t.Errorf("versions %+v", s.Versions)
	}
	if len(s.Reviews) != 3 || s.Reviews[0].Decision != DecisionChangesRequested || s.Reviews[2].ReviewerID != reviewerLT.ID {
		t.Errorf("reviews %+v", s.Reviews)
	}

	// The restore brought back revision 26: the diagnosis is there again
	// and the festival (added at 27) is not.
	wantContent := Content{
		Title:     "Baltic Creative Coast 2035",
		Vision:    "Creative industries connect the port towns.",
		StartYear: 2026,
		Locations: []uuid.UUID{locRostock, locKlaipeda, locGdansk},
		Partnerships: []Partnership{
			{OrganisationID: orgDE, Role: RoleLeadPartner},
			{OrganisationID: orgLT, Role: RolePartner},
			{OrganisationID: orgPL, Role: RolePartner},
		},
		Sections: []Section{
			{Key: sectionMonitoring, Heading: "Monitoring", Body: "How we measure."},
			{Key: sectionDiagnosis, Heading: "Diagnosis", Body: "Where we stand."},
		},
		Priorities: []Priority{{
			Key: priorityEconomy, Title: "Creative economy", Description: "Jobs and firms.",
			Objectives: []Objective{{
				Key: objectiveJobs, Title: "More creative jobs",
				Measures: []Measure{{
					Key: measureHub, Title: "Creative hub", LeadPartnerID: new(orgLT),
					LocationIDs: []uuid.UUID{locRostock, locKlaipeda}, StartYear: 2026, EndYear: 2028,
					Status:     MeasureInProgress,
					Milestones: []Milestone{{Key: milestoneOpening, Title: "Opening", Due: "2027-09-01", Done: true}},
				}},
				Indicators: []Indicator{{
					Key: indicatorJobs, Name: "Creative jobs", Unit: "FTE", Baseline: 100, BaselineYear: 2025,
					Targets: []YearValue{{Year: 2030, Value: 150}},
					Actuals: []YearValue{{Year: 2027, Value: 112}},
				}},
			}},
		}},
	}
	if got, want := dump(s.Content), dump(wantContent); got != want {
		t.Errorf("content\n got %s\nwant %s", got, want)
	}
}

// Replaying the stored events yields the state the commands built.
func TestReplayYieldsTheSameState(t *testing.T) {
	h := lifecycle(t)
	if got := replay(h.log); !reflect.DeepEqual(got, h.state) {
		t.Errorf("replayed\n%s\nlive\n%s", dump(got), dump(h.state))
	}
	for revision := 1; revision <= len(h.log); revision++ {
		if got := replay(h.log[:revision]); got.Revision != revision {
			t.Errorf("replay to %d has revision %d", revision, got.Revision)
		}
	}
}

// Snapshots and read models store the state as JSON.
func TestStateJSONRoundTrip(t *testing.T) {
	h := lifecycle(t)
	states := map[string]*Strategy{
		"empty":     {},
		"populated": givenPopulated(),
		"adopted":   replay(h.log[:36]),
		"archived":  h.state,
	}
	for name, s := range states {
		t.Run(name, func(t *testing.T) {
			raw, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var back Strategy
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&back, s) {
				t.Errorf("round trip\n got %s\nwant %s", dump(&back), dump(s))
			}
		})
	}
}

func TestCloneSharesNothing(t *testing.T) {
	s := lifecycle(t).state
	clone := s.Clone()
	if !reflect.DeepEqual(clone, s) {
		t.Fatal("clone differs")
	}
	original := dump(s)
	clone.Priorities[0].Objectives[0].Measures[0].Milestones[0].Title = "changed"
	*clone.Priorities[0].Objectives[0].Measures[0].LeadPartnerID = uuid.Nil
	clone.Priorities[0].Objectives[0].Indicators[0].Actuals[0].Value = -1
	clone.Reviews[0].Comment = "changed"
	*clone.LastAdopted = "changed"
	*clone.PublishedAt = clock.Add(time.Hour)
	if dump(s) != original {
		t.Error("changing the clone changed the original")
	}
}
