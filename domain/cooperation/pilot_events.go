package cooperation

import "github.com/google/uuid"

// PilotPlanned records a new pilot, PLANNED.
type PilotPlanned struct {
	PilotID      uuid.UUID `json:"pilotId"`
	LocationID   uuid.UUID `json:"locationId"`
	StartDate    string    `json:"startDate"`
	EndDate      *string   `json:"endDate,omitempty"`
	Participants int       `json:"participants"`
}

// EventType implements domain.Event.
func (*PilotPlanned) EventType() string { return "cooperation.PilotPlanned" }

func (e *PilotPlanned) applyTo(c *Concept) {
	if e == nil || c.pilot(e.PilotID) >= 0 {
		return
	}
	c.Content.Pilots = append(clonePilots(c.Content.Pilots), Pilot{
		Key:          e.PilotID,
		LocationID:   e.LocationID,
		StartDate:    e.StartDate,
		EndDate:      clonePtr(e.EndDate),
		Participants: e.Participants,
		Status:       PilotStatusPlanned,
	})
}

// PilotUpdated records a pilot's plan after an update, all of it.
type PilotUpdated struct {
	PilotID      uuid.UUID `json:"pilotId"`
	LocationID   uuid.UUID `json:"locationId"`
	StartDate    string    `json:"startDate"`
	EndDate      *string   `json:"endDate,omitempty"`
	Participants int       `json:"participants"`
}

// EventType implements domain.Event.
func (*PilotUpdated) EventType() string { return "cooperation.PilotUpdated" }

func (e *PilotUpdated) applyTo(c *Concept) {
	if e == nil {
		return
	}
	editPilot(c, e.PilotID, func(p *Pilot) {
		p.LocationID, p.StartDate, p.EndDate, p.Participants = e.LocationID, e.StartDate, clonePtr(e.EndDate), e.Participants
	})
}

// PilotStarted records that a pilot runs. The first pilot started moves a
// SPECIFIED concept to PILOTING.
type PilotStarted struct {
	PilotID uuid.UUID `json:"pilotId"`
}

// EventType implements domain.Event.
func (*PilotStarted) EventType() string { return "cooperation.PilotStarted" }

func (e *PilotStarted) applyTo(c *Concept) {
	if e == nil || c.pilot(e.PilotID) < 0 {
		return
	}
	editPilot(c, e.PilotID, func(p *Pilot) { p.Status = PilotStatusRunning })
	if c.Status == StatusSpecified {
		c.Status = StatusPiloting
	}
}

// PilotCompleted records a pilot's end and what it taught; Participants is
// the final count.
type PilotCompleted struct {
	PilotID      uuid.UUID `json:"pilotId"`
	Outcome      string    `json:"outcome"`
	Lessons      string    `json:"lessons,omitempty"`
	Participants int       `json:"participants"`
}

// EventType implements domain.Event.
func (*PilotCompleted) EventType() string { return "cooperation.PilotCompleted" }

func (e *PilotCompleted) applyTo(c *Concept) {
	if e == nil {
		return
	}
	editPilot(c, e.PilotID, func(p *Pilot) {
		p.Status, p.Outcome, p.Lessons, p.Participants = PilotStatusCompleted, e.Outcome, e.Lessons, e.Participants
	})
}

// PilotCancelled records that a pilot will not run (on).
type PilotCancelled struct {
	PilotID uuid.UUID `json:"pilotId"`
}

// EventType implements domain.Event.
func (*PilotCancelled) EventType() string { return "cooperation.PilotCancelled" }

func (e *PilotCancelled) applyTo(c *Concept) {
	if e == nil {
		return
	}
	editPilot(c, e.PilotID, func(p *Pilot) { p.Status = PilotStatusCancelled })
}

// editPilot changes the pilot with the given key on a copy of the pilot
// list, so that no earlier state or event shares the change.
func editPilot(c *Concept, key uuid.UUID, edit func(*Pilot)) {
	i := c.pilot(key)
	if i < 0 {
		return
	}
	pilots := clonePilots(c.Content.Pilots)
	edit(&pilots[i])
	c.Content.Pilots = pilots
}

func clonePilots(pilots []Pilot) []Pilot {
	return Content{Pilots: pilots}.Clone().Pilots
}
