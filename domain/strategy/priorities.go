package strategy

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// AddPriority appends a priority.
type AddPriority struct {
	// PriorityID is the client's key for the new priority; nil: one is made.
	PriorityID  *uuid.UUID `json:"priorityId,omitempty"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
}

func (AddPriority) Describe() domain.Description { return edit("addPriority") }

func (cmd AddPriority) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if err := requireRoom(len(s.Priorities), domain.MaxListItems, "priorities"); err != nil {
		return nil, err
	}
	var checks domain.Checks
	key := s.newItemKey(&checks, cmd.PriorityID, "priorityId", c)
	checks.Name(cmd.Title, "title")
	checks.Text(cmd.Description, domain.MaxTextLength, "description")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&PriorityAdded{Key: key, Title: cmd.Title, Description: cmd.Description}}, nil
}

// UpdatePriority changes a priority's title or description.
type UpdatePriority struct {
	PriorityID  uuid.UUID               `json:"priorityId"`
	Title       domain.Optional[string] `json:"title,omitzero"`
	Description domain.Optional[string] `json:"description,omitzero"`
}

func (UpdatePriority) Describe() domain.Description { return edit("updatePriority") }

func (cmd UpdatePriority) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.priority(cmd.PriorityID) == nil {
		return nil, domain.NotFound(string(kindPriority))
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Title.Set, cmd.Description.Set)
	checkNameUpdate(&checks, cmd.Title, "title")
	checkTextUpdate(&checks, cmd.Description, domain.MaxTextLength, "description")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&PriorityUpdated{
		Key:         cmd.PriorityID,
		Title:       changed(cmd.Title),
		Description: changed(cmd.Description),
	}}, nil
}

// AddObjective appends an objective to a priority.
type AddObjective struct {
	PriorityID uuid.UUID `json:"priorityId"`
	// ObjectiveID is the client's key for the new objective; nil: one is made.
	ObjectiveID *uuid.UUID `json:"objectiveId,omitempty"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
}

func (AddObjective) Describe() domain.Description { return edit("addObjective") }

func (cmd AddObjective) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	p := s.priority(cmd.PriorityID)
	if p == nil {
		return nil, domain.NotFound(string(kindPriority))
	}
	if err := requireRoom(len(p.Objectives), domain.MaxListItems, "objectives of a priority"); err != nil {
		return nil, err
	}
	var checks domain.Checks
	key := s.newItemKey(&checks, cmd.ObjectiveID, "objectiveId", c)
	checks.Name(cmd.Title, "title")
	checks.Text(cmd.Description, domain.MaxTextLength, "description")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&ObjectiveAdded{
		PriorityKey: cmd.PriorityID,
		Key:         key,
		Title:       cmd.Title,
		Description: cmd.Description,
	}}, nil
}

// UpdateObjective changes an objective's title or description.
type UpdateObjective struct {
	ObjectiveID uuid.UUID               `json:"objectiveId"`
	Title       domain.Optional[string] `json:"title,omitzero"`
	Description domain.Optional[string] `json:"description,omitzero"`
}

func (UpdateObjective) Describe() domain.Description { return edit("updateObjective") }

func (cmd UpdateObjective) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.objective(cmd.ObjectiveID) == nil {
		return nil, domain.NotFound(string(kindObjective))
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Title.Set, cmd.Description.Set)
	checkNameUpdate(&checks, cmd.Title, "title")
	checkTextUpdate(&checks, cmd.Description, domain.MaxTextLength, "description")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&ObjectiveUpdated{
		Key:         cmd.ObjectiveID,
		Title:       changed(cmd.Title),
		Description: changed(cmd.Description),
	}}, nil
}
