package cooperation

import (
	"slices"

	"github.com/google/uuid"
)

// Created records a new concept, in DRAFT.
type Created struct {
	ConceptID    uuid.UUID   `json:"conceptId"`
	Kind         Kind        `json:"kind"`
	Title        string      `json:"title"`
	Summary      string      `json:"summary,omitempty"`
	TargetGroups []string    `json:"targetGroups,omitempty"`
	PartnerIDs   []uuid.UUID `json:"partnerIds"`
	StrategyID   *uuid.UUID  `json:"strategyId,omitempty"`
}

// EventType implements domain.Event.
func (*Created) EventType() string { return "cooperation.Created" }

func (e *Created) applyTo(c *Concept) {
	if e == nil {
		return
	}
	c.ID, c.Kind, c.Status = e.ConceptID, e.Kind, StatusDraft
	c.Content = Content{
		Title:        e.Title,
		Summary:      e.Summary,
		TargetGroups: slices.Clone(e.TargetGroups),
		Partners:     slices.Clone(e.PartnerIDs),
		StrategyID:   clonePtr(e.StrategyID),
	}
}

// Updated records the concept's own fields after an update, all of them,
// so that the event reads on its own.
type Updated struct {
	Title        string     `json:"title"`
	Summary      string     `json:"summary,omitempty"`
	TargetGroups []string   `json:"targetGroups,omitempty"`
	StrategyID   *uuid.UUID `json:"strategyId,omitempty"`
}

// EventType implements domain.Event.
func (*Updated) EventType() string { return "cooperation.Updated" }

func (e *Updated) applyTo(c *Concept) {
	if e == nil {
		return
	}
	c.Content.Title, c.Content.Summary = e.Title, e.Summary
	c.Content.TargetGroups = slices.Clone(e.TargetGroups)
	c.Content.StrategyID = clonePtr(e.StrategyID)
}

// PartnerAdded records a new partner organisation.
type PartnerAdded struct {
	OrganisationID uuid.UUID `json:"organisationId"`
}

// EventType implements domain.Event.
func (*PartnerAdded) EventType() string { return "cooperation.PartnerAdded" }

func (e *PartnerAdded) applyTo(c *Concept) {
	if e == nil || slices.Contains(c.Content.Partners, e.OrganisationID) {
		return
	}
	c.Content.Partners = append(slices.Clip(c.Content.Partners), e.OrganisationID)
}

// PartnerRemoved records that an organisation is no longer a partner.
type PartnerRemoved struct {
	OrganisationID uuid.UUID `json:"organisationId"`
}

// EventType implements domain.Event.
func (*PartnerRemoved) EventType() string { return "cooperation.PartnerRemoved" }

func (e *PartnerRemoved) applyTo(c *Concept) {
	if e == nil {
		return
	}
	c.Content.Partners = slices.DeleteFunc(slices.Clone(c.Content.Partners), func(id uuid.UUID) bool {
		return id == e.OrganisationID
	})
}

// RevisionRestored records that the content of an earlier revision became
// current again. It carries that content whole, so replaying the event
// does not depend on reading the history again.
type RevisionRestored struct {
	Revision int     `json:"revision"`
	Content  Content `json:"content"`
}

// EventType implements domain.Event.
func (*RevisionRestored) EventType() string { return "cooperation.RevisionRestored" }

func (e *RevisionRestored) applyTo(c *Concept) {
	if e == nil {
		return
	}
	retired := slices.Clip(c.RetiredKeys)
	for _, p := range c.Content.Pilots {
		if !slices.ContainsFunc(e.Content.Pilots, func(q Pilot) bool { return q.Key == p.Key }) && !slices.Contains(retired, p.Key) {
			retired = append(retired, p.Key)
		}
	}
	c.RetiredKeys = slices.DeleteFunc(retired, func(k uuid.UUID) bool {
		return slices.ContainsFunc(e.Content.Pilots, func(q Pilot) bool { return q.Key == k })
	})
	c.Content = e.Content.Clone()
}
