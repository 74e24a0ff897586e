package strategy

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// MoveItem moves a section, priority, objective or measure before a
// sibling in the same list, or to the end of its list when BeforeItemID is
// nil. Milestones and indicators keep the order they were added in.
type MoveItem struct {
	ItemID       uuid.UUID  `json:"itemId"`
	BeforeItemID *uuid.UUID `json:"beforeItemId,omitempty"`
}

func (MoveItem) Describe() domain.Description { return edit("moveItem") }

func (cmd MoveItem) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	item, found := s.locate(cmd.ItemID)
	if !found {
		return nil, domain.NotFound("item")
	}
	var checks domain.Checks
	switch item.kind {
	case kindSection, kindPriority, kindObjective, kindMeasure:
	default:
		checks.Fail("must be a section, priority, objective or measure", "itemId")
	}
	if before := cmd.BeforeItemID; before != nil {
		sibling, found := s.locate(*before)
		switch {
		case *before == cmd.ItemID:
			checks.Fail("must not be the moved item itself", "beforeItemId")
		case !found || !sibling.siblingOf(item):
			checks.Fail("must be an item of the same list as the moved item", "beforeItemId")
		}
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&ItemMoved{Key: cmd.ItemID, BeforeKey: clonePointer(cmd.BeforeItemID)}}, nil
}

// siblingOf reports whether two places are in the same list.
func (p place) siblingOf(q place) bool {
	return p.kind == q.kind && p.priority == q.priority && p.objective == q.objective && p.measure == q.measure
}

// RemoveItem removes a section, priority, objective, measure, milestone or
// indicator with everything it contains.
type RemoveItem struct {
	ItemID uuid.UUID `json:"itemId"`
}

func (RemoveItem) Describe() domain.Description { return edit("removeItem") }

func (cmd RemoveItem) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if !s.hasKey(cmd.ItemID) {
		return nil, domain.NotFound("item")
	}
	return []domain.Event{&ItemRemoved{Key: cmd.ItemID}}, nil
}
