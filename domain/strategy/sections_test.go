package strategy

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestAddSection(t *testing.T) {
	chosen := uuid.MustParse("5ec00000-0000-4000-8000-0000000000aa")
	tests := []struct {
		name  string
		cmd   AddSection
		want  *SectionAdded
		order []uuid.UUID
	}{
		{
			name:  "appended with a made key",
			cmd:   AddSection{Heading: "Implementation", Body: "Who does what."},
			want:  &SectionAdded{Key: generated(1), Heading: "Implementation", Body: "Who does what."},
			order: []uuid.UUID{sectionDiagnosis, sectionMonitoring, generated(1)},
		},
		{
			name:  "inserted with the client's key",
			cmd:   AddSection{SectionID: &chosen, Heading: "Vision", BeforeSectionID: new(sectionDiagnosis)},
			want:  &SectionAdded{Key: chosen, Heading: "Vision", BeforeKey: new(sectionDiagnosis)},
			order: []uuid.UUID{chosen, sectionDiagnosis, sectionMonitoring},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := givenPopulated()
			events, err := when(t, s, tt.cmd)
			requireEvents(t, events, err, tt.want)

			after := then(s, events)
			if got := keysOf(after.Sections); !slices.Equal(got, tt.order) {
				t.Errorf("sections %v, want %v", got, tt.order)
			}
			if sec := after.Sections[len(after.Sections)-1]; tt.cmd.BeforeSectionID == nil && (sec.Heading != tt.cmd.Heading || sec.Body != tt.cmd.Body) {
				t.Errorf("section %+v", sec)
			}
		})
	}
}

func TestAddSectionRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  AddSection
		path string
	}{
		{"key of another section", AddSection{SectionID: new(sectionMonitoring), Heading: "X"}, "sectionId"},
		{"key of a measure", AddSection{SectionID: new(measureHub), Heading: "X"}, "sectionId"},
		{"nil key", AddSection{SectionID: new(uuid.Nil), Heading: "X"}, "sectionId"},
		{"blank heading", AddSection{Heading: " "}, "heading"},
		{"long heading", AddSection{Heading: strings.Repeat("h", domain.MaxNameLength+1)}, "heading"},
		{"long body", AddSection{Heading: "X", Body: strings.Repeat("b", domain.MaxBodyLength+1)}, "body"},
		{"before a priority", AddSection{Heading: "X", BeforeSectionID: new(priorityEconomy)}, "beforeSectionId"},
		{"before an unknown section", AddSection{Heading: "X", BeforeSectionID: new(uuid.New())}, "beforeSectionId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}

func TestAddSectionBodyMayBeLong(t *testing.T) {
	body := strings.Repeat("b", domain.MaxBodyLength)
	if _, err := when(t, givenPopulated(), AddSection{Heading: "Annex", Body: body}); err != nil {
		t.Fatal(err)
	}
}

func TestAddSectionToFullList(t *testing.T) {
	s := givenPopulated()
	for len(s.Sections) < domain.MaxListItems {
		s.Apply(&SectionAdded{Key: uuid.New(), Heading: "S"}, s.Revision+1)
	}
	_, err := when(t, s, AddSection{Heading: "One too many"})
	requireRule(t, err, ErrListFull)
}

func TestUpdateSection(t *testing.T) {
	tests := []struct {
		name          string
		cmd           UpdateSection
		want          *SectionUpdated
		heading, body string
	}{
		{"heading", UpdateSection{SectionID: sectionDiagnosis, Heading: domain.Some("Analysis")},
			&SectionUpdated{Key: sectionDiagnosis, Heading: new("Analysis")}, "Analysis", "Where we stand."},
		{"body", UpdateSection{SectionID: sectionDiagnosis, Body: domain.Some("Where we are.")},
			&SectionUpdated{Key: sectionDiagnosis, Body: new("Where we are.")}, "Diagnosis", "Where we are."},
		{"body cleared", UpdateSection{SectionID: sectionDiagnosis, Body: domain.Null[string]()},
			&SectionUpdated{Key: sectionDiagnosis, Body: new("")}, "Diagnosis", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := givenPopulated()
			events, err := when(t, s, tt.cmd)
			requireEvents(t, events, err, tt.want)

			sec := then(s, events).Sections[0]
			if sec.Heading != tt.heading || sec.Body != tt.body {
				t.Errorf("section %+v", sec)
			}
		})
	}
}

func TestUpdateSectionRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  UpdateSection
		path []string
	}{
		{"nothing to change", UpdateSection{SectionID: sectionDiagnosis}, nil},
		{"null heading", UpdateSection{SectionID: sectionDiagnosis, Heading: domain.Null[string]()}, []string{"heading"}},
		{"two-line heading", UpdateSection{SectionID: sectionDiagnosis, Heading: domain.Some("a\rb")}, []string{"heading"}},
		{"long body", UpdateSection{SectionID: sectionDiagnosis, Body: domain.Some(strings.Repeat("b", domain.MaxBodyLength+1))}, []string{"body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestUpdateUnknownItems(t *testing.T) {
	unknown := uuid.New()
	tests := []struct {
		cmd  domain.Command[*Strategy]
		what string
	}{
		{UpdateSection{SectionID: unknown, Heading: domain.Some("X")}, "section"},
		{UpdateSection{SectionID: priorityEconomy, Heading: domain.Some("X")}, "section"},
		{UpdatePriority{PriorityID: sectionDiagnosis, Title: domain.Some("X")}, "priority"},
		{AddObjective{PriorityID: unknown, Title: "X"}, "priority"},
		{UpdateObjective{ObjectiveID: priorityEconomy, Title: domain.Some("X")}, "objective"},
		{AddMeasure{ObjectiveID: priorityEconomy, Title: "X", StartYear: 2026, EndYear: 2026}, "objective"},
		{UpdateMeasure{MeasureID: objectiveJobs, Title: domain.Some("X")}, "measure"},
		{SetMeasureStatus{MeasureID: milestoneOpening, Status: MeasureCompleted}, "measure"},
		{AddMilestone{MeasureID: unknown, Title: "X", Due: "2027-01-01"}, "measure"},
		{UpdateMilestone{MilestoneID: measureHub, Title: domain.Some("X")}, "milestone"},
		{SetMilestoneDone{MilestoneID: unknown, Done: true}, "milestone"},
		{AddIndicator{ObjectiveID: unknown, Name: "X", Unit: "x", BaselineYear: 2025}, "objective"},
		{UpdateIndicator{IndicatorID: measureHub, Name: domain.Some("X")}, "indicator"},
		{SetIndicatorTargets{IndicatorID: unknown}, "indicator"},
		{RecordIndicatorActual{IndicatorID: unknown, Year: 2027, Value: 1}, "indicator"},
		{MoveItem{ItemID: unknown}, "item"},
		{RemoveItem{ItemID: unknown}, "item"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd.Describe().Action, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeNotFound)
			if want := tt.what + " not found"; err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
		})
	}
}
