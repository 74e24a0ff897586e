package cooperation_test

import (
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// A pilot's key names one pilot forever: once a restore removed the
// pilot, a new pilot cannot take its key; restoring a revision with the
// pilot brings it back under its own key.
func TestPilotKeysAreNeverReused(t *testing.T) {
	// given a planned pilot, then a restore of the revision before it
	history := plannedHistory()
	before := len(specifiedHistory())
	restore := &cooperation.RevisionRestored{Revision: before, Content: contentAt(history, before)}
	state := given(append(history, restore)...)
	if len(state.Content.Pilots) != 0 {
		t.Fatalf("pilots after the restore: %+v", state.Content.Pilots)
	}
	// when a new pilot asks for the removed pilot's key
	cmd := cooperation.PlanPilot{PilotID: ptr(pilot1), LocationID: loc2, StartDate: "2026-09-01"}
	events, err := cmd.Decide(state, ctx(t))
	// then it is refused on pilotId, recording nothing
	wantCode(t, err, domain.CodeValidationFailed)
	wantFields(t, err, "pilotId")
	if events != nil {
		t.Fatalf("events %+v", events)
	}

	// when the revision with the pilot is restored, the pilot is back
	// under its own key, in use rather than retired
	back := cooperation.RestoreCooperationConceptRevision{Revision: len(history), Content: contentAt(history, len(history))}
	events, err = back.Decide(state, ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	state = then(state, events)
	if len(state.Content.Pilots) != 1 || state.Content.Pilots[0].Key != pilot1 || len(state.RetiredKeys) != 0 {
		t.Fatalf("after restoring the pilot: pilots %+v retired %v", state.Content.Pilots, state.RetiredKeys)
	}
	_, err = cmd.Decide(state, ctx(t))
	wantFields(t, err, "pilotId")
}
