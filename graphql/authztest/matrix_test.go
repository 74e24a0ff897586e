package authztest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// row is one mutation of the contract: its document (the input is the
// variable $input), a setup that makes a fresh subject in a state where
// the mutation succeeds and returns the input, and who may run it.
type row struct {
	mutation string
	doc      string
	setup    func(t *testing.T, w *world) input
	allowed  []actorKind
}

// The rules (issue #5): ADMIN may do everything, network changes only
// ADMIN; a PLANNER creates documents that include their organisation and
// edits (content and workflow, except review) only those whose partners
// include it; a REVIEWER reviews, and so may an ADMIN; a VIEWER does
// nothing; without a valid token nothing at all. Publishing a document for
// the public view (issue #18) is ADMIN only.
var (
	adminOnly = []actorKind{admin}
	editors   = []actorKind{plannerPartner, admin}
	reviewers = []actorKind{reviewer, admin}
)

func matrix() []row {
	return append([]row{
		// ---- network (ADMIN)
		{"addLocation", `mutation($input: AddLocationInput!) { addLocation(input: $input) { position location { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"name": "Stralsund " + newKey()[:8], "country": "DE", "region": "Mecklenburg-Vorpommern"}
			}, adminOnly},
		{"updateLocation", `mutation($input: UpdateLocationInput!) { updateLocation(input: $input) { position location { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"locationId": w.location(t), "name": "Wismar (Hanseatic City)"}
			}, adminOnly},
		{"registerOrganisation", `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { position organisation { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"name": "Design Guild " + newKey()[:8], "role": "PARTNER", "locationId": w.karlshamn, "website": "www.example.org"}
			}, adminOnly},
		{"updateOrganisation", `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { position organisation { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"organisationId": w.organisation(t), "website": "www.creative-hub.example.org"}
			}, adminOnly},
		{"setContactPerson", `mutation($input: SetContactPersonInput!) { setContactPerson(input: $input) { position organisation { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"organisationId": w.organisation(t), "name": "Max Mustermann", "email": "max@example.org", "phone": "+49 381 000000"}
			}, adminOnly},
		{"eraseContactPerson", `mutation($input: EraseContactPersonInput!) { eraseContactPerson(input: $input) { position organisation { id } } }`,
			func(t *testing.T, w *world) input {
				org := w.organisation(t)
				w.contactPerson(t, org)
				return input{"organisationId": org}
			}, adminOnly},

		// ---- strategy content (PLANNER of a partner, ADMIN)
		{"createStrategy", `mutation($input: CreateStrategyInput!) { createStrategy(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input { return w.strategyInput() }, editors},
		{"updateStrategy", `mutation($input: UpdateStrategyInput!) { updateStrategy(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"strategyId": w.strategy(t), "title": "Creative Rostock, second draft"}
			}, editors},
		{"addStrategyLocation", `mutation($input: StrategyLocationInput!) { addStrategyLocation(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"strategyId": w.strategy(t), "locationId": w.karlshamn}
			}, editors},
		{"removeStrategyLocation", `mutation($input: StrategyLocationInput!) { removeStrategyLocation(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				w.strategyStep(t, "addStrategyLocation", "StrategyLocationInput", input{"strategyId": id, "locationId": w.karlshamn})
				return input{"strategyId": id, "locationId": w.karlshamn}
			}, editors},
		{"addStrategyPartner", `mutation($input: StrategyPartnerInput!) { addStrategyPartner(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"strategyId": w.strategy(t), "organisationId": w.extraOrg, "role": "ASSOCIATED"}
			}, editors},
		{"removeStrategyPartner", `mutation($input: StrategyPartnerInput!) { removeStrategyPartner(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				w.strategyStep(t, "addStrategyPartner", "StrategyPartnerInput", input{"strategyId": id, "organisationId": w.extraOrg})
				return input{"strategyId": id, "organisationId": w.extraOrg}
			}, editors},
		{"addSection", `mutation($input: AddSectionInput!) { addSection(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"strategyId": w.strategy(t), "heading": "Implementation system", "body": "Who steers what."}
			}, editors},
		{"updateSection", `mutation($input: UpdateSectionInput!) { updateSection(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "sectionId": w.section(t, id), "body": "Where we stand, revised."}
			}, editors},
		{"addPriority", `mutation($input: AddPriorityInput!) { addPriority(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"strategyId": w.strategy(t), "title": "Joint promotion"}
			}, editors},
		{"updatePriority", `mutation($input: UpdatePriorityInput!) { updatePriority(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "priorityId": w.priority(t, id), "description": "Meet regularly."}
			}, editors},
		{"addObjective", `mutation($input: AddObjectiveInput!) { addObjective(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "priorityId": w.priority(t, id), "title": "A shared platform"}
			}, editors},
		{"updateObjective", `mutation($input: UpdateObjectiveInput!) { updateObjective(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "objectiveId": w.objective(t, id), "title": "An annual forum in a different city"}
			}, editors},
		{"addMeasure", `mutation($input: AddMeasureInput!) { addMeasure(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "objectiveId": w.objective(t, id), "title": "Forum 2027", "leadPartnerId": w.partnerOrg,
					"locationIds": []string{w.rostock}, "startYear": 2027, "endYear": 2027}
			}, editors},
		{"updateMeasure", `mutation($input: UpdateMeasureInput!) { updateMeasure(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "measureId": w.measure(t, id), "endYear": 2031}
			}, editors},
		{"setMeasureStatus", `mutation($input: SetMeasureStatusInput!) { setMeasureStatus(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "measureId": w.measure(t, id), "status": "IN_PROGRESS"}
			}, editors},
		{"addMilestone", `mutation($input: AddMilestoneInput!) { addMilestone(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "measureId": w.measure(t, id), "title": "Venue booked", "due": "2027-05-31"}
			}, editors},
		{"updateMilestone", `mutation($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "milestoneId": w.milestone(t, id), "due": "2027-11-15"}
			}, editors},
		{"setMilestoneDone", `mutation($input: SetMilestoneDoneInput!) { setMilestoneDone(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "milestoneId": w.milestone(t, id), "done": true}
			}, editors},
		{"addIndicator", `mutation($input: AddIndicatorInput!) { addIndicator(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "objectiveId": w.objective(t, id), "name": "Consultations", "unit": "consultations",
					"baseline": 5, "baselineYear": 2026, "targets": []input{{"year": 2031, "value": 60}}}
			}, editors},
		{"updateIndicator", `mutation($input: UpdateIndicatorInput!) { updateIndicator(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "indicatorId": w.indicator(t, id), "baseline": 12.5}
			}, editors},
		{"setIndicatorTargets", `mutation($input: SetIndicatorTargetsInput!) { setIndicatorTargets(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "indicatorId": w.indicator(t, id), "targets": []input{{"year": 2027, "value": 80}, {"year": 2036, "value": 250}}}
			}, editors},
		{"recordIndicatorActual", `mutation($input: RecordIndicatorActualInput!) { recordIndicatorActual(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "indicatorId": w.indicator(t, id), "year": 2027, "value": 92}
			}, editors},
		{"moveItem", `mutation($input: MoveItemInput!) { moveItem(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				first := w.section(t, id)
				return input{"strategyId": id, "itemId": w.section(t, id), "beforeItemId": first}
			}, editors},
		{"removeItem", `mutation($input: RemoveItemInput!) { removeItem(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				return input{"strategyId": id, "itemId": w.section(t, id)}
			}, editors},

		// ---- strategy workflow and history
		{"submitStrategyForReview", `mutation($input: StrategyWorkflowInput!) { submitStrategyForReview(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input { return input{"strategyId": w.strategy(t)} }, editors},
		{"reviewStrategy", `mutation($input: ReviewStrategyInput!) { reviewStrategy(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id, content := w.submitted(t)
				return input{"strategyId": id, "contentRevision": content, "decision": "APPROVED", "comment": "Sound."}
			}, reviewers},
		{"adoptStrategy", `mutation($input: StrategyWorkflowInput!) { adoptStrategy(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input { return input{"strategyId": w.approved(t)} }, editors},
		{"reopenStrategy", `mutation($input: StrategyWorkflowInput!) { reopenStrategy(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input { return input{"strategyId": w.adopted(t)} }, editors},
		{"archiveStrategy", `mutation($input: StrategyWorkflowInput!) { archiveStrategy(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input { return input{"strategyId": w.strategy(t)} }, editors},
		{"restoreStrategyRevision", `mutation($input: RestoreRevisionInput!) { restoreStrategyRevision(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.strategy(t)
				w.strategyStep(t, "updateStrategy", "UpdateStrategyInput", input{"strategyId": id, "vision": "A different vision."})
				return input{"subjectId": id, "revision": 1}
			}, editors},
		{"nameStrategyVersion", `mutation($input: NameVersionInput!) { nameStrategyVersion(input: $input) { position strategy { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"subjectId": w.strategy(t), "revision": 1, "name": "council-draft", "note": "Sent to the council."}
			}, editors},

		// ---- the public view (ADMIN): publish an adopted strategy, withdraw it
		{"publishStrategy", `mutation($input: StrategyWorkflowInput!) { publishStrategy(input: $input) { position strategy { id publishedAt } } }`,
			func(t *testing.T, w *world) input { return input{"strategyId": w.adopted(t)} }, adminOnly},
		{"unpublishStrategy", `mutation($input: StrategyWorkflowInput!) { unpublishStrategy(input: $input) { position strategy { id publishedAt } } }`,
			func(t *testing.T, w *world) input {
				id := w.adopted(t)
				w.strategyStep(t, "publishStrategy", "StrategyWorkflowInput", input{"strategyId": id})
				return input{"strategyId": id}
			}, adminOnly},

		// ---- cooperation concepts (PLANNER of a partner, ADMIN)
		{"createCooperationConcept", `mutation($input: CreateCooperationConceptInput!) { createCooperationConcept(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input { return w.conceptInput() }, editors},
		{"updateCooperationConcept", `mutation($input: UpdateCooperationConceptInput!) { updateCooperationConcept(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"conceptId": w.concept(t), "summary": "Advice on working structures.", "targetGroups": []string{"SMEs", "Chambers"}}
			}, editors},
		{"addConceptPartner", `mutation($input: ConceptPartnerInput!) { addConceptPartner(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"conceptId": w.concept(t), "organisationId": w.extraOrg}
			}, editors},
		{"removeConceptPartner", `mutation($input: ConceptPartnerInput!) { removeConceptPartner(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.concept(t)
				w.conceptStep(t, "addConceptPartner", "ConceptPartnerInput", input{"conceptId": id, "organisationId": w.extraOrg})
				return input{"conceptId": id, "organisationId": w.extraOrg}
			}, editors},
		{"specifyCooperationConcept", `mutation($input: ConceptWorkflowInput!) { specifyCooperationConcept(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input { return input{"conceptId": w.concept(t)} }, editors},
		{"planPilot", `mutation($input: PlanPilotInput!) { planPilot(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"conceptId": w.specified(t), "locationId": w.karlshamn, "startDate": "2027-09-01", "participants": 8}
			}, editors},
		{"updatePilot", `mutation($input: UpdatePilotInput!) { updatePilot(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				concept, pilot := w.plannedPilot(t)
				return input{"conceptId": concept, "pilotId": pilot, "participants": 15}
			}, editors},
		{"startPilot", `mutation($input: PilotRefInput!) { startPilot(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				concept, pilot := w.plannedPilot(t)
				return input{"conceptId": concept, "pilotId": pilot}
			}, editors},
		{"completePilot", `mutation($input: CompletePilotInput!) { completePilot(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				concept, pilot := w.runningPilot(t)
				return input{"conceptId": concept, "pilotId": pilot, "outcome": "Seven companies changed their planning.", "lessons": "Short sessions.", "participants": 11}
			}, editors},
		{"cancelPilot", `mutation($input: PilotRefInput!) { cancelPilot(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				concept, pilot := w.plannedPilot(t)
				return input{"conceptId": concept, "pilotId": pilot}
			}, editors},
		{"evaluateCooperationConcept", `mutation($input: EvaluateConceptInput!) { evaluateCooperationConcept(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"conceptId": w.completedPilot(t), "recommendation": "ADOPT", "findings": "Companies asked for more."}
			}, editors},
		{"adoptCooperationConcept", `mutation($input: ConceptWorkflowInput!) { adoptCooperationConcept(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input { return input{"conceptId": w.evaluated(t)} }, editors},
		{"discontinueCooperationConcept", `mutation($input: ConceptWorkflowInput!) { discontinueCooperationConcept(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input { return input{"conceptId": w.concept(t)} }, editors},
		{"publishCooperationConcept", `mutation($input: ConceptWorkflowInput!) { publishCooperationConcept(input: $input) { position cooperationConcept { id publishedAt } } }`,
			func(t *testing.T, w *world) input { return input{"conceptId": w.adoptedConcept(t)} }, adminOnly},
		{"unpublishCooperationConcept", `mutation($input: ConceptWorkflowInput!) { unpublishCooperationConcept(input: $input) { position cooperationConcept { id publishedAt } } }`,
			func(t *testing.T, w *world) input {
				id := w.adoptedConcept(t)
				w.conceptStep(t, "publishCooperationConcept", "ConceptWorkflowInput", input{"conceptId": id})
				return input{"conceptId": id}
			}, adminOnly},
		{"restoreCooperationConceptRevision", `mutation($input: RestoreRevisionInput!) { restoreCooperationConceptRevision(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				id := w.concept(t)
				w.conceptStep(t, "updateCooperationConcept", "UpdateCooperationConceptInput", input{"conceptId": id, "title": "Creative consultancy, renamed"})
				return input{"subjectId": id, "revision": 1}
			}, editors},
		{"nameCooperationConceptVersion", `mutation($input: NameVersionInput!) { nameCooperationConceptVersion(input: $input) { position cooperationConcept { id } } }`,
			func(t *testing.T, w *world) input {
				return input{"subjectId": w.concept(t), "revision": 1, "name": "first-draft", "note": "As proposed."}
			}, editors},
	}, discussionRows()...)
}

// TestMutationAuthorizationMatrix runs every mutation as every kind of
// caller. Per row: the setup makes a subject in which the mutation would
// succeed; the denied actors go first, each alone (no other request may
// write meanwhile) and must be rejected (FORBIDDEN, or UNAUTHENTICATED
// with HTTP 401 without a valid token) with the events table unchanged;
// then the allowed actors must succeed, each after the first on a fresh
// subject of its own, since a success changes the state.
func TestMutationAuthorizationMatrix(t *testing.T) {
	w := newWorld(t)
	rows := matrix()
	checkEveryMutationHasARow(t, w, rows)

	got := &outcomes{cells: map[string]map[actorKind]string{}}
	t.Run("mutation", func(t *testing.T) {
		for _, r := range rows {
			t.Run(r.mutation, func(t *testing.T) {
				t.Parallel()
				r.run(t, w, got)
			})
		}
	})
	t.Log("observed outcomes (! marks a cell that differs from the rules):\n" + got.table(rows))
}

func (r row) run(t *testing.T, w *world, got *outcomes) {
	vars := map[string]any{"input": r.setup(t, w)}
	for _, k := range allActors {
		if !slices.Contains(r.allowed, k) {
			t.Run(k.String(), func(t *testing.T) { r.expectRejected(t, w, k, vars, got) })
		}
	}
	for i, k := range r.allowed {
		if i > 0 {
			vars = map[string]any{"input": r.setup(t, w)}
		}
		t.Run(k.String(), func(t *testing.T) { r.expectSuccess(t, w, k, vars, got) })
	}
}

func (r row) expectRejected(t *testing.T, w *world, k actorKind, vars map[string]any, got *outcomes) {
	resp, before, after := w.attempt(t, w.tokens[k], r.doc, vars)
	wantCode, wantStatus := "FORBIDDEN", http.StatusOK
	if k == noToken || k == revokedToken {
		wantCode, wantStatus = "UNAUTHENTICATED", http.StatusUnauthorized
	}
	outcome := got.record(r.mutation, k, resp, wantCode)
	if before != after {
		t.Errorf("rejected mutation changed the event log: %+v -> %+v", before, after)
	}
	if codes := resp.codes(); resp.Status != wantStatus || len(codes) != 1 || codes[0] != wantCode {
		t.Errorf("got %s, want HTTP %d with the one error code %s; body %s", outcome, wantStatus, wantCode, resp.Raw)
	}
	if payload := resp.Data[r.mutation]; !isNull(payload) {
		t.Errorf("rejected mutation returned a payload: %s", payload)
	}
	if wantCode == "UNAUTHENTICATED" {
		challenge := resp.Header.Get("WWW-Authenticate")
		if !strings.HasPrefix(challenge, "Bearer") {
			t.Errorf("401 without a Bearer challenge: WWW-Authenticate %q", challenge)
		}
		if invalid := strings.Contains(challenge, `error="invalid_token"`); invalid != (k == revokedToken) {
			t.Errorf("WWW-Authenticate %q: invalid_token is for a token that was sent and refused", challenge)
		}
		if resp.Data != nil {
			t.Errorf("unauthenticated request was executed: data %v", resp.Data)
		}
		return
	}
	// Executed: the mutation's field is there (null) and the error names it.
	if _, ok := resp.Data[r.mutation]; !ok {
		t.Errorf("response %s, want data {%q: null}", resp.Raw, r.mutation)
	}
	if len(resp.Errors) == 1 && fmt.Sprint(resp.Errors[0].Path) != fmt.Sprint([]any{r.mutation}) {
		t.Errorf("error path %v, want [%s]", resp.Errors[0].Path, r.mutation)
	}
}

func (r row) expectSuccess(t *testing.T, w *world, k actorKind, vars map[string]any, got *outcomes) {
	resp := w.write(t, w.tokens[k], r.doc, vars)
	outcome := got.record(r.mutation, k, resp, "")
	var payload struct{ Position string }
	if raw := resp.Data[r.mutation]; !isNull(raw) {
		if err := json.Unmarshal(raw, &payload); err != nil {
			t.Errorf("decode payload %s: %v", raw, err)
		}
	}
	if resp.Status != http.StatusOK || len(resp.Errors) > 0 || payload.Position == "" {
		t.Errorf("got %s, want success (no errors, a payload with its position); body %s", outcome, resp.Raw)
	}
}

// checkEveryMutationHasARow compares the table with the served schema's
// mutations, so that a new mutation cannot go untested.
func checkEveryMutationHasARow(t *testing.T, w *world, rows []row) {
	t.Helper()
	resp := w.post(t, w.tokens[viewer], `{ __schema { mutationType { fields { name } } } }`, nil)
	var data struct {
		Schema struct {
			MutationType struct{ Fields []struct{ Name string } }
		} `json:"__schema"`
	}
	resp.decodeData(t, &data)
	if len(resp.Errors) > 0 {
		t.Fatalf("introspection: %s", resp.Raw)
	}
	served := map[string]bool{}
	for _, f := range data.Schema.MutationType.Fields {
		served[f.Name] = true
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.mutation] {
			t.Errorf("two rows for %s", r.mutation)
		}
		seen[r.mutation] = true
		if !served[r.mutation] {
			t.Errorf("row %s: the schema serves no such mutation", r.mutation)
		}
		if !strings.Contains(r.doc, " "+r.mutation+"(input: $input)") {
			t.Errorf("row %s: its document runs another mutation: %s", r.mutation, r.doc)
		}
	}
	var missing []string
	for name := range served {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("mutations without a row in the matrix: %v", missing)
	}
}

// outcomes collects what each cell did, for the summary table.
type outcomes struct {
	mu    sync.Mutex
	cells map[string]map[actorKind]string
}

// record notes a cell's outcome ("ok", else the error codes, with the
// HTTP status unless 200) and marks it with "!" when it is not want
// ("" for success).
func (o *outcomes) record(mutation string, k actorKind, resp response, want string) string {
	outcome := "ok"
	if len(resp.Errors) > 0 || isNull(resp.Data[mutation]) {
		outcome = strings.Join(resp.codes(), ",")
		if resp.Status != http.StatusOK {
			outcome = fmt.Sprintf("%d %s", resp.Status, outcome)
		}
	}
	ok := outcome == "ok"
	if want != "" {
		ok = !ok && len(resp.Errors) == 1 && resp.Errors[0].code() == want
	}
	if !ok {
		outcome += "!"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.cells[mutation] == nil {
		o.cells[mutation] = map[actorKind]string{}
	}
	o.cells[mutation][k] = outcome
	return outcome
}

func (o *outcomes) table(rows []row) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "%-34s", "mutation")
	for _, k := range allActors {
		fmt.Fprintf(&b, " | %-19s", k)
	}
	b.WriteString("\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-34s", r.mutation)
		for _, k := range allActors {
			cell := o.cells[r.mutation][k]
			if cell == "" {
				cell = "-"
			}
			fmt.Fprintf(&b, " | %-19s", cell)
		}
		b.WriteString("\n")
	}
	return b.String()
}
