package strategy

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// AddSection inserts a chapter before BeforeSectionID, or appends it.
type AddSection struct {
	// SectionID is the client's key for the new section; nil: one is made.
	SectionID       *uuid.UUID `json:"sectionId,omitempty"`
	Heading         string     `json:"heading"`
	Body            string     `json:"body,omitempty"`
	BeforeSectionID *uuid.UUID `json:"beforeSectionId,omitempty"`
}

func (AddSection) Describe() domain.Description { return edit("addSection") }

func (cmd AddSection) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if err := requireRoom(len(s.Sections), domain.MaxListItems, "sections"); err != nil {
		return nil, err
	}
	var checks domain.Checks
	key := s.newItemKey(&checks, cmd.SectionID, "sectionId", c)
	checks.Name(cmd.Heading, "heading")
	checks.Text(cmd.Body, domain.MaxBodyLength, "body")
	if cmd.BeforeSectionID != nil {
		checks.Require(s.section(*cmd.BeforeSectionID) != nil, "is not a section of the strategy", "beforeSectionId")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&SectionAdded{
		Key:       key,
		Heading:   cmd.Heading,
		Body:      cmd.Body,
		BeforeKey: clonePointer(cmd.BeforeSectionID),
	}}, nil
}

// UpdateSection changes a section's heading or body; a null body empties it.
type UpdateSection struct {
	SectionID uuid.UUID               `json:"sectionId"`
	Heading   domain.Optional[string] `json:"heading,omitzero"`
	Body      domain.Optional[string] `json:"body,omitzero"`
}

func (UpdateSection) Describe() domain.Description { return edit("updateSection") }

func (cmd UpdateSection) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.section(cmd.SectionID) == nil {
		return nil, domain.NotFound(string(kindSection))
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Heading.Set, cmd.Body.Set)
	checkNameUpdate(&checks, cmd.Heading, "heading")
	checkTextUpdate(&checks, cmd.Body, domain.MaxBodyLength, "body")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&SectionUpdated{
		Key:     cmd.SectionID,
		Heading: changed(cmd.Heading),
		Body:    changed(cmd.Body),
	}}, nil
}
