package cooperation

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// PlanPilot is the planPilot mutation: a new PLANNED pilot, allowed in
// SPECIFIED or PILOTING. The client may choose the pilot's key.
type PlanPilot struct {
	PilotID      *uuid.UUID `json:"pilotId,omitempty"`
	LocationID   uuid.UUID  `json:"locationId"`
	StartDate    string     `json:"startDate"`
	EndDate      *string    `json:"endDate,omitempty"`
	Participants int        `json:"participants"`
}

// Describe implements domain.Command.
func (PlanPilot) Describe() domain.Description {
	return domain.Description{Action: "planPilot", Access: domain.AccessEdit}
}

// References implements domain.Referencing.
func (cmd PlanPilot) References() []domain.Ref {
	return ref(nil, domain.SubjectLocation, cmd.LocationID, "locationId")
}

// Decide implements domain.Command.
func (cmd PlanPilot) Decide(state *Concept, c domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.Status != StatusSpecified && state.Status != StatusPiloting {
		return nil, ErrNotPilotable
	}
	var checks domain.Checks
	if cmd.PilotID != nil {
		checkID(&checks, *cmd.PilotID, "pilotId")
		switch {
		case state.pilot(*cmd.PilotID) >= 0:
			checks.Fail("is already the key of another pilot", "pilotId")
		case slices.Contains(state.RetiredKeys, *cmd.PilotID):
			checks.Fail("was the key of a removed pilot of this concept; keys are never reused", "pilotId")
		}
	}
	checkID(&checks, cmd.LocationID, "locationId")
	checkPeriod(&checks, cmd.StartDate, cmd.EndDate, "endDate")
	checkParticipants(&checks, cmd.Participants, "participants")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	if len(state.Content.Pilots) >= domain.MaxListItems {
		return nil, ErrTooManyPilots
	}
	key := newIDUnless(cmd.PilotID, c)
	return []domain.Event{&PilotPlanned{
		PilotID:      key,
		LocationID:   cmd.LocationID,
		StartDate:    cmd.StartDate,
		EndDate:      clonePtr(cmd.EndDate),
		Participants: cmd.Participants,
	}}, nil
}

// UpdatePilot is the updatePilot mutation, for a PLANNED or RUNNING pilot.
// Location, start date and participants are required (null is refused);
// null clears the end date.
type UpdatePilot struct {
	PilotID      uuid.UUID                  `json:"pilotId"`
	LocationID   domain.Optional[uuid.UUID] `json:"locationId,omitzero"`
	StartDate    domain.Optional[string]    `json:"startDate,omitzero"`
	EndDate      domain.Optional[string]    `json:"endDate,omitzero"`
	Participants domain.Optional[int]       `json:"participants,omitzero"`
}

// Describe implements domain.Command.
func (UpdatePilot) Describe() domain.Description {
	return domain.Description{Action: "updatePilot", Access: domain.AccessEdit}
}

// References implements domain.Referencing.
func (cmd UpdatePilot) References() []domain.Ref {
	if !cmd.LocationID.HasValue() {
		return nil
	}
	return ref(nil, domain.SubjectLocation, cmd.LocationID.Value, "locationId")
}

// Decide implements domain.Command.
func (cmd UpdatePilot) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	p, err := openPilot(state, cmd.PilotID)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	cmd.LocationID.RequireNotNull(&checks, "locationId")
	cmd.StartDate.RequireNotNull(&checks, "startDate")
	cmd.Participants.RequireNotNull(&checks, "participants")
	next := PilotUpdated{
		PilotID:      p.Key,
		LocationID:   p.LocationID,
		StartDate:    p.StartDate,
		EndDate:      clonePtr(p.EndDate),
		Participants: p.Participants,
	}
	if cmd.LocationID.HasValue() {
		checkID(&checks, cmd.LocationID.Value, "locationId")
		next.LocationID = cmd.LocationID.Value
	}
	if cmd.StartDate.HasValue() {
		next.StartDate = cmd.StartDate.Value
	}
	if cmd.EndDate.Set {
		next.EndDate = nil
		if !cmd.EndDate.Null {
			next.EndDate = clonePtr(&cmd.EndDate.Value)
		}
	}
	if cmd.Participants.HasValue() {
		checkParticipants(&checks, cmd.Participants.Value, "participants")
		next.Participants = cmd.Participants.Value
	}
	reversed := "endDate"
	if !cmd.EndDate.HasValue() {
		reversed = "startDate" // only the start moved past the end
	}
	checkPeriod(&checks, next.StartDate, next.EndDate, reversed)
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&next}, nil
}

// openPilot returns the PLANNED or RUNNING pilot a content edit names.
func openPilot(state *Concept, key uuid.UUID) (Pilot, error) {
	if err := editableConcept(state); err != nil {
		return Pilot{}, err
	}
	i := state.pilot(key)
	if i < 0 {
		return Pilot{}, pilotNotFound()
	}
	p := state.Content.Pilots[i]
	if p.Status != PilotStatusPlanned && p.Status != PilotStatusRunning {
		return Pilot{}, ErrPilotClosed
	}
	return p, nil
}

func newIDUnless(chosen *uuid.UUID, c domain.Context) uuid.UUID {
	if chosen != nil {
		return *chosen
	}
	return newID(c)
}
