package cooperation

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// StartPilot is the startPilot mutation: PLANNED -> RUNNING, allowed in
// SPECIFIED or PILOTING; a SPECIFIED concept becomes PILOTING.
type StartPilot struct {
	PilotID uuid.UUID `json:"pilotId"`
}

// Describe implements domain.Command.
func (StartPilot) Describe() domain.Description {
	return domain.Description{Action: "startPilot", Access: domain.AccessEdit}
}

// Decide implements domain.Command.
func (cmd StartPilot) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.Status != StatusSpecified && state.Status != StatusPiloting {
		return nil, ErrNotPilotable
	}
	i := state.pilot(cmd.PilotID)
	if i < 0 {
		return nil, pilotNotFound()
	}
	if state.Content.Pilots[i].Status != PilotStatusPlanned {
		return nil, ErrPilotNotPlanned
	}
	return []domain.Event{&PilotStarted{PilotID: cmd.PilotID}}, nil
}

// CompletePilot is the completePilot mutation: RUNNING -> COMPLETED with
// its outcome, optional lessons and, optionally, the final number of
// participants.
type CompletePilot struct {
	PilotID      uuid.UUID `json:"pilotId"`
	Outcome      string    `json:"outcome"`
	Lessons      string    `json:"lessons,omitempty"`
	Participants *int      `json:"participants,omitempty"`
}

// Describe implements domain.Command.
func (CompletePilot) Describe() domain.Description {
	return domain.Description{Action: "completePilot", Access: domain.AccessEdit}
}

// Decide implements domain.Command.
func (cmd CompletePilot) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	p, err := openPilot(state, cmd.PilotID)
	if err != nil {
		return nil, err
	}
	if p.Status != PilotStatusRunning {
		return nil, ErrPilotNotRunning
	}
	var checks domain.Checks
	checkRequiredText(&checks, cmd.Outcome, "outcome")
	checks.Text(cmd.Lessons, domain.MaxTextLength, "lessons")
	participants := p.Participants
	if cmd.Participants != nil {
		checkParticipants(&checks, *cmd.Participants, "participants")
		participants = *cmd.Participants
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&PilotCompleted{
		PilotID:      p.Key,
		Outcome:      cmd.Outcome,
		Lessons:      cmd.Lessons,
		Participants: participants,
	}}, nil
}

// CancelPilot is the cancelPilot mutation: PLANNED or RUNNING ->
// CANCELLED.
type CancelPilot struct {
	PilotID uuid.UUID `json:"pilotId"`
}

// Describe implements domain.Command.
func (CancelPilot) Describe() domain.Description {
	return domain.Description{Action: "cancelPilot", Access: domain.AccessEdit}
}

// Decide implements domain.Command.
func (cmd CancelPilot) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	p, err := openPilot(state, cmd.PilotID)
	if err != nil {
		return nil, err
	}
	return []domain.Event{&PilotCancelled{PilotID: p.Key}}, nil
}
