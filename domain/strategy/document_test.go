package strategy

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Each command changes exactly the paths the contract names.
func TestDocumentChangePaths(t *testing.T) {
	p, o, m := priorityEconomy.String(), objectiveJobs.String(), measureHub.String()
	measurePath := "/priorities/" + p + "/objectives/" + o + "/measures/" + m
	indicatorPath := "/priorities/" + p + "/objectives/" + o + "/indicators/" + indicatorJobs.String()
	tests := []struct {
		name    string
		cmd     domain.Command[*Strategy]
		changes []domain.Change
	}{
		{"title", UpdateStrategy{Title: domain.Some("T")}, []domain.Change{
			{Path: "/title", Kind: domain.Changed, Before: "Baltic Creative Coast 2035", After: "T"},
		}},
		{"section body", UpdateSection{SectionID: sectionDiagnosis, Body: domain.Some("New")}, []domain.Change{
			{Path: "/sections/" + sectionDiagnosis.String() + "/body", Kind: domain.Changed, Before: "Where we stand.", After: "New"},
		}},
		{"measure status", SetMeasureStatus{MeasureID: measureHub, Status: MeasureCompleted}, []domain.Change{
			{Path: measurePath + "/status", Kind: domain.Changed, Before: "PLANNED", After: "COMPLETED"},
		}},
		{"measure lead partner", UpdateMeasure{MeasureID: measureHub, LeadPartnerID: domain.Null[uuid.UUID]()}, []domain.Change{
			{Path: measurePath + "/leadPartnerId", Kind: domain.Changed, Before: orgDE.String(), After: nil},
		}},
		{"milestone done", SetMilestoneDone{MilestoneID: milestoneOpening, Done: true}, []domain.Change{
			{Path: measurePath + "/milestones/" + milestoneOpening.String() + "/done", Kind: domain.Changed, Before: false, After: true},
		}},
		{"actual", RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2027, Value: 110}, []domain.Change{
			{Path: indicatorPath + "/actuals/2027", Kind: domain.Added, After: map[string]any{"value": 110.0}},
		}},
		{"location", AddStrategyLocation{LocationID: locKalmar}, []domain.Change{
			{Path: "/locations/" + locKalmar.String(), Kind: domain.Added, After: map[string]any{}},
		}},
		{"partner role", AddStrategyPartner{OrganisationID: orgPL, Role: RoleAssociated}, []domain.Change{
			{Path: "/partners/" + orgPL.String() + "/role", Kind: domain.Changed, Before: "PARTNER", After: "ASSOCIATED"},
		}},
		{"submit", SubmitStrategyForReview{}, []domain.Change{
			{Path: "/status", Kind: domain.Changed, Before: "DRAFT", After: "IN_REVIEW"},
		}},
		{"move", MoveItem{ItemID: sectionMonitoring, BeforeItemID: new(sectionDiagnosis)}, []domain.Change{
			{Path: "/sections/" + sectionDiagnosis.String(), Kind: domain.Moved, Before: sectionMonitoring.String(), After: nil},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := givenPopulated()
			got := domain.Diff(s.Document(), then(s, mustDecide(t, s, tt.cmd)).Document())
			if !reflect.DeepEqual(normalized(t, got), normalized(t, tt.changes)) {
				t.Errorf("changes\n got %s\nwant %s", dump(got), dump(tt.changes))
			}
		})
	}
}

func TestDocumentStartYearMovesEndYear(t *testing.T) {
	s := given(created())
	got := domain.Diff(s.Document(), then(s, mustDecide(t, s, UpdateStrategy{StartYear: domain.Some(2030)})).Document())
	want := []domain.Change{
		{Path: "/endYear", Kind: domain.Changed, Before: 2035, After: 2039},
		{Path: "/startYear", Kind: domain.Changed, Before: 2026, After: 2030},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes\n got %s\nwant %s", dump(got), dump(want))
	}
}

// Every kind of field can be found at its contract path.
func TestDocumentLookup(t *testing.T) {
	s := givenPopulated(
		&IndicatorActualRecorded{Key: indicatorJobs, Year: 2027, Value: 110},
		&SubmittedForReview{},
		reviewed(reviewerLT, DecisionApproved, fixtureContentRevision),
		&VersionNamed{Name: "council-2026", Revision: 11, Note: "For the councils."},
	)
	review := s.Reviews[0].ID.String()
	p, o := priorityEconomy.String(), objectiveJobs.String()
	measure := "/priorities/" + p + "/objectives/" + o + "/measures/" + measureHub.String()
	indicator := "/priorities/" + p + "/objectives/" + o + "/indicators/" + indicatorJobs.String()
	want := map[string]any{
		"/title":                                "Baltic Creative Coast 2035",
		"/vision":                               "Creative industries connect the port towns.",
		"/startYear":                            2026,
		"/endYear":                              2035,
		"/status":                               "IN_REVIEW",
		"/partners/" + orgDE.String() + "/role": "LEAD_PARTNER",
		"/sections/" + sectionMonitoring.String() + "/heading":          "Monitoring",
		"/sections/" + sectionDiagnosis.String() + "/body":              "Where we stand.",
		"/priorities/" + p + "/title":                                   "Creative economy",
		"/priorities/" + p + "/description":                             "Jobs and firms.",
		"/priorities/" + p + "/objectives/" + o + "/title":              "More creative jobs",
		"/priorities/" + p + "/objectives/" + o + "/description":        "",
		measure + "/title":                                              "Creative hub",
		measure + "/description":                                        "",
		measure + "/leadPartnerId":                                      orgDE.String(),
		measure + "/locationIds":                                        []any{locRostock.String()},
		measure + "/startYear":                                          2026,
		measure + "/endYear":                                            2028,
		measure + "/status":                                             "PLANNED",
		measure + "/milestones/" + milestoneOpening.String() + "/title": "Opening",
		measure + "/milestones/" + milestoneOpening.String() + "/due":   "2027-06-30",
		measure + "/milestones/" + milestoneOpening.String() + "/done":  false,
		indicator + "/name":                                             "Creative jobs",
		indicator + "/unit":                                             "jobs",
		indicator + "/baseline":                                         100.0,
		indicator + "/baselineYear":                                     2025,
		indicator + "/targets":                                          []any{map[string]any{"year": 2030, "value": 150.0}},
		indicator + "/actuals/2027/value":                               110.0,
		"/reviews/" + review + "/contentRevision":                       fixtureContentRevision,
		"/reviews/" + review + "/reviewerId":                            reviewerLT.ID.String(),
		"/reviews/" + review + "/decision":                              "APPROVED",
		"/reviews/" + review + "/comment":                               "",
		"/versions/council-2026/revision":                               11,
		"/versions/council-2026/note":                                   "For the councils.",
	}
	doc := s.Document()
	for path, value := range want {
		got, ok := doc.Lookup(path)
		if !ok || !domain.Equal(got, value) {
			t.Errorf("%s = %#v (found %v), want %#v", path, got, ok, value)
		}
	}
	for _, location := range []uuid.UUID{locRostock, locKlaipeda, locGdansk} {
		if _, ok := doc.Leaves()["/locations/"+location.String()]; !ok {
			t.Errorf("location %s is not a leaf", location)
		}
	}
}

// A document is JSON: the GraphQL layer serves change values as JSON.
func TestDocumentIsJSON(t *testing.T) {
	value := givenPopulated().Document().Value()
	if _, err := json.Marshal(value); err != nil {
		t.Fatal(err)
	}
	lists := []string{"locations", "partners", "sections", "priorities", "reviews", "versions"}
	for _, name := range lists {
		if _, ok := value[name].([]any); !ok {
			t.Errorf("list %s missing: %v", name, value[name])
		}
	}
}

// normalized renders changes as JSON values so that 1 and 1.0 compare equal.
func normalized(t *testing.T, changes []domain.Change) any {
	t.Helper()
	raw, err := json.Marshal(changes)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
