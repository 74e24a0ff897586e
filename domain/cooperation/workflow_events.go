package cooperation

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// Specified records DRAFT -> SPECIFIED.
type Specified struct{}

// EventType implements domain.Event.
func (*Specified) EventType() string { return "cooperation.Specified" }

// Workflow implements domain.WorkflowEvent.
func (*Specified) Workflow() {}

func (e *Specified) applyTo(c *Concept) {
	if e != nil {
		c.Status = StatusSpecified
	}
}

// Evaluated records an evaluation: PILOTING -> EVALUATED, or -> DRAFT on
// REVISE.
type Evaluated struct {
	Recommendation Recommendation `json:"recommendation"`
	Findings       string         `json:"findings"`
	At             time.Time      `json:"at"`
	EvaluatedBy    uuid.UUID      `json:"evaluatedBy"`
}

// EventType implements domain.Event.
func (*Evaluated) EventType() string { return "cooperation.Evaluated" }

// Workflow implements domain.WorkflowEvent.
func (*Evaluated) Workflow() {}

func (e *Evaluated) applyTo(c *Concept) {
	if e == nil {
		return
	}
	c.Evaluations = append(slices.Clip(c.Evaluations), Evaluation{
		Recommendation: e.Recommendation,
		Findings:       e.Findings,
		At:             e.At,
		EvaluatedBy:    e.EvaluatedBy,
	})
	c.Status = StatusEvaluated
	if e.Recommendation == RecommendRevise {
		c.Status = StatusDraft
	}
}

// Adopted records EVALUATED -> ADOPTED.
type Adopted struct{}

// EventType implements domain.Event.
func (*Adopted) EventType() string { return "cooperation.Adopted" }

// Workflow implements domain.WorkflowEvent.
func (*Adopted) Workflow() {}

func (e *Adopted) applyTo(c *Concept) {
	if e != nil {
		c.Status = StatusAdopted
	}
}

// Discontinued records that the concept will not be pursued; it is final.
type Discontinued struct{}

// EventType implements domain.Event.
func (*Discontinued) EventType() string { return "cooperation.Discontinued" }

// Workflow implements domain.WorkflowEvent.
func (*Discontinued) Workflow() {}

func (e *Discontinued) applyTo(c *Concept) {
	if e != nil {
		c.Status = StatusDiscontinued
	}
}

// VersionNamed records a name for one revision.
type VersionNamed struct {
	Name      string    `json:"name"`
	Revision  int       `json:"revision"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy uuid.UUID `json:"createdBy"`
}

// EventType implements domain.Event.
func (*VersionNamed) EventType() string { return "cooperation.VersionNamed" }

// Workflow implements domain.WorkflowEvent.
func (*VersionNamed) Workflow() {}

func (e *VersionNamed) applyTo(c *Concept) {
	if e == nil {
		return
	}
	c.Versions = append(slices.Clip(c.Versions), NamedVersion{
		Name:      e.Name,
		Revision:  e.Revision,
		Note:      e.Note,
		CreatedAt: e.CreatedAt,
		CreatedBy: e.CreatedBy,
	})
}
