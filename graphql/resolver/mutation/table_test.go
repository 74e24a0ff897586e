package mutation_test

import (
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// templateKeys are what a case's document may name: {{.S}} is the
// strategy, {{.C}} the concept, and so on.
type templateKeys struct {
	S, Section, Priority, Objective, Measure, Milestone, Indicator string
	C, Pilot                                                       string
	LocDE, LocLT, OrgA, OrgB                                       string
}

type mutationCase struct {
	name string
	as   func(f *resolvertest.Fixture) *domain.Actor
	// setup runs first, as the same actor, and must succeed.
	setup string
	doc   string
	// want maps data paths to values (JSON-decoded: numbers are float64).
	want map[string]any
	// code is errors[0].extensions.code, "" when the mutation must succeed.
	code string
	// fields are the VALIDATION_FAILED paths, in order.
	fields []string
	// events is how many events doc appends.
	events int
}

func admin(f *resolvertest.Fixture) *domain.Actor      { return &f.Admin }
func plannerA(f *resolvertest.Fixture) *domain.Actor   { return &f.PlannerA }
func viewerRole(f *resolvertest.Fixture) *domain.Actor { return &f.Viewer }
func anonymous(*resolvertest.Fixture) *domain.Actor    { return nil }

// TestMutations runs representative mutations of every aggregate through
// the parsed schema, each on a fresh database: the payload shows the
// result at once, explicit null clears while an omitted field stays, and a
// rejected mutation appends nothing.
func TestMutations(t *testing.T) {
	t.Parallel()
	cases := []mutationCase{
		// ------------------------------------------------------------ network
		{name: "addLocation", as: admin,
			doc:  `addLocation(input: {name: "Karlshamn", country: "SE", region: "Blekinge", clientMutationId: "m1"}) { clientMutationId replayed location { name country region } }`,
			want: map[string]any{"clientMutationId": "m1", "replayed": false, "location.name": "Karlshamn", "location.country": "SE", "location.region": "Blekinge"}, events: 1},
		{name: "updateLocation null region clears it, omitted name stays", as: admin,
			doc:  `updateLocation(input: {locationId: "{{.LocDE}}", region: null}) { location { name region } }`,
			want: map[string]any{"location.name": "Rostock", "location.region": nil}, events: 1},
		{name: "updateLocation null on a required field", as: admin,
			doc:  `updateLocation(input: {locationId: "{{.LocDE}}", name: null}) { location { name } }`,
			code: "VALIDATION_FAILED", fields: []string{"input.name"}},
		{name: "registerOrganisation", as: admin,
			doc:  `registerOrganisation(input: {name: "Kreativum", role: ASSOCIATED, locationId: "{{.LocLT}}", website: "https://kreativum.example"}) { organisation { name role website address location { country } contact { name } revision } }`,
			want: map[string]any{"organisation.name": "Kreativum", "organisation.role": "ASSOCIATED", "organisation.website": "https://kreativum.example", "organisation.address": nil, "organisation.location.country": "LT", "organisation.contact": nil, "organisation.revision": 1.0}, events: 1},
		{name: "updateOrganisation keeps omitted fields", as: admin,
			doc:  `updateOrganisation(input: {organisationId: "{{.OrgA}}", expectedRevision: 1, address: "Harbour 1"}) { merged organisation { name role address revision } }`,
			want: map[string]any{"merged": false, "organisation.name": "Media Dizajn", "organisation.role": "LEAD_PARTNER", "organisation.address": "Harbour 1", "organisation.revision": 2.0}, events: 1},
		{name: "updateOrganisation null role", as: admin,
			doc:  `updateOrganisation(input: {organisationId: "{{.OrgA}}", role: null}) { organisation { role } }`,
			code: "VALIDATION_FAILED", fields: []string{"input.role"}},
		{name: "setContactPerson", as: admin,
			doc:  `setContactPerson(input: {organisationId: "{{.OrgB}}", name: "Jonas", email: "jonas@example.org"}) { organisation { contact { name email phone erased } } }`,
			want: map[string]any{"organisation.contact.name": "Jonas", "organisation.contact.email": "jonas@example.org", "organisation.contact.phone": nil, "organisation.contact.erased": false}, events: 1},
		{name: "eraseContactPerson", as: admin,
			setup: `setContactPerson(input: {organisationId: "{{.OrgB}}", name: "Jonas", phone: "+370 1"}) { position }`,
			doc:   `eraseContactPerson(input: {organisationId: "{{.OrgB}}"}) { organisation { contact { name email phone erased } } }`,
			want:  map[string]any{"organisation.contact.name": nil, "organisation.contact.phone": nil, "organisation.contact.erased": true}, events: 1},
		{name: "network is for admins", as: plannerA,
			doc:  `addLocation(input: {name: "Elbląg", country: "PL"}) { location { name } }`,
			code: "FORBIDDEN"},

		// ------------------------------------------------------------ strategy content
		{name: "createStrategy", as: plannerA,
			doc: `createStrategy(input: {title: "Second", startYear: 2030, locationIds: ["{{.LocLT}}"], partnerIds: ["{{.OrgA}}"]}) { strategy { title vision startYear endYear status revision contentRevision locations { name } partnerships { role organisation { name } } sections { key } createdBy { name role } updatedBy { name } viewerCanEdit } }`,
			want: map[string]any{"strategy.title": "Second", "strategy.vision": "", "strategy.endYear": 2039.0, "strategy.status": "DRAFT", "strategy.revision": 1.0,
				"strategy.contentRevision": 1.0, "strategy.locations.0.name": "Rietavas", "strategy.partnerships.0.role": "PARTNER",
				"strategy.partnerships.0.organisation.name": "Media Dizajn", "strategy.createdBy.name": "Paula Planner", "strategy.createdBy.role": "PLANNER",
				"strategy.updatedBy.name": "Paula Planner", "strategy.viewerCanEdit": true}, events: 1},
		{name: "createStrategy with an unknown location", as: plannerA,
			doc:  `createStrategy(input: {title: "X", startYear: 2030, locationIds: ["{{.OrgA}}"], partnerIds: ["{{.OrgA}}"]}) { strategy { id } }`,
			code: "VALIDATION_FAILED", fields: []string{"input.locationIds.0"}},
		{name: "updateStrategy null vision clears it, omitted title stays", as: plannerA,
			doc:  `updateStrategy(input: {strategyId: "{{.S}}", vision: null}) { strategy { title vision revision } }`,
			want: map[string]any{"strategy.title": "Creative South Baltic", "strategy.vision": "", "strategy.revision": 8.0}, events: 1},
		{name: "updateStrategy null title", as: plannerA,
			doc:  `updateStrategy(input: {strategyId: "{{.S}}", title: null}) { strategy { title } }`,
			code: "VALIDATION_FAILED", fields: []string{"input.title"}},
		{name: "addSection before another", as: plannerA,
			doc:  `addSection(input: {strategyId: "{{.S}}", heading: "Vision", beforeSectionId: "{{.Section}}"}) { strategy { sections { heading body } } }`,
			want: map[string]any{"strategy.sections.0.heading": "Vision", "strategy.sections.0.body": "", "strategy.sections.1.heading": "Diagnosis"}, events: 1},
		{name: "updateSection null body empties it", as: plannerA,
			doc:  `updateSection(input: {strategyId: "{{.S}}", sectionId: "{{.Section}}", body: null}) { strategy { sections { key heading body } } }`,
			want: map[string]any{"strategy.sections.0.key": "{{.Section}}", "strategy.sections.0.heading": "Diagnosis", "strategy.sections.0.body": ""}, events: 1},
		{name: "updatePriority", as: plannerA,
			doc:  `updatePriority(input: {strategyId: "{{.S}}", priorityId: "{{.Priority}}", description: "Across borders"}) { strategy { priorities { title description } } }`,
			want: map[string]any{"strategy.priorities.0.title": "Exchange", "strategy.priorities.0.description": "Across borders"}, events: 1},
		{name: "updateObjective", as: plannerA,
			doc:  `updateObjective(input: {strategyId: "{{.S}}", objectiveId: "{{.Objective}}", title: "Annual forum"}) { strategy { priorities { objectives { title } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.title": "Annual forum"}, events: 1},
		{name: "updateMeasure null lead partner and locations", as: plannerA,
			doc: `updateMeasure(input: {strategyId: "{{.S}}", measureId: "{{.Measure}}", leadPartnerId: null, locationIds: null}) { strategy { priorities { objectives { measures { title leadPartner { name } locations { name } } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.measures.0.title": "Annual forum",
				"strategy.priorities.0.objectives.0.measures.0.leadPartner": nil, "strategy.priorities.0.objectives.0.measures.0.locations": []any{}}, events: 2},
		{name: "updateMeasure omitted lead partner and locations stay", as: plannerA,
			doc: `updateMeasure(input: {strategyId: "{{.S}}", measureId: "{{.Measure}}", endYear: 2031}) { strategy { priorities { objectives { measures { endYear leadPartner { name } locations { name } } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.measures.0.endYear": 2031.0,
				"strategy.priorities.0.objectives.0.measures.0.leadPartner.name": "Media Dizajn", "strategy.priorities.0.objectives.0.measures.0.locations.0.name": "Rostock"}, events: 1},
		{name: "updateMeasure new locations replace the list", as: plannerA,
			doc:  `updateMeasure(input: {strategyId: "{{.S}}", measureId: "{{.Measure}}", locationIds: ["{{.LocLT}}", "{{.LocDE}}"]}) { strategy { priorities { objectives { measures { locations { name } } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.measures.0.locations.0.name": "Rietavas", "strategy.priorities.0.objectives.0.measures.0.locations.1.name": "Rostock"}, events: 1},
		{name: "setMeasureStatus", as: plannerA,
			doc:  `setMeasureStatus(input: {strategyId: "{{.S}}", measureId: "{{.Measure}}", status: IN_PROGRESS}) { strategy { priorities { objectives { measures { status } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.measures.0.status": "IN_PROGRESS"}, events: 1},
		{name: "addMilestone with a bad date", as: plannerA,
			doc:  `addMilestone(input: {strategyId: "{{.S}}", measureId: "{{.Measure}}", title: "Later", due: "2027-13-45"}) { position }`,
			code: "VALIDATION_FAILED", fields: []string{"input.due"}},
		{name: "updateMilestone and its due date", as: plannerA,
			doc:  `updateMilestone(input: {strategyId: "{{.S}}", milestoneId: "{{.Milestone}}", due: "2028-01-31"}) { strategy { priorities { objectives { measures { milestones { title due done } } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.measures.0.milestones.0.due": "2028-01-31", "strategy.priorities.0.objectives.0.measures.0.milestones.0.title": "First forum"}, events: 1},
		{name: "setMilestoneDone", as: plannerA,
			doc:  `setMilestoneDone(input: {strategyId: "{{.S}}", milestoneId: "{{.Milestone}}", done: true}) { strategy { priorities { objectives { measures { milestones { done } } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.measures.0.milestones.0.done": true}, events: 1},
		{name: "updateIndicator null baseline", as: plannerA,
			doc:  `updateIndicator(input: {strategyId: "{{.S}}", indicatorId: "{{.Indicator}}", baseline: null}) { position }`,
			code: "VALIDATION_FAILED", fields: []string{"input.baseline"}},
		{name: "setIndicatorTargets and recordIndicatorActual", as: plannerA,
			setup: `setIndicatorTargets(input: {strategyId: "{{.S}}", indicatorId: "{{.Indicator}}", targets: [{year: 2028, value: 100}, {year: 2027, value: 50}]}) { position }`,
			doc:   `recordIndicatorActual(input: {strategyId: "{{.S}}", indicatorId: "{{.Indicator}}", year: 2027, value: 60.5}) { strategy { priorities { objectives { indicators { targets { year value } actuals { year value } onTrack } } } } }`,
			want: map[string]any{"strategy.priorities.0.objectives.0.indicators.0.targets.0.year": 2027.0, "strategy.priorities.0.objectives.0.indicators.0.targets.1.value": 100.0,
				"strategy.priorities.0.objectives.0.indicators.0.actuals.0.value": 60.5, "strategy.priorities.0.objectives.0.indicators.0.onTrack": true}, events: 1},
		{name: "moveItem to the end", as: plannerA,
			setup: `addPriority(input: {strategyId: "{{.S}}", title: "Promotion"}) { position }`,
			doc:   `moveItem(input: {strategyId: "{{.S}}", itemId: "{{.Priority}}"}) { strategy { priorities { title } } }`,
			want:  map[string]any{"strategy.priorities.0.title": "Promotion", "strategy.priorities.1.title": "Exchange"}, events: 1},
		{name: "removeItem removes what it contains", as: plannerA,
			doc:  `removeItem(input: {strategyId: "{{.S}}", itemId: "{{.Priority}}"}) { strategy { priorities { key } } }`,
			want: map[string]any{"strategy.priorities": []any{}}, events: 1},
		{name: "removeStrategyLocation", as: plannerA,
			doc:  `removeStrategyLocation(input: {strategyId: "{{.S}}", locationId: "{{.LocLT}}"}) { strategy { locations { name } } }`,
			want: map[string]any{"strategy.locations": []any{map[string]any{"name": "Rostock"}}}, events: 1},
		{name: "removeStrategyLocation in use by a measure", as: plannerA,
			doc:  `removeStrategyLocation(input: {strategyId: "{{.S}}", locationId: "{{.LocDE}}"}) { position }`,
			code: "INVALID_STATE"},
		{name: "addStrategyPartner changes a partner's role", as: plannerA,
			doc:  `addStrategyPartner(input: {strategyId: "{{.S}}", organisationId: "{{.OrgB}}", role: LEAD_PARTNER}) { strategy { partnerships { role organisation { name } } partners { name } } }`,
			want: map[string]any{"strategy.partnerships.1.role": "LEAD_PARTNER", "strategy.partners.1.name": "Rietavas TIC"}, events: 1},
		{name: "removeStrategyPartner", as: plannerA,
			doc:  `removeStrategyPartner(input: {strategyId: "{{.S}}", organisationId: "{{.OrgB}}"}) { strategy { partners { name } } }`,
			want: map[string]any{"strategy.partners": []any{map[string]any{"name": "Media Dizajn"}}}, events: 1},

		// ------------------------------------------------------------ strategy workflow and history
		{name: "submitStrategyForReview", as: plannerA,
			doc:  `submitStrategyForReview(input: {strategyId: "{{.S}}", expectedRevision: 7}) { strategy { status revision contentRevision viewerCanEdit viewerCanAdopt } }`,
			want: map[string]any{"strategy.status": "IN_REVIEW", "strategy.revision": 8.0, "strategy.contentRevision": 7.0, "strategy.viewerCanEdit": true, "strategy.viewerCanAdopt": true}, events: 1},
		{name: "workflow needs the exact revision", as: plannerA,
			doc:  `submitStrategyForReview(input: {strategyId: "{{.S}}", expectedRevision: 6}) { position }`,
			code: "REVISION_CONFLICT"},
		{name: "nameStrategyVersion", as: plannerA,
			doc:  `nameStrategyVersion(input: {subjectId: "{{.S}}", revision: 2, name: "first draft", note: "for the council"}) { strategy { versions { name revision note createdBy { name } } lastAdopted { name } } }`,
			want: map[string]any{"strategy.versions.0.name": "first draft", "strategy.versions.0.revision": 2.0, "strategy.versions.0.note": "for the council", "strategy.versions.0.createdBy.name": "Paula Planner", "strategy.lastAdopted": nil}, events: 1},
		{name: "nameStrategyVersion of a concept", as: plannerA,
			doc:  `nameStrategyVersion(input: {subjectId: "{{.C}}", revision: 1, name: "x"}) { position }`,
			code: "NOT_FOUND"},
		{name: "restoreStrategyRevision", as: plannerA,
			doc:  `restoreStrategyRevision(input: {subjectId: "{{.S}}", revision: 1}) { strategy { revision sections { key } priorities { key } snapshot(at: {number: 7}) { id sections { heading } } } }`,
			want: map[string]any{"strategy.revision": 8.0, "strategy.sections": []any{}, "strategy.priorities": []any{}, "strategy.snapshot.sections.0.heading": "Diagnosis"}, events: 1},
		{name: "restoreStrategyRevision of an organisation", as: admin,
			doc:  `restoreStrategyRevision(input: {subjectId: "{{.OrgA}}", revision: 1}) { position }`,
			code: "NOT_FOUND"},
		{name: "updateStrategy with a concept's id", as: plannerA,
			doc:  `updateStrategy(input: {strategyId: "{{.C}}", title: "x"}) { position }`,
			code: "NOT_FOUND"},

		// ------------------------------------------------------------ cooperation concepts
		{name: "createCooperationConcept", as: plannerA,
			doc: `createCooperationConcept(input: {kind: LOCAL_PROCESS_SUPPORT, title: "Local support", partnerIds: ["{{.OrgA}}"], strategyId: "{{.S}}"}) { cooperationConcept { kind title summary targetGroups status revision partners { name } strategy { title } pilots { key } evaluation { findings } evaluations { findings } versions { name } createdBy { name } viewerCanEdit } }`,
			want: map[string]any{"cooperationConcept.kind": "LOCAL_PROCESS_SUPPORT", "cooperationConcept.summary": "", "cooperationConcept.targetGroups": []any{},
				"cooperationConcept.status": "DRAFT", "cooperationConcept.revision": 1.0, "cooperationConcept.partners.0.name": "Media Dizajn",
				"cooperationConcept.strategy.title": "Creative South Baltic", "cooperationConcept.pilots": []any{}, "cooperationConcept.evaluation": nil,
				"cooperationConcept.createdBy.name": "Paula Planner", "cooperationConcept.viewerCanEdit": true}, events: 1},
		{name: "updateCooperationConcept null clears, omitted stays", as: plannerA,
			doc:  `updateCooperationConcept(input: {conceptId: "{{.C}}", targetGroups: null, strategyId: null}) { cooperationConcept { title summary targetGroups strategy { id } } }`,
			want: map[string]any{"cooperationConcept.title": "Creative consultancy", "cooperationConcept.summary": "Advice", "cooperationConcept.targetGroups": []any{}, "cooperationConcept.strategy": nil}, events: 1},
		{name: "updateCooperationConcept null title", as: plannerA,
			doc:  `updateCooperationConcept(input: {conceptId: "{{.C}}", title: null}) { position }`,
			code: "VALIDATION_FAILED", fields: []string{"input.title"}},
		{name: "removeConceptPartner", as: plannerA,
			doc:  `removeConceptPartner(input: {conceptId: "{{.C}}", organisationId: "{{.OrgB}}"}) { cooperationConcept { partners { name } } }`,
			want: map[string]any{"cooperationConcept.partners": []any{map[string]any{"name": "Media Dizajn"}}}, events: 1},
		{name: "updatePilot null end date clears it", as: plannerA,
			doc: `updatePilot(input: {conceptId: "{{.C}}", pilotId: "{{.Pilot}}", endDate: null, participants: 15}) { cooperationConcept { pilots { key startDate endDate participants status location { name } } } }`,
			want: map[string]any{"cooperationConcept.pilots.0.key": "{{.Pilot}}", "cooperationConcept.pilots.0.startDate": "2027-02-01", "cooperationConcept.pilots.0.endDate": nil,
				"cooperationConcept.pilots.0.participants": 15.0, "cooperationConcept.pilots.0.status": "PLANNED", "cooperationConcept.pilots.0.location.name": "Rostock"}, events: 1},
		{name: "updatePilot null start date", as: plannerA,
			doc:  `updatePilot(input: {conceptId: "{{.C}}", pilotId: "{{.Pilot}}", startDate: null}) { position }`,
			code: "VALIDATION_FAILED", fields: []string{"input.startDate"}},
		{name: "startPilot makes the concept PILOTING", as: plannerA,
			doc:  `startPilot(input: {conceptId: "{{.C}}", pilotId: "{{.Pilot}}"}) { cooperationConcept { status pilots { status } } }`,
			want: map[string]any{"cooperationConcept.status": "PILOTING", "cooperationConcept.pilots.0.status": "RUNNING"}, events: 1},
		{name: "cancelPilot", as: plannerA,
			doc:  `cancelPilot(input: {conceptId: "{{.C}}", pilotId: "{{.Pilot}}"}) { cooperationConcept { pilots { status } } }`,
			want: map[string]any{"cooperationConcept.pilots.0.status": "CANCELLED"}, events: 1},
		{name: "evaluate without a completed pilot", as: plannerA,
			doc:  `evaluateCooperationConcept(input: {conceptId: "{{.C}}", recommendation: ADOPT, findings: "Good"}) { position }`,
			code: "INVALID_STATE"},
		{name: "discontinueCooperationConcept", as: plannerA,
			doc:  `discontinueCooperationConcept(input: {conceptId: "{{.C}}", reason: "no funding"}) { cooperationConcept { status viewerCanEdit } }`,
			want: map[string]any{"cooperationConcept.status": "DISCONTINUED", "cooperationConcept.viewerCanEdit": true}, events: 1},
		{name: "nameCooperationConceptVersion", as: plannerA,
			doc:  `nameCooperationConceptVersion(input: {subjectId: "{{.C}}", revision: 1, name: "draft"}) { cooperationConcept { versions { name revision } snapshot(at: {versionName: "draft"}) { id status pilots { key } cooperationConcept { status } } } }`,
			want: map[string]any{"cooperationConcept.versions.0.name": "draft", "cooperationConcept.snapshot.status": "DRAFT", "cooperationConcept.snapshot.pilots": []any{}, "cooperationConcept.snapshot.cooperationConcept.status": "SPECIFIED"}, events: 1},
		{name: "restoreCooperationConceptRevision of a strategy", as: plannerA,
			doc:  `restoreCooperationConceptRevision(input: {subjectId: "{{.S}}", revision: 1}) { position }`,
			code: "NOT_FOUND"},

		// ------------------------------------------------------------ who may
		{name: "a VIEWER may not edit", as: viewerRole,
			doc:  `updateStrategy(input: {strategyId: "{{.S}}", title: "Mine"}) { position }`,
			code: "FORBIDDEN"},
		{name: "a planner of another organisation may not edit", as: func(f *resolvertest.Fixture) *domain.Actor {
			other := f.PlannerB
			other.OrganisationID = f.LocDE // no organisation of the strategy
			return &other
		},
			doc:  `updateSection(input: {strategyId: "{{.S}}", sectionId: "{{.Section}}", heading: "Mine"}) { position }`,
			code: "FORBIDDEN"},
		{name: "anonymous callers are refused", as: anonymous,
			doc:  `updateStrategy(input: {strategyId: "{{.S}}", title: "Mine"}) { position }`,
			code: "UNAUTHENTICATED"},
		{name: "malformed ids name their fields", as: plannerA,
			doc:  `updateSection(input: {strategyId: "nope", sectionId: "{{.Section}}x", commandId: "again"}) { position }`,
			code: "VALIDATION_FAILED", fields: []string{"input.strategyId", "input.sectionId", "input.commandId"}},
		{name: "malformed ids in lists name their index", as: plannerA,
			doc:  `createStrategy(input: {title: "X", startYear: 2030, locationIds: ["{{.LocDE}}", "bad"], partnerIds: ["{{.OrgA}}"]}) { position }`,
			code: "VALIDATION_FAILED", fields: []string{"input.locationIds.1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := resolvertest.New(t)
			k := f.CreateStrategy()
			ck := f.CreateConcept(k.ID)
			keys := templateKeys{
				S: k.ID.String(), Section: k.Section.String(), Priority: k.Priority.String(), Objective: k.Objective.String(),
				Measure: k.Measure.String(), Milestone: k.Milestone.String(), Indicator: k.Indicator.String(),
				C: ck.ID.String(), Pilot: ck.Pilot.String(),
				LocDE: f.LocDE.String(), LocLT: f.LocLT.String(), OrgA: f.OrgA.String(), OrgB: f.OrgB.String(),
			}
			actor := c.as(f)
			if c.setup != "" {
				f.MustExec(*actor, "mutation { "+expand(t, c.setup, keys)+" }")
			}
			before := f.Events()
			res := f.Exec(actor, "mutation { m: "+expand(t, c.doc, keys)+" }")
			appended := f.Events() - before

			if c.code == "" {
				if len(res.Errors) > 0 {
					t.Fatalf("errors: %+v", res.Errors)
				}
				for path, want := range c.want {
					if s, ok := want.(string); ok {
						want = expand(t, s, keys)
					}
					if got := resolvertest.Get(res.Data, "m."+path); !equalJSON(got, want) {
						t.Errorf("%s = %#v, want %#v", path, got, want)
					}
				}
				if appended != c.events {
					t.Errorf("appended %d events, want %d", appended, c.events)
				}
				return
			}
			if res.Code(0) != c.code {
				t.Fatalf("code %q (%+v), want %s", res.Code(0), res.Errors, c.code)
			}
			if resolvertest.Get(res.Data, "m") != nil {
				t.Errorf("payload %v, want null", resolvertest.Get(res.Data, "m"))
			}
			if c.fields != nil && !slices.Equal(resolvertest.FieldPaths(res.Errors[0]), c.fields) {
				t.Errorf("fields %v, want %v", resolvertest.FieldPaths(res.Errors[0]), c.fields)
			}
			if appended != 0 {
				t.Errorf("a rejected mutation appended %d events", appended)
			}
		})
	}
}

func expand(t *testing.T, text string, keys templateKeys) string {
	t.Helper()
	var b strings.Builder
	if err := template.Must(template.New("doc").Parse(text)).Execute(&b, keys); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// equalJSON compares decoded JSON values.
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k := range a {
			if !equalJSON(a[k], b[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}
