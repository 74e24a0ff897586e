package cooperation

import (
	"slices"

	"github.com/creativeclusters/planner/domain"
)

// Workflow commands need the client's expected revision to match exactly
// (Description.Workflow); their events change no content.

// SpecifyCooperationConcept is the specifyCooperationConcept mutation:
// DRAFT -> SPECIFIED.
type SpecifyCooperationConcept struct{}

// Describe implements domain.Command.
func (SpecifyCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "specifyCooperationConcept", Access: domain.AccessEdit, Workflow: true}
}

// Decide implements domain.Command.
func (cmd SpecifyCooperationConcept) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.Status != StatusDraft {
		return nil, ErrNotDraft
	}
	return []domain.Event{&Specified{}}, nil
}

// EvaluateCooperationConcept is the evaluateCooperationConcept mutation:
// PILOTING -> EVALUATED, or -> DRAFT on REVISE. It needs a COMPLETED pilot.
type EvaluateCooperationConcept struct {
	Recommendation Recommendation `json:"recommendation"`
	Findings       string         `json:"findings"`
}

// Describe implements domain.Command.
func (EvaluateCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "evaluateCooperationConcept", Access: domain.AccessEdit, Workflow: true}
}

// Decide implements domain.Command. The evaluation is dated and signed by
// the context: when and by whom the command was accepted.
func (cmd EvaluateCooperationConcept) Decide(state *Concept, c domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.Status != StatusPiloting {
		return nil, ErrNotPiloting
	}
	completed := slices.ContainsFunc(state.Content.Pilots, func(p Pilot) bool { return p.Status == PilotStatusCompleted })
	if !completed {
		return nil, ErrNoCompletedPilot
	}
	var checks domain.Checks
	checks.Require(cmd.Recommendation.Valid(), "must be ADOPT, REVISE or DISCONTINUE", "recommendation")
	checkRequiredText(&checks, cmd.Findings, "findings")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&Evaluated{
		Recommendation: cmd.Recommendation,
		Findings:       cmd.Findings,
		At:             c.Now,
		EvaluatedBy:    c.Actor.ID,
	}}, nil
}

// AdoptCooperationConcept is the adoptCooperationConcept mutation:
// EVALUATED with the latest recommendation ADOPT -> ADOPTED.
type AdoptCooperationConcept struct{}

// Describe implements domain.Command.
func (AdoptCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "adoptCooperationConcept", Access: domain.AccessEdit, Workflow: true}
}

// Decide implements domain.Command.
func (cmd AdoptCooperationConcept) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	latest, _ := state.latestEvaluation()
	if state.Status != StatusEvaluated || latest.Recommendation != RecommendAdopt {
		return nil, ErrNotAdoptable
	}
	return []domain.Event{&Adopted{}}, nil
}

// DiscontinueCooperationConcept is the discontinueCooperationConcept
// mutation, from any status but the final ADOPTED and DISCONTINUED.
type DiscontinueCooperationConcept struct{}

// Describe implements domain.Command.
func (DiscontinueCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "discontinueCooperationConcept", Access: domain.AccessEdit, Workflow: true}
}

// Decide implements domain.Command.
func (cmd DiscontinueCooperationConcept) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	if state.Status == StatusAdopted || state.Status == StatusDiscontinued {
		return nil, ErrClosed
	}
	return []domain.Event{&Discontinued{}}, nil
}
