package cooperation_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func TestUpdateCooperationConcept(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd     cooperation.UpdateCooperationConcept
		event   *cooperation.Updated
		changes []domain.Change
	}{
		"title only": {
			cooperation.UpdateCooperationConcept{Title: domain.Some("Consultancy")},
			&cooperation.Updated{Title: "Consultancy", Summary: "Consulting the normal economy on working structures.", TargetGroups: []string{"SMEs", "Third institutions"}, StrategyID: ptr(strategy)},
			[]domain.Change{{Path: "/title", Kind: domain.Changed, Before: "Creative consultancy structure", After: "Consultancy"}},
		},
		"null clears summary, target groups and strategy": {
			cooperation.UpdateCooperationConcept{Summary: domain.Null[string](), TargetGroups: domain.Null[[]string](), StrategyID: domain.Null[uuid.UUID]()},
			&cooperation.Updated{Title: "Creative consultancy structure"},
			[]domain.Change{
				{Path: "/strategyId", Kind: domain.Changed, Before: strategy.String(), After: nil},
				{Path: "/summary", Kind: domain.Changed, Before: "Consulting the normal economy on working structures.", After: ""},
				{Path: "/targetGroups", Kind: domain.Changed, Before: []any{"SMEs", "Third institutions"}, After: []any{}},
			},
		},
		"a list replaces the whole list": {
			cooperation.UpdateCooperationConcept{TargetGroups: domain.Some([]string{"Municipalities"}), StrategyID: domain.Some(strategy2), Summary: domain.Some("New.")},
			&cooperation.Updated{Title: "Creative consultancy structure", Summary: "New.", TargetGroups: []string{"Municipalities"}, StrategyID: ptr(strategy2)},
			[]domain.Change{
				{Path: "/strategyId", Kind: domain.Changed, Before: strategy.String(), After: strategy2.String()},
				{Path: "/summary", Kind: domain.Changed, Before: "Consulting the normal economy on working structures.", After: "New."},
				{Path: "/targetGroups", Kind: domain.Changed, Before: []any{"SMEs", "Third institutions"}, After: []any{"Municipalities"}},
			},
		},
		"nothing is still a revision": {
			cooperation.UpdateCooperationConcept{},
			&cooperation.Updated{Title: "Creative consultancy structure", Summary: "Consulting the normal economy on working structures.", TargetGroups: []string{"SMEs", "Third institutions"}, StrategyID: ptr(strategy)},
			nil,
		},
	} {
		t.Run(name, func(t *testing.T) {
			state := given(draftHistory()...)
			events, err := tc.cmd.Decide(state, ctx(t))
			wantEvents(t, events, err, tc.event)
			if !reflect.DeepEqual(state, given(draftHistory()...)) {
				t.Fatal("Decide mutated the state")
			}
			next := then(given(draftHistory()...), events)
			if next.Revision != 2 || next.ContentRevision != 2 {
				t.Fatalf("revisions = %d/%d", next.Revision, next.ContentRevision)
			}
			wantChanges(t, state, next, tc.changes...)
		})
	}
}

func TestUpdateReferences(t *testing.T) {
	cmd := cooperation.UpdateCooperationConcept{StrategyID: domain.Some(strategy2)}
	want := []domain.Ref{{Type: domain.SubjectStrategy, ID: strategy2, Field: []string{"strategyId"}}}
	if got := cmd.References(); !reflect.DeepEqual(got, want) {
		t.Fatalf("refs = %+v", got)
	}
	for _, cmd := range []cooperation.UpdateCooperationConcept{{}, {StrategyID: domain.Null[uuid.UUID]()}, {StrategyID: domain.Some(uuid.Nil)}} {
		if got := cmd.References(); len(got) != 0 {
			t.Fatalf("refs = %+v", got)
		}
	}
}

func TestUpdateValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd    cooperation.UpdateCooperationConcept
		fields []string
	}{
		"null title":      {cooperation.UpdateCooperationConcept{Title: domain.Null[string]()}, []string{"title"}},
		"blank title":     {cooperation.UpdateCooperationConcept{Title: domain.Some("")}, []string{"title"}},
		"long summary":    {cooperation.UpdateCooperationConcept{Summary: domain.Some(strings.Repeat("s", domain.MaxTextLength+1))}, []string{"summary"}},
		"bad group":       {cooperation.UpdateCooperationConcept{TargetGroups: domain.Some([]string{"a", "a"})}, []string{"targetGroups.1"}},
		"nil strategy id": {cooperation.UpdateCooperationConcept{StrategyID: domain.Some(uuid.Nil)}, []string{"strategyId"}},
		"several":         {cooperation.UpdateCooperationConcept{Title: domain.Null[string](), TargetGroups: domain.Some([]string{""})}, []string{"title", "targetGroups.0"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(given(draftHistory()...), ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

// Content edits are allowed in DRAFT, SPECIFIED and PILOTING only.
func TestContentEditsByStatus(t *testing.T) {
	edits := map[string]func(*cooperation.Concept) error{
		"update": func(s *cooperation.Concept) error {
			_, err := cooperation.UpdateCooperationConcept{Title: domain.Some("X")}.Decide(s, ctx(t))
			return err
		},
		"add partner": func(s *cooperation.Concept) error {
			_, err := cooperation.AddConceptPartner{OrganisationID: org3}.Decide(s, ctx(t))
			return err
		},
		"remove partner": func(s *cooperation.Concept) error {
			_, err := cooperation.RemoveConceptPartner{OrganisationID: org2}.Decide(s, ctx(t))
			return err
		},
		"restore": func(s *cooperation.Concept) error {
			_, err := cooperation.RestoreCooperationConceptRevision{Revision: 1, Content: given(draftHistory()...).Content}.Decide(s, ctx(t))
			return err
		},
	}
	for name, edit := range edits {
		for _, status := range editableStatuses {
			if err := edit(byStatus[status]()); err != nil {
				t.Errorf("%s in %s: %v", name, status, err)
			}
		}
		for _, status := range closedStatuses {
			err := edit(byStatus[status]())
			if domain.CodeOf(err) != domain.CodeInvalidState || err != cooperation.ErrNotEditable {
				t.Errorf("%s in %s: got %v, want ErrNotEditable", name, status, err)
			}
		}
	}
}

// Every command on a concept that does not exist is NOT_FOUND.
func TestCommandsOnMissingConcept(t *testing.T) {
	commands := map[string]func(*cooperation.Concept) error{
		"update": func(s *cooperation.Concept) error {
			_, err := cooperation.UpdateCooperationConcept{}.Decide(s, ctx(t))
			return err
		},
		"add partner": func(s *cooperation.Concept) error {
			_, err := cooperation.AddConceptPartner{OrganisationID: org3}.Decide(s, ctx(t))
			return err
		},
		"remove partner": func(s *cooperation.Concept) error {
			_, err := cooperation.RemoveConceptPartner{OrganisationID: org2}.Decide(s, ctx(t))
			return err
		},
		"specify": func(s *cooperation.Concept) error {
			_, err := cooperation.SpecifyCooperationConcept{}.Decide(s, ctx(t))
			return err
		},
		"plan pilot": func(s *cooperation.Concept) error {
			_, err := cooperation.PlanPilot{LocationID: loc1, StartDate: "2026-01-01"}.Decide(s, ctx(t, pilot2))
			return err
		},
		"update pilot": func(s *cooperation.Concept) error {
			_, err := cooperation.UpdatePilot{PilotID: pilot1}.Decide(s, ctx(t))
			return err
		},
		"start pilot": func(s *cooperation.Concept) error {
			_, err := cooperation.StartPilot{PilotID: pilot1}.Decide(s, ctx(t))
			return err
		},
		"complete pilot": func(s *cooperation.Concept) error {
			_, err := cooperation.CompletePilot{PilotID: pilot1, Outcome: "x"}.Decide(s, ctx(t))
			return err
		},
		"cancel pilot": func(s *cooperation.Concept) error {
			_, err := cooperation.CancelPilot{PilotID: pilot1}.Decide(s, ctx(t))
			return err
		},
		"evaluate": func(s *cooperation.Concept) error {
			_, err := cooperation.EvaluateCooperationConcept{Recommendation: cooperation.RecommendAdopt, Findings: "x"}.Decide(s, ctx(t))
			return err
		},
		"adopt": func(s *cooperation.Concept) error {
			_, err := cooperation.AdoptCooperationConcept{}.Decide(s, ctx(t))
			return err
		},
		"discontinue": func(s *cooperation.Concept) error {
			_, err := cooperation.DiscontinueCooperationConcept{}.Decide(s, ctx(t))
			return err
		},
		"restore": func(s *cooperation.Concept) error {
			_, err := cooperation.RestoreCooperationConceptRevision{Revision: 1}.Decide(s, ctx(t))
			return err
		},
		"name version": func(s *cooperation.Concept) error {
			_, err := cooperation.NameCooperationConceptVersion{Revision: 1, Name: "v1"}.Decide(s, ctx(t))
			return err
		},
	}
	for name, decide := range commands {
		t.Run(name, func(t *testing.T) {
			wantCode(t, decide(nil), domain.CodeNotFound, domain.ErrNotFound)
			wantCode(t, decide(&cooperation.Concept{}), domain.CodeNotFound, domain.ErrNotFound)
			if err := decide(&cooperation.Concept{}); err.Error() != "cooperation concept not found" {
				t.Fatalf("message = %q", err)
			}
		})
	}
}
