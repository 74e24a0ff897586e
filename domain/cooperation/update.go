package cooperation

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// UpdateCooperationConcept is the updateCooperationConcept mutation. The
// title is required (null is refused); null clears the summary, the target
// groups or the strategy. A list replaces the whole list.
type UpdateCooperationConcept struct {
	Title        domain.Optional[string]    `json:"title,omitzero"`
	Summary      domain.Optional[string]    `json:"summary,omitzero"`
	TargetGroups domain.Optional[[]string]  `json:"targetGroups,omitzero"`
	StrategyID   domain.Optional[uuid.UUID] `json:"strategyId,omitzero"`
}

// Describe implements domain.Command.
func (UpdateCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "updateCooperationConcept", Access: domain.AccessEdit}
}

// References implements domain.Referencing.
func (cmd UpdateCooperationConcept) References() []domain.Ref {
	if !cmd.StrategyID.HasValue() {
		return nil
	}
	return ref(nil, domain.SubjectStrategy, cmd.StrategyID.Value, "strategyId")
}

// Decide implements domain.Command. An update that changes nothing still
// records the event: every accepted command is a revision.
func (cmd UpdateCooperationConcept) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := editableConcept(state); err != nil {
		return nil, err
	}
	var checks domain.Checks
	cmd.Title.RequireNotNull(&checks, "title")
	next := Updated{
		Title:        state.Content.Title,
		Summary:      state.Content.Summary,
		TargetGroups: slices.Clone(state.Content.TargetGroups),
		StrategyID:   clonePtr(state.Content.StrategyID),
	}
	if cmd.Title.HasValue() {
		checks.Name(cmd.Title.Value, "title")
		next.Title = cmd.Title.Value
	}
	if cmd.Summary.Set {
		next.Summary = ""
		if !cmd.Summary.Null {
			checks.Text(cmd.Summary.Value, domain.MaxTextLength, "summary")
			next.Summary = cmd.Summary.Value
		}
	}
	if cmd.TargetGroups.Set {
		next.TargetGroups = nil
		if !cmd.TargetGroups.Null {
			checkTargetGroups(&checks, cmd.TargetGroups.Value, "targetGroups")
			next.TargetGroups = slices.Clone(cmd.TargetGroups.Value)
		}
	}
	if cmd.StrategyID.Set {
		next.StrategyID = nil
		if !cmd.StrategyID.Null {
			checkID(&checks, cmd.StrategyID.Value, "strategyId")
			next.StrategyID = clonePtr(&cmd.StrategyID.Value)
		}
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&next}, nil
}

// existingConcept refuses commands on a concept that does not exist: the
// application hands Decide the empty state of a stream without events.
func existingConcept(state *Concept) error {
	if !state.exists() {
		return notFound()
	}
	return nil
}

// editableConcept refuses content edits outside DRAFT, SPECIFIED and
// PILOTING.
func editableConcept(state *Concept) error {
	if err := existingConcept(state); err != nil {
		return err
	}
	if !state.editable() {
		return ErrNotEditable
	}
	return nil
}
