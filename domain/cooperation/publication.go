package cooperation

import (
	"time"

	"github.com/creativeclusters/planner/domain"
)

// Publication: an ADMIN makes an ADOPTED concept readable without a token
// (the public view) and withdraws it again. ADOPTED is final and its
// content frozen (no edit, pilot or restore is allowed any more), so the
// public view always shows the adopted version. Both commands are
// workflow: no content change, an exact expectedRevision when one is
// given, a revision in the audit log.

// PublishCooperationConcept is the publishCooperationConcept mutation.
type PublishCooperationConcept struct{}

// Describe implements domain.Command.
func (PublishCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "publishCooperationConcept", Access: domain.AccessAdmin, Workflow: true}
}

// Decide implements domain.Command.
func (PublishCooperationConcept) Decide(state *Concept, c domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.Status != StatusAdopted {
		return nil, ErrNotAdoptedForPublication
	}
	if state.PublishedAt != nil {
		return nil, ErrAlreadyPublic
	}
	return []domain.Event{&Published{At: c.Now}}, nil
}

// UnpublishCooperationConcept is the unpublishCooperationConcept mutation.
type UnpublishCooperationConcept struct{}

// Describe implements domain.Command.
func (UnpublishCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "unpublishCooperationConcept", Access: domain.AccessAdmin, Workflow: true}
}

// Decide implements domain.Command.
func (UnpublishCooperationConcept) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.PublishedAt == nil {
		return nil, ErrNotPublic
	}
	return []domain.Event{&Unpublished{}}, nil
}

// Published made the adopted concept public.
type Published struct {
	At time.Time `json:"at"`
}

// EventType implements domain.Event.
func (*Published) EventType() string { return "cooperation.Published" }

// Workflow implements domain.WorkflowEvent.
func (*Published) Workflow() {}

func (e *Published) applyTo(c *Concept) {
	if e != nil {
		c.PublishedAt = new(e.At)
	}
}

// Unpublished withdrew the concept from the public view.
type Unpublished struct{}

// EventType implements domain.Event.
func (*Unpublished) EventType() string { return "cooperation.Unpublished" }

// Workflow implements domain.WorkflowEvent.
func (*Unpublished) Workflow() {}

func (e *Unpublished) applyTo(c *Concept) {
	if e != nil {
		c.PublishedAt = nil
	}
}
