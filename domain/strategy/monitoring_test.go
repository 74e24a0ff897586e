package strategy

import (
	"testing"

	"github.com/creativeclusters/planner/domain"
)

// monitoringCommands returns one valid progress update of every kind
// against the fixture.
func monitoringCommands() []domain.Command[*Strategy] {
	return []domain.Command[*Strategy]{
		SetMeasureStatus{MeasureID: measureHub, Status: MeasureInProgress},
		SetMilestoneDone{MilestoneID: milestoneOpening, Done: true},
		RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2026, Value: 104},
	}
}

// adoptedFixture is the fixture adopted after approvals of two countries:
// revision 15, contentRevision 11, lastAdopted "adopted-15".
func adoptedFixture(t *testing.T) *Strategy {
	t.Helper()
	s := approvedByTwoCountries()
	return then(s, mustDecide(t, s, AdoptStrategy{}))
}

func TestMonitoringOnAnAdoptedStrategy(t *testing.T) {
	for _, cmd := range monitoringCommands() {
		t.Run(cmd.Describe().Action, func(t *testing.T) {
			// given an adopted strategy
			s := adoptedFixture(t)
			// when progress is recorded
			events, err := when(t, s, cmd)
			if err != nil {
				t.Fatalf("refused on an ADOPTED strategy: %v", err)
			}
			// then it is recorded, the strategy stays adopted with the same
			// edition in force, and the content revision the approvals
			// name stays current
			after := then(s, events)
			if after.Status != StatusAdopted || after.LastAdopted == nil || *after.LastAdopted != "adopted-15" {
				t.Errorf("status %s lastAdopted %v", after.Status, after.LastAdopted)
			}
			if after.Revision != 16 || after.ContentRevision != fixtureContentRevision {
				t.Errorf("revision %d contentRevision %d, want 16 and %d", after.Revision, after.ContentRevision, fixtureContentRevision)
			}
			if got := len(after.approvals()); got != 2 {
				t.Errorf("%d approvals of the current content, want 2", got)
			}
			if domain.Equal(after.Document(), s.Document()) {
				t.Error("the document did not change")
			}
			if !IsMonitoringAction(cmd.Describe().Action) {
				t.Errorf("%s is not listed in MonitoringActions", cmd.Describe().Action)
			}
		})
	}
}

func TestMonitoringKeepsApprovalsInReview(t *testing.T) {
	for _, cmd := range monitoringCommands() {
		t.Run(cmd.Describe().Action, func(t *testing.T) {
			// given a strategy in review approved by two countries
			s := approvedByTwoCountries()
			// when progress is recorded
			after := then(s, mustDecide(t, s, cmd))
			// then the strategy can still be adopted
			if r := after.Readiness(); !r.Ready {
				t.Errorf("not ready after monitoring: %v", r.Missing)
			}
		})
	}
}

func TestMonitoringAllowedInDraft(t *testing.T) {
	for _, cmd := range monitoringCommands() {
		s := inStatus(StatusDraft)
		after := then(s, mustDecide(t, s, cmd))
		if after.ContentRevision != s.ContentRevision {
			t.Errorf("%s: contentRevision %d, want %d", cmd.Describe().Action, after.ContentRevision, s.ContentRevision)
		}
	}
}

func TestMonitoringRefusedWhenArchived(t *testing.T) {
	for _, cmd := range monitoringCommands() {
		_, err := when(t, inStatus(StatusArchived), cmd)
		requireRule(t, err, ErrNotMonitorable)
	}
}

func TestContentEditsStayRefusedWhenAdopted(t *testing.T) {
	for _, cmd := range contentEdits() {
		_, err := when(t, adoptedFixture(t), cmd)
		requireRule(t, err, ErrNotEditable)
		if IsMonitoringAction(cmd.Describe().Action) {
			t.Errorf("content edit %s listed as monitoring", cmd.Describe().Action)
		}
	}
}

func TestContentEditAfterMonitoringStillInvalidatesApprovals(t *testing.T) {
	s := approvedByTwoCountries()
	s = then(s, mustDecide(t, s, SetMeasureStatus{MeasureID: measureHub, Status: MeasureCompleted}))
	s = then(s, mustDecide(t, s, UpdateSection{SectionID: sectionDiagnosis, Body: domain.Some("Edited.")}))
	if s.ContentRevision != 16 || s.Readiness().Ready {
		t.Errorf("contentRevision %d ready %v after a content edit", s.ContentRevision, s.Readiness().Ready)
	}
}
