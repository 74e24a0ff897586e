package cooperation

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// Kind is what a concept is about.
type Kind string

// The concept kinds of the public contract.
const (
	// ConsultancyStructure: a creative-industry consultancy structure for the
	// normal economy and third institutions.
	ConsultancyStructure Kind = "CONSULTANCY_STRUCTURE"
	// LocalProcessSupport: joint support of local processes by the
	// cross-border network.
	LocalProcessSupport Kind = "LOCAL_PROCESS_SUPPORT"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == ConsultancyStructure || k == LocalProcessSupport }

// Status is where a concept stands in its workflow.
type Status string

// The concept statuses of the public contract.
const (
	StatusDraft        Status = "DRAFT"
	StatusSpecified    Status = "SPECIFIED"
	StatusPiloting     Status = "PILOTING"
	StatusEvaluated    Status = "EVALUATED"
	StatusAdopted      Status = "ADOPTED"
	StatusDiscontinued Status = "DISCONTINUED"
)

// PilotStatus is where a pilot stands.
type PilotStatus string

// The pilot statuses of the public contract.
const (
	PilotStatusPlanned   PilotStatus = "PLANNED"
	PilotStatusRunning   PilotStatus = "RUNNING"
	PilotStatusCompleted PilotStatus = "COMPLETED"
	PilotStatusCancelled PilotStatus = "CANCELLED"
)

// Recommendation is an evaluation's verdict.
type Recommendation string

// The recommendations of the public contract.
const (
	RecommendAdopt       Recommendation = "ADOPT"
	RecommendRevise      Recommendation = "REVISE"
	RecommendDiscontinue Recommendation = "DISCONTINUE"
)

// Valid reports whether r is a known recommendation.
func (r Recommendation) Valid() bool {
	return r == RecommendAdopt || r == RecommendRevise || r == RecommendDiscontinue
}

// Concept is the state of one cooperation concept.
type Concept struct {
	ID     uuid.UUID `json:"id"`
	Kind   Kind      `json:"kind"`
	Status Status    `json:"status"`
	// Revision counts accepted commands; ContentRevision is the last
	// revision that changed Content.
	Revision        int     `json:"revision"`
	ContentRevision int     `json:"contentRevision"`
	Content         Content `json:"content"`
	// Evaluations, oldest first; a REVISE loop adds one per round.
	Evaluations []Evaluation   `json:"evaluations,omitempty"`
	Versions    []NamedVersion `json:"versions,omitempty"`
	// RetiredKeys are the keys of pilots a restore removed: never given to
	// a new pilot, so that a path in the history names one pilot forever.
	// A restore that brings a pilot back takes its key out again.
	RetiredKeys []uuid.UUID `json:"retiredKeys,omitempty"`
	// PublishedAt is when an ADMIN made the adopted concept public
	// (readable without a token); nil while it is not.
	PublishedAt *time.Time `json:"publishedAt,omitempty"`
}

// Content is everything a restore brings back.
type Content struct {
	Title        string      `json:"title"`
	Summary      string      `json:"summary"`
	TargetGroups []string    `json:"targetGroups,omitempty"`
	Partners     []uuid.UUID `json:"partners,omitempty"`
	StrategyID   *uuid.UUID  `json:"strategyId,omitempty"`
	Pilots       []Pilot     `json:"pilots,omitempty"`
}

// Pilot is one test of the concept at one location.
type Pilot struct {
	Key        uuid.UUID `json:"key"`
	LocationID uuid.UUID `json:"locationId"`
	// StartDate and EndDate are calendar dates, YYYY-MM-DD.
	StartDate    string      `json:"startDate"`
	EndDate      *string     `json:"endDate,omitempty"`
	Participants int         `json:"participants"`
	Status       PilotStatus `json:"status"`
	Outcome      string      `json:"outcome,omitempty"`
	Lessons      string      `json:"lessons,omitempty"`
}

// Evaluation is one round's verdict on the pilots.
type Evaluation struct {
	Recommendation Recommendation `json:"recommendation"`
	Findings       string         `json:"findings"`
	At             time.Time      `json:"at"`
	EvaluatedBy    uuid.UUID      `json:"evaluatedBy"`
}

// NamedVersion names one revision of the concept.
type NamedVersion struct {
	Name      string    `json:"name"`
	Revision  int       `json:"revision"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy uuid.UUID `json:"createdBy"`
}

// HasPartner implements domain.Partnered.
func (c *Concept) HasPartner(organisation uuid.UUID) bool {
	return c != nil && slices.Contains(c.Content.Partners, organisation)
}

// exists reports whether the concept was created; a stream that does not
// exist yet loads as the zero value.
func (c *Concept) exists() bool { return c != nil && c.ID != uuid.Nil }

// editable reports whether content edits are allowed.
func (c *Concept) editable() bool {
	switch c.Status {
	case StatusDraft, StatusSpecified, StatusPiloting:
		return true
	}
	return false
}

// pilot returns the index of the pilot with the given key, or -1.
func (c *Concept) pilot(key uuid.UUID) int {
	return slices.IndexFunc(c.Content.Pilots, func(p Pilot) bool { return p.Key == key })
}

// latestEvaluation returns the newest evaluation, if any.
func (c *Concept) latestEvaluation() (Evaluation, bool) {
	if len(c.Evaluations) == 0 {
		return Evaluation{}, false
	}
	return c.Evaluations[len(c.Evaluations)-1], true
}

// Clone returns a deep copy, sharing nothing with c: events and states
// never alias each other's slices.
func (c Content) Clone() Content {
	out := c
	out.TargetGroups = slices.Clone(c.TargetGroups)
	out.Partners = slices.Clone(c.Partners)
	out.StrategyID = clonePtr(c.StrategyID)
	out.Pilots = slices.Clone(c.Pilots)
	for i := range out.Pilots {
		out.Pilots[i].EndDate = clonePtr(c.Pilots[i].EndDate)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
