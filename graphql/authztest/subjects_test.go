package authztest

import (
	"testing"

	"github.com/google/uuid"
)

// Subjects for the matrix's rows, made through the API by the ADMIN (or,
// for reviews, by reviewers): each row gets fresh ones in the state its
// mutation needs, so that rows run in parallel and a success never spoils
// another row's subject.

func newKey() string { return uuid.NewString() }

// ---- network

func (w *world) location(t *testing.T) string {
	t.Helper()
	var p struct{ Location struct{ ID string } }
	w.mustRun(t, w.tokens[admin], `mutation($input: AddLocationInput!) { addLocation(input: $input) { location { id } } }`,
		input{"name": "Wismar " + newKey()[:8], "country": "DE", "region": "Mecklenburg-Vorpommern"}, "addLocation", &p)
	return p.Location.ID
}

func (w *world) organisation(t *testing.T) string {
	t.Helper()
	var p struct{ Organisation struct{ ID string } }
	w.mustRun(t, w.tokens[admin], `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`,
		input{"name": "Creative Hub " + newKey()[:8], "role": "ASSOCIATED", "locationId": w.rostock}, "registerOrganisation", &p)
	return p.Organisation.ID
}

func (w *world) contactPerson(t *testing.T, organisation string) {
	t.Helper()
	w.mustRun(t, w.tokens[admin], `mutation($input: SetContactPersonInput!) { setContactPerson(input: $input) { position } }`,
		input{"organisationId": organisation, "name": "Erika Example", "email": "erika@example.org"}, "setContactPerson", nil)
}

// ---- strategies

// strategyPayload is what strategy setup steps read back.
type strategyPayload struct {
	Strategy struct {
		ID              string
		Revision        int
		ContentRevision int
		Status          string
	}
}

const strategyFields = `strategy { id revision contentRevision status }`

// strategyStep runs one strategy mutation as the ADMIN.
func (w *world) strategyStep(t *testing.T, field, inputType string, in input) strategyPayload {
	t.Helper()
	var p strategyPayload
	w.mustRun(t, w.tokens[admin], `mutation($input: `+inputType+`!) { `+field+`(input: $input) { `+strategyFields+` } }`, in, field, &p)
	return p
}

// strategyInput is the input of a strategy in Rostock whose partners are
// the partner planner's and the second reviewer's organisations (DE, SE).
func (w *world) strategyInput() input {
	return input{
		"title": "Creative Rostock 2027–2036 " + newKey()[:8], "vision": "A creative port city.", "startYear": 2027,
		"locationIds": []string{w.rostock}, "partnerIds": []string{w.partnerOrg, w.partnerOrg2},
	}
}

// strategy creates a DRAFT strategy (see strategyInput).
func (w *world) strategy(t *testing.T) string {
	t.Helper()
	return w.strategyStep(t, "createStrategy", "CreateStrategyInput", w.strategyInput()).Strategy.ID
}

func (w *world) section(t *testing.T, strategyID string) string {
	t.Helper()
	key := newKey()
	w.strategyStep(t, "addSection", "AddSectionInput", input{"strategyId": strategyID, "sectionId": key, "heading": "Diagnosis", "body": "Where we stand."})
	return key
}

func (w *world) priority(t *testing.T, strategyID string) string {
	t.Helper()
	key := newKey()
	w.strategyStep(t, "addPriority", "AddPriorityInput", input{"strategyId": strategyID, "priorityId": key, "title": "Cross-border exchange"})
	return key
}

func (w *world) objective(t *testing.T, strategyID string) string {
	t.Helper()
	key := newKey()
	w.strategyStep(t, "addObjective", "AddObjectiveInput", input{"strategyId": strategyID, "priorityId": w.priority(t, strategyID), "objectiveId": key, "title": "An annual forum"})
	return key
}

func (w *world) measure(t *testing.T, strategyID string) string {
	t.Helper()
	key := newKey()
	w.strategyStep(t, "addMeasure", "AddMeasureInput", input{"strategyId": strategyID, "objectiveId": w.objective(t, strategyID), "measureId": key,
		"title": "Annual creative exchange forum", "startYear": 2027, "endYear": 2030})
	return key
}

func (w *world) milestone(t *testing.T, strategyID string) string {
	t.Helper()
	key := newKey()
	w.strategyStep(t, "addMilestone", "AddMilestoneInput", input{"strategyId": strategyID, "measureId": w.measure(t, strategyID), "milestoneId": key,
		"title": "First forum held", "due": "2027-10-15"})
	return key
}

func (w *world) indicator(t *testing.T, strategyID string) string {
	t.Helper()
	key := newKey()
	w.strategyStep(t, "addIndicator", "AddIndicatorInput", input{"strategyId": strategyID, "objectiveId": w.objective(t, strategyID), "indicatorId": key,
		"name": "Forum participants", "unit": "persons", "baseline": 0, "baselineYear": 2026})
	return key
}

// submitted creates a strategy and submits it for review; it returns the
// strategy and its contentRevision.
func (w *world) submitted(t *testing.T) (string, int) {
	t.Helper()
	id := w.strategy(t)
	p := w.strategyStep(t, "submitStrategyForReview", "StrategyWorkflowInput", input{"strategyId": id})
	if p.Strategy.Status != "IN_REVIEW" {
		t.Fatalf("submitted strategy is %s", p.Strategy.Status)
	}
	return id, p.Strategy.ContentRevision
}

// approved is a submitted strategy that reviewers of both partners (DE,
// SE) approved: ready for adoption.
func (w *world) approved(t *testing.T) string {
	t.Helper()
	id, content := w.submitted(t)
	for _, token := range []string{w.tokens[reviewer], w.reviewer2} {
		var p strategyPayload
		w.mustRun(t, token, `mutation($input: ReviewStrategyInput!) { reviewStrategy(input: $input) { `+strategyFields+` } }`,
			input{"strategyId": id, "contentRevision": content, "decision": "APPROVED"}, "reviewStrategy", &p)
	}
	return id
}

// adopted is an ADOPTED strategy.
func (w *world) adopted(t *testing.T) string {
	t.Helper()
	id := w.approved(t)
	if p := w.strategyStep(t, "adoptStrategy", "StrategyWorkflowInput", input{"strategyId": id}); p.Strategy.Status != "ADOPTED" {
		t.Fatalf("adopted strategy is %s", p.Strategy.Status)
	}
	return id
}

// ---- cooperation concepts

type conceptPayload struct {
	CooperationConcept struct {
		ID       string
		Revision int
		Status   string
	}
}

func (w *world) conceptStep(t *testing.T, field, inputType string, in input) conceptPayload {
	t.Helper()
	var p conceptPayload
	w.mustRun(t, w.tokens[admin], `mutation($input: `+inputType+`!) { `+field+`(input: $input) { cooperationConcept { id revision status } } }`, in, field, &p)
	return p
}

// conceptInput is the input of a concept of the same partners as
// strategyInput's.
func (w *world) conceptInput() input {
	return input{
		"kind": "CONSULTANCY_STRUCTURE", "title": "Creative consultancy " + newKey()[:8],
		"summary": "Creative professionals advise companies.", "targetGroups": []string{"SMEs"},
		"partnerIds": []string{w.partnerOrg, w.partnerOrg2},
	}
}

// concept creates a DRAFT concept.
func (w *world) concept(t *testing.T) string {
	t.Helper()
	return w.conceptStep(t, "createCooperationConcept", "CreateCooperationConceptInput", w.conceptInput()).CooperationConcept.ID
}

// specified is a SPECIFIED concept.
func (w *world) specified(t *testing.T) string {
	t.Helper()
	id := w.concept(t)
	w.conceptStep(t, "specifyCooperationConcept", "ConceptWorkflowInput", input{"conceptId": id})
	return id
}

// plannedPilot is a SPECIFIED concept with a PLANNED pilot.
func (w *world) plannedPilot(t *testing.T) (concept, pilot string) {
	t.Helper()
	concept, pilot = w.specified(t), newKey()
	w.conceptStep(t, "planPilot", "PlanPilotInput", input{"conceptId": concept, "pilotId": pilot, "locationId": w.rostock,
		"startDate": "2027-02-01", "endDate": "2027-06-30", "participants": 12})
	return concept, pilot
}

// runningPilot is a PILOTING concept with a RUNNING pilot.
func (w *world) runningPilot(t *testing.T) (concept, pilot string) {
	t.Helper()
	concept, pilot = w.plannedPilot(t)
	w.conceptStep(t, "startPilot", "PilotRefInput", input{"conceptId": concept, "pilotId": pilot})
	return concept, pilot
}

// completedPilot is a PILOTING concept with a COMPLETED pilot: ready for
// evaluation.
func (w *world) completedPilot(t *testing.T) string {
	t.Helper()
	concept, pilot := w.runningPilot(t)
	w.conceptStep(t, "completePilot", "CompletePilotInput", input{"conceptId": concept, "pilotId": pilot, "outcome": "Eleven companies advised."})
	return concept
}

// evaluated is a concept EVALUATED with the recommendation ADOPT.
func (w *world) evaluated(t *testing.T) string {
	t.Helper()
	id := w.completedPilot(t)
	if p := w.conceptStep(t, "evaluateCooperationConcept", "EvaluateConceptInput",
		input{"conceptId": id, "recommendation": "ADOPT", "findings": "It works."}); p.CooperationConcept.Status != "EVALUATED" {
		t.Fatalf("evaluated concept is %s", p.CooperationConcept.Status)
	}
	return id
}

// adoptedConcept is an ADOPTED concept.
func (w *world) adoptedConcept(t *testing.T) string {
	t.Helper()
	id := w.evaluated(t)
	if p := w.conceptStep(t, "adoptCooperationConcept", "ConceptWorkflowInput", input{"conceptId": id}); p.CooperationConcept.Status != "ADOPTED" {
		t.Fatalf("adopted concept is %s", p.CooperationConcept.Status)
	}
	return id
}
