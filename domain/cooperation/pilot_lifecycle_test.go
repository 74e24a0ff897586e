package cooperation_test

import (
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func TestStartPilotMovesTheConceptToPiloting(t *testing.T) {
	state := given(plannedHistory()...)
	events, err := cooperation.StartPilot{PilotID: pilot1}.Decide(state, ctx(t))
	wantEvents(t, events, err, &cooperation.PilotStarted{PilotID: pilot1})
	next := then(given(plannedHistory()...), events)
	if next.Status != cooperation.StatusPiloting || next.Content.Pilots[0].Status != cooperation.PilotStatusRunning || next.ContentRevision != next.Revision {
		t.Fatalf("state = %+v", next)
	}
	p := "/pilots/" + pilot1.String()
	wantChanges(t, state, next,
		domain.Change{Path: "/status", Kind: domain.Changed, Before: "SPECIFIED", After: "PILOTING"},
		domain.Change{Path: p + "/status", Kind: domain.Changed, Before: "PLANNED", After: "RUNNING"})
}

func TestStartAnotherPilotWhilePiloting(t *testing.T) {
	history := append(pilotingHistory(), &cooperation.PilotPlanned{PilotID: pilot2, LocationID: loc2, StartDate: "2026-05-01"})
	events, err := cooperation.StartPilot{PilotID: pilot2}.Decide(given(history...), ctx(t))
	wantEvents(t, events, err, &cooperation.PilotStarted{PilotID: pilot2})
	if next := then(given(history...), events); next.Status != cooperation.StatusPiloting {
		t.Fatalf("status = %s", next.Status)
	}
}

func TestStartPilotRules(t *testing.T) {
	start := cooperation.StartPilot{PilotID: pilot1}
	_, err := start.Decide(given(pilotingHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrPilotNotPlanned)

	_, err = cooperation.StartPilot{PilotID: pilot2}.Decide(given(plannedHistory()...), ctx(t))
	wantCode(t, err, domain.CodeNotFound, domain.ErrNotFound)

	// After REVISE the concept is DRAFT again and must be specified first.
	revised := append(evaluatedHistory(cooperation.RecommendRevise), &cooperation.PilotPlanned{PilotID: pilot2, LocationID: loc2, StartDate: "2026-09-01"})
	_, err = cooperation.StartPilot{PilotID: pilot2}.Decide(given(revised...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNotPilotable)

	for _, status := range closedStatuses {
		_, err := start.Decide(byStatus[status](), ctx(t))
		if err != cooperation.ErrNotPilotable {
			t.Errorf("%s: got %v", status, err)
		}
	}
}

func TestCompletePilot(t *testing.T) {
	state := given(pilotingHistory()...)
	cmd := cooperation.CompletePilot{PilotID: pilot1, Outcome: "Worked.", Lessons: "Start earlier.", Participants: ptr(14)}
	events, err := cmd.Decide(state, ctx(t))
	wantEvents(t, events, err, completed1())
	next := then(given(pilotingHistory()...), events)
	p := "/pilots/" + pilot1.String()
	wantChanges(t, state, next,
		domain.Change{Path: p + "/lessons", Kind: domain.Changed, Before: nil, After: "Start earlier."},
		domain.Change{Path: p + "/outcome", Kind: domain.Changed, Before: nil, After: "Worked."},
		domain.Change{Path: p + "/participants", Kind: domain.Changed, Before: 12, After: 14},
		domain.Change{Path: p + "/status", Kind: domain.Changed, Before: "RUNNING", After: "COMPLETED"})
	if next.Status != cooperation.StatusPiloting {
		t.Fatalf("status = %s", next.Status)
	}
}

func TestCompletePilotKeepsParticipantsUnlessGiven(t *testing.T) {
	cmd := cooperation.CompletePilot{PilotID: pilot1, Outcome: "Done."}
	events, err := cmd.Decide(given(pilotingHistory()...), ctx(t))
	wantEvents(t, events, err, &cooperation.PilotCompleted{PilotID: pilot1, Outcome: "Done.", Participants: 12})
}

func TestCompletePilotValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd    cooperation.CompletePilot
		fields []string
	}{
		"no outcome":        {cooperation.CompletePilot{}, []string{"outcome"}},
		"blank outcome":     {cooperation.CompletePilot{Outcome: " \n"}, []string{"outcome"}},
		"long outcome":      {cooperation.CompletePilot{Outcome: strings.Repeat("o", domain.MaxTextLength+1)}, []string{"outcome"}},
		"long lessons":      {cooperation.CompletePilot{Outcome: "o", Lessons: strings.Repeat("l", domain.MaxTextLength+1)}, []string{"lessons"}},
		"participants":      {cooperation.CompletePilot{Outcome: "o", Participants: ptr(-1)}, []string{"participants"}},
		"every field wrong": {cooperation.CompletePilot{Lessons: strings.Repeat("l", domain.MaxTextLength+1), Participants: ptr(2_000_000)}, []string{"outcome", "lessons", "participants"}},
	} {
		t.Run(name, func(t *testing.T) {
			tc.cmd.PilotID = pilot1
			_, err := tc.cmd.Decide(given(pilotingHistory()...), ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestCompletePilotRules(t *testing.T) {
	cmd := cooperation.CompletePilot{PilotID: pilot1, Outcome: "o"}
	_, err := cmd.Decide(given(plannedHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrPilotNotRunning)
	_, err = cmd.Decide(given(completedHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrPilotClosed)
	_, err = cmd.Decide(byStatus[cooperation.StatusAdopted](), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNotEditable)
	_, err = cooperation.CompletePilot{PilotID: pilot2, Outcome: "o"}.Decide(given(pilotingHistory()...), ctx(t))
	wantCode(t, err, domain.CodeNotFound, domain.ErrNotFound)

	// A pilot still running when an evaluation sent the concept back to
	// DRAFT can be completed: completing is a content edit.
	revised := append(pilotingHistory(),
		&cooperation.PilotPlanned{PilotID: pilot2, LocationID: loc2, StartDate: "2026-04-01"},
		&cooperation.PilotStarted{PilotID: pilot2},
		completed1(),
		evaluated(cooperation.RecommendRevise))
	events, err := cooperation.CompletePilot{PilotID: pilot2, Outcome: "late"}.Decide(given(revised...), ctx(t))
	wantEvents(t, events, err, &cooperation.PilotCompleted{PilotID: pilot2, Outcome: "late"})
}

func TestCancelPilot(t *testing.T) {
	for name, history := range map[string][]domain.Event{"planned": plannedHistory(), "running": pilotingHistory()} {
		t.Run(name, func(t *testing.T) {
			events, err := cooperation.CancelPilot{PilotID: pilot1}.Decide(given(history...), ctx(t))
			wantEvents(t, events, err, &cooperation.PilotCancelled{PilotID: pilot1})
			next := then(given(history...), events)
			if next.Content.Pilots[0].Status != cooperation.PilotStatusCancelled {
				t.Fatalf("pilot = %+v", next.Content.Pilots[0])
			}
			wantChanges(t, given(history...), next, domain.Change{
				Path: "/pilots/" + pilot1.String() + "/status", Kind: domain.Changed,
				Before: string(given(history...).Content.Pilots[0].Status), After: "CANCELLED",
			})
		})
	}
}

func TestCancelPilotRules(t *testing.T) {
	cmd := cooperation.CancelPilot{PilotID: pilot1}
	_, err := cmd.Decide(given(completedHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrPilotClosed)
	_, err = cmd.Decide(given(append(plannedHistory(), &cooperation.PilotCancelled{PilotID: pilot1})...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrPilotClosed)
	_, err = cooperation.CancelPilot{PilotID: pilot2}.Decide(given(plannedHistory()...), ctx(t))
	wantCode(t, err, domain.CodeNotFound, domain.ErrNotFound)
	_, err = cmd.Decide(byStatus[cooperation.StatusEvaluated](), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNotEditable)
}
