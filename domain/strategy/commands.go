package strategy

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Every mutation of the contract that acts on a strategy has a command here,
// named like the mutation. Decide never changes the state it is given.
var (
	_ domain.Command[*Strategy] = CreateStrategy{}
	_ domain.Command[*Strategy] = UpdateStrategy{}
	_ domain.Command[*Strategy] = AddStrategyLocation{}
	_ domain.Command[*Strategy] = RemoveStrategyLocation{}
	_ domain.Command[*Strategy] = AddStrategyPartner{}
	_ domain.Command[*Strategy] = RemoveStrategyPartner{}
	_ domain.Command[*Strategy] = AddSection{}
	_ domain.Command[*Strategy] = UpdateSection{}
	_ domain.Command[*Strategy] = AddPriority{}
	_ domain.Command[*Strategy] = UpdatePriority{}
	_ domain.Command[*Strategy] = AddObjective{}
	_ domain.Command[*Strategy] = UpdateObjective{}
	_ domain.Command[*Strategy] = AddMeasure{}
	_ domain.Command[*Strategy] = UpdateMeasure{}
	_ domain.Command[*Strategy] = SetMeasureStatus{}
	_ domain.Command[*Strategy] = AddMilestone{}
	_ domain.Command[*Strategy] = UpdateMilestone{}
	_ domain.Command[*Strategy] = SetMilestoneDone{}
	_ domain.Command[*Strategy] = AddIndicator{}
	_ domain.Command[*Strategy] = UpdateIndicator{}
	_ domain.Command[*Strategy] = SetIndicatorTargets{}
	_ domain.Command[*Strategy] = RecordIndicatorActual{}
	_ domain.Command[*Strategy] = MoveItem{}
	_ domain.Command[*Strategy] = RemoveItem{}
	_ domain.Command[*Strategy] = SubmitStrategyForReview{}
	_ domain.Command[*Strategy] = ReviewStrategy{}
	_ domain.Command[*Strategy] = AdoptStrategy{}
	_ domain.Command[*Strategy] = ReopenStrategy{}
	_ domain.Command[*Strategy] = ArchiveStrategy{}
	_ domain.Command[*Strategy] = RestoreStrategyRevision{}
	_ domain.Command[*Strategy] = NameStrategyVersion{}

	_ domain.Referencing = CreateStrategy{}
	_ domain.Referencing = AddStrategyLocation{}
	_ domain.Referencing = AddStrategyPartner{}
	_ domain.Referencing = AddMeasure{}
	_ domain.Referencing = UpdateMeasure{}

	_ domain.Partnered = CreateStrategy{}
	_ domain.Partnered = (*Strategy)(nil)
	_ domain.Aggregate = (*Strategy)(nil)
)

// edit describes a content edit.
func edit(action string) domain.Description {
	return domain.Description{Action: action, Access: domain.AccessEdit}
}

// workflow describes a workflow command: the client's expected revision
// must match exactly.
func workflow(action string, access domain.Access) domain.Description {
	return domain.Description{Action: action, Access: access, Workflow: true}
}

// requireExisting refuses commands on a strategy that was never created.
func (s *Strategy) requireExisting() error {
	if !s.Exists() {
		return domain.NotFound("strategy")
	}
	return nil
}

// requireEditable refuses content edits outside DRAFT and IN_REVIEW: an
// adopted strategy is in force and must be reopened first.
func (s *Strategy) requireEditable() error {
	if err := s.requireExisting(); err != nil {
		return err
	}
	if s.Status != StatusDraft && s.Status != StatusInReview {
		return ErrNotEditable
	}
	return nil
}

// newItemKey returns the key of a new item: the client's choice, checked
// never to have been used in the document (see keys.go), or a fresh one.
func (s *Strategy) newItemKey(checks *domain.Checks, chosen *uuid.UUID, field string, c domain.Context) uuid.UUID {
	if chosen == nil {
		return c.NewID()
	}
	switch {
	case *chosen == uuid.Nil:
		checks.Fail("must not be the nil UUID", field)
	case s.hasKey(*chosen):
		checks.Fail("is already the key of an item of this strategy", field)
	case s.retired(*chosen):
		checks.Fail("was the key of a removed item of this strategy; keys are never reused", field)
	}
	return *chosen
}

// requireRoom refuses to add an item to a list that is already full.
func requireRoom(length, max int, list string) error {
	if length >= max {
		return refuse(ErrListFull, fmt.Sprintf("%s can hold at most %d items", list, max))
	}
	return nil
}

// changed turns an update field into the pointer an update event carries:
// nil when omitted, the zero value when cleared, else the new value.
func changed[T any](field domain.Optional[T]) *T {
	switch {
	case !field.Set:
		return nil
	case field.Null:
		var zero T
		return &zero
	default:
		return new(field.Value)
	}
}

// refs names the subjects of an id list for domain.Referencing.
func refs(subject domain.SubjectType, ids []uuid.UUID, field string) []domain.Ref {
	out := make([]domain.Ref, len(ids))
	for i, id := range ids {
		out[i] = domain.Ref{Type: subject, ID: id, Field: []string{field, domain.Index(i)}}
	}
	return out
}
