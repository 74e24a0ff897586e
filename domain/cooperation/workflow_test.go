package cooperation_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func TestSpecifyCooperationConcept(t *testing.T) {
	state := given(draftHistory()...)
	events, err := cooperation.SpecifyCooperationConcept{}.Decide(state, ctx(t))
	wantEvents(t, events, err, &cooperation.Specified{})
	next := then(given(draftHistory()...), events)
	if next.Status != cooperation.StatusSpecified || next.Revision != 2 || next.ContentRevision != 1 {
		t.Fatalf("state = %+v", next)
	}
	wantChanges(t, state, next, domain.Change{Path: "/status", Kind: domain.Changed, Before: "DRAFT", After: "SPECIFIED"})

	for status, state := range byStatus {
		if status == cooperation.StatusDraft {
			continue
		}
		_, err := cooperation.SpecifyCooperationConcept{}.Decide(state(), ctx(t))
		if err != cooperation.ErrNotDraft {
			t.Errorf("%s: got %v, want ErrNotDraft", status, err)
		}
	}
}

func TestEvaluateCooperationConcept(t *testing.T) {
	for rec, want := range map[cooperation.Recommendation]cooperation.Status{
		cooperation.RecommendAdopt:       cooperation.StatusEvaluated,
		cooperation.RecommendDiscontinue: cooperation.StatusEvaluated,
		cooperation.RecommendRevise:      cooperation.StatusDraft,
	} {
		t.Run(string(rec), func(t *testing.T) {
			state := given(completedHistory()...)
			cmd := cooperation.EvaluateCooperationConcept{Recommendation: rec, Findings: "Findings."}
			events, err := cmd.Decide(state, ctx(t))
			wantEvents(t, events, err, evaluated(rec))
			next := then(given(completedHistory()...), events)
			if next.Status != want || next.ContentRevision != state.ContentRevision || next.Revision != state.Revision+1 {
				t.Fatalf("state = %+v", next)
			}
			wantEvaluations := []cooperation.Evaluation{{Recommendation: rec, Findings: "Findings.", At: now, EvaluatedBy: planner.ID}}
			if !reflect.DeepEqual(next.Evaluations, wantEvaluations) {
				t.Fatalf("evaluations = %+v", next.Evaluations)
			}
			wantChanges(t, state, next,
				domain.Change{Path: "/status", Kind: domain.Changed, Before: "PILOTING", After: string(want)},
				domain.Change{Path: "/evaluations/1", Kind: domain.Added, After: map[string]any{"recommendation": string(rec), "findings": "Findings."}})
		})
	}
}

func TestAReviseLoopKeepsEveryEvaluation(t *testing.T) {
	history := append(evaluatedHistory(cooperation.RecommendRevise),
		&cooperation.Specified{},
		&cooperation.PilotPlanned{PilotID: pilot2, LocationID: loc2, StartDate: "2027-01-01"},
		&cooperation.PilotStarted{PilotID: pilot2},
		&cooperation.PilotCompleted{PilotID: pilot2, Outcome: "Better."})
	state := given(history...)
	if state.Status != cooperation.StatusPiloting {
		t.Fatalf("status = %s", state.Status)
	}
	events, err := cooperation.EvaluateCooperationConcept{Recommendation: cooperation.RecommendAdopt, Findings: "Round two."}.Decide(state, ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	next := then(given(history...), events)
	if len(next.Evaluations) != 2 || next.Evaluations[0].Recommendation != cooperation.RecommendRevise || next.Evaluations[1].Findings != "Round two." {
		t.Fatalf("evaluations = %+v", next.Evaluations)
	}
	leaves := next.Document().Leaves()
	if leaves["/evaluations/1/recommendation"] != "REVISE" || leaves["/evaluations/2/recommendation"] != "ADOPT" {
		t.Fatalf("leaves = %v", leaves)
	}
	if _, err := (cooperation.AdoptCooperationConcept{}).Decide(next, ctx(t)); err != nil {
		t.Fatalf("adopt after a second round: %v", err)
	}
}

func TestEvaluateRules(t *testing.T) {
	cmd := cooperation.EvaluateCooperationConcept{Recommendation: cooperation.RecommendAdopt, Findings: "f"}
	_, err := cmd.Decide(given(pilotingHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNoCompletedPilot)

	cancelled := append(pilotingHistory(), &cooperation.PilotCancelled{PilotID: pilot1})
	_, err = cmd.Decide(given(cancelled...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNoCompletedPilot)

	for status, state := range byStatus {
		if status == cooperation.StatusPiloting {
			continue
		}
		_, err := cmd.Decide(state(), ctx(t))
		if err != cooperation.ErrNotPiloting {
			t.Errorf("%s: got %v, want ErrNotPiloting", status, err)
		}
	}
}

func TestEvaluateValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd    cooperation.EvaluateCooperationConcept
		fields []string
	}{
		"no recommendation":  {cooperation.EvaluateCooperationConcept{Findings: "f"}, []string{"recommendation"}},
		"bad recommendation": {cooperation.EvaluateCooperationConcept{Recommendation: "adopt", Findings: "f"}, []string{"recommendation"}},
		"no findings":        {cooperation.EvaluateCooperationConcept{Recommendation: cooperation.RecommendAdopt, Findings: "  "}, []string{"findings"}},
		"long findings":      {cooperation.EvaluateCooperationConcept{Recommendation: cooperation.RecommendAdopt, Findings: strings.Repeat("f", domain.MaxTextLength+1)}, []string{"findings"}},
		"both":               {cooperation.EvaluateCooperationConcept{}, []string{"recommendation", "findings"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(given(completedHistory()...), ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestAdoptCooperationConcept(t *testing.T) {
	state := given(evaluatedHistory(cooperation.RecommendAdopt)...)
	events, err := cooperation.AdoptCooperationConcept{}.Decide(state, ctx(t))
	wantEvents(t, events, err, &cooperation.Adopted{})
	next := then(given(evaluatedHistory(cooperation.RecommendAdopt)...), events)
	if next.Status != cooperation.StatusAdopted || next.ContentRevision != state.ContentRevision {
		t.Fatalf("state = %+v", next)
	}
}

func TestAdoptRules(t *testing.T) {
	cmd := cooperation.AdoptCooperationConcept{}
	_, err := cmd.Decide(given(evaluatedHistory(cooperation.RecommendDiscontinue)...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNotAdoptable)
	for status, state := range byStatus {
		if status == cooperation.StatusEvaluated {
			continue
		}
		if _, err := cmd.Decide(state(), ctx(t)); err != cooperation.ErrNotAdoptable {
			t.Errorf("%s: got %v, want ErrNotAdoptable", status, err)
		}
	}
}

func TestDiscontinueCooperationConcept(t *testing.T) {
	cmd := cooperation.DiscontinueCooperationConcept{}
	for status, state := range byStatus {
		_, err := cmd.Decide(state(), ctx(t))
		switch status {
		case cooperation.StatusAdopted, cooperation.StatusDiscontinued:
			wantCode(t, err, domain.CodeInvalidState, cooperation.ErrClosed)
		default:
			events, err := cmd.Decide(state(), ctx(t))
			wantEvents(t, events, err, &cooperation.Discontinued{})
			before := state()
			next := then(state(), events)
			if next.Status != cooperation.StatusDiscontinued || next.ContentRevision != before.ContentRevision {
				t.Fatalf("%s: state = %+v", status, next)
			}
		}
	}
}

func TestCommandsDescribeThemselves(t *testing.T) {
	edit := func(action string) domain.Description {
		return domain.Description{Action: action, Access: domain.AccessEdit}
	}
	workflow := func(action string) domain.Description {
		return domain.Description{Action: action, Access: domain.AccessEdit, Workflow: true}
	}
	for _, tc := range []struct{ got, want domain.Description }{
		{cooperation.CreateCooperationConcept{}.Describe(), domain.Description{Action: "createCooperationConcept", Access: domain.AccessCreate, Creates: true}},
		{cooperation.UpdateCooperationConcept{}.Describe(), edit("updateCooperationConcept")},
		{cooperation.AddConceptPartner{}.Describe(), edit("addConceptPartner")},
		{cooperation.RemoveConceptPartner{}.Describe(), edit("removeConceptPartner")},
		{cooperation.SpecifyCooperationConcept{}.Describe(), workflow("specifyCooperationConcept")},
		{cooperation.PlanPilot{}.Describe(), edit("planPilot")},
		{cooperation.UpdatePilot{}.Describe(), edit("updatePilot")},
		{cooperation.StartPilot{}.Describe(), edit("startPilot")},
		{cooperation.CompletePilot{}.Describe(), edit("completePilot")},
		{cooperation.CancelPilot{}.Describe(), edit("cancelPilot")},
		{cooperation.EvaluateCooperationConcept{}.Describe(), workflow("evaluateCooperationConcept")},
		{cooperation.AdoptCooperationConcept{}.Describe(), workflow("adoptCooperationConcept")},
		{cooperation.DiscontinueCooperationConcept{}.Describe(), workflow("discontinueCooperationConcept")},
		{cooperation.RestoreCooperationConceptRevision{}.Describe(), edit("restoreCooperationConceptRevision")},
		{cooperation.NameCooperationConceptVersion{}.Describe(), edit("nameCooperationConceptVersion")},
	} {
		if tc.got != tc.want {
			t.Errorf("description = %+v, want %+v", tc.got, tc.want)
		}
	}
}

// The commands satisfy the kernel's interfaces.
var (
	_ domain.Command[*cooperation.Concept] = cooperation.CreateCooperationConcept{}
	_ domain.Command[*cooperation.Concept] = cooperation.UpdateCooperationConcept{}
	_ domain.Command[*cooperation.Concept] = cooperation.AddConceptPartner{}
	_ domain.Command[*cooperation.Concept] = cooperation.RemoveConceptPartner{}
	_ domain.Command[*cooperation.Concept] = cooperation.SpecifyCooperationConcept{}
	_ domain.Command[*cooperation.Concept] = cooperation.PlanPilot{}
	_ domain.Command[*cooperation.Concept] = cooperation.UpdatePilot{}
	_ domain.Command[*cooperation.Concept] = cooperation.StartPilot{}
	_ domain.Command[*cooperation.Concept] = cooperation.CompletePilot{}
	_ domain.Command[*cooperation.Concept] = cooperation.CancelPilot{}
	_ domain.Command[*cooperation.Concept] = cooperation.EvaluateCooperationConcept{}
	_ domain.Command[*cooperation.Concept] = cooperation.AdoptCooperationConcept{}
	_ domain.Command[*cooperation.Concept] = cooperation.DiscontinueCooperationConcept{}
	_ domain.Command[*cooperation.Concept] = cooperation.RestoreCooperationConceptRevision{}
	_ domain.Command[*cooperation.Concept] = cooperation.NameCooperationConceptVersion{}
	_ domain.Partnered                     = cooperation.CreateCooperationConcept{}
	_ domain.Partnered                     = (*cooperation.Concept)(nil)
	_ domain.Referencing                   = cooperation.CreateCooperationConcept{}
	_ domain.Referencing                   = cooperation.UpdateCooperationConcept{}
	_ domain.Referencing                   = cooperation.AddConceptPartner{}
	_ domain.Referencing                   = cooperation.PlanPilot{}
	_ domain.Referencing                   = cooperation.UpdatePilot{}
)
