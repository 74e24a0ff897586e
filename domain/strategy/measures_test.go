package strategy

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestAddMeasure(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, AddMeasure{
		ObjectiveID:   objectiveJobs,
		Title:         "Cross-border coaching",
		Description:   "Coaches visit firms.",
		LeadPartnerID: new(orgLT),
		LocationIDs:   []uuid.UUID{locKlaipeda, locGdansk},
		StartYear:     2027,
		EndYear:       2035,
	})
	requireEvents(t, events, err, &MeasureAdded{
		ObjectiveKey:  objectiveJobs,
		Key:           generated(1),
		Title:         "Cross-border coaching",
		Description:   "Coaches visit firms.",
		LeadPartnerID: new(orgLT),
		LocationIDs:   []uuid.UUID{locKlaipeda, locGdansk},
		StartYear:     2027,
		EndYear:       2035,
		Status:        MeasurePlanned,
	})

	measures := then(s, events).Priorities[0].Objectives[0].Measures
	want := Measure{Key: generated(1), Title: "Cross-border coaching", Description: "Coaches visit firms.",
		LeadPartnerID: new(orgLT), LocationIDs: []uuid.UUID{locKlaipeda, locGdansk},
		StartYear: 2027, EndYear: 2035, Status: MeasurePlanned}
	if len(measures) != 2 || !reflect.DeepEqual(measures[1], want) {
		t.Errorf("measures %+v", measures)
	}
}

func TestAddMeasureRejects(t *testing.T) {
	valid := func() AddMeasure {
		return AddMeasure{ObjectiveID: objectiveJobs, Title: "Coaching", StartYear: 2027, EndYear: 2029}
	}
	tests := []struct {
		name   string
		change func(*AddMeasure)
		path   []string
	}{
		{"key in use", func(c *AddMeasure) { c.MeasureID = new(milestoneOpening) }, []string{"measureId"}},
		{"blank title", func(c *AddMeasure) { c.Title = "" }, []string{"title"}},
		{"long description", func(c *AddMeasure) { c.Description = strings.Repeat("d", domain.MaxTextLength+1) }, []string{"description"}},
		{"lead not a partner", func(c *AddMeasure) { c.LeadPartnerID = new(orgSE) }, []string{"leadPartnerId"}},
		{"location not of the strategy", func(c *AddMeasure) { c.LocationIDs = []uuid.UUID{locKalmar} }, []string{"locationIds", "0"}},
		{"location twice", func(c *AddMeasure) { c.LocationIDs = []uuid.UUID{locRostock, locRostock} }, []string{"locationIds", "1"}},
		{"start before the period", func(c *AddMeasure) { c.StartYear = 2025 }, []string{"startYear"}},
		{"end after the period", func(c *AddMeasure) { c.EndYear = 2036 }, []string{"endYear"}},
		{"end before start", func(c *AddMeasure) { c.StartYear, c.EndYear = 2030, 2029 }, []string{"endYear"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := valid()
			tt.change(&cmd)
			_, err := when(t, givenPopulated(), cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestUpdateMeasure(t *testing.T) {
	tests := []struct {
		name  string
		cmd   UpdateMeasure
		want  []domain.Event
		check func(Measure) bool
	}{
		{
			name: "texts and years",
			cmd:  UpdateMeasure{MeasureID: measureHub, Title: domain.Some("Hub"), Description: domain.Null[string](), EndYear: domain.Some(2030)},
			want: []domain.Event{&MeasureUpdated{Key: measureHub, Title: new("Hub"), Description: new(""), EndYear: new(2030)}},
			check: func(m Measure) bool {
				return m.Title == "Hub" && m.Description == "" && m.StartYear == 2026 && m.EndYear == 2030
			},
		},
		{
			name:  "lead partner",
			cmd:   UpdateMeasure{MeasureID: measureHub, LeadPartnerID: domain.Some(orgPL)},
			want:  []domain.Event{&MeasureLeadPartnerChanged{Key: measureHub, LeadPartnerID: new(orgPL)}},
			check: func(m Measure) bool { return *m.LeadPartnerID == orgPL },
		},
		{
			name:  "lead partner cleared",
			cmd:   UpdateMeasure{MeasureID: measureHub, LeadPartnerID: domain.Null[uuid.UUID]()},
			want:  []domain.Event{&MeasureLeadPartnerChanged{Key: measureHub}},
			check: func(m Measure) bool { return m.LeadPartnerID == nil },
		},
		{
			name:  "locations",
			cmd:   UpdateMeasure{MeasureID: measureHub, LocationIDs: domain.Some([]uuid.UUID{locGdansk, locRostock})},
			want:  []domain.Event{&MeasureLocationsChanged{Key: measureHub, LocationIDs: []uuid.UUID{locGdansk, locRostock}}},
			check: func(m Measure) bool { return len(m.LocationIDs) == 2 && m.LocationIDs[0] == locGdansk },
		},
		{
			name:  "locations cleared",
			cmd:   UpdateMeasure{MeasureID: measureHub, LocationIDs: domain.Null[[]uuid.UUID]()},
			want:  []domain.Event{&MeasureLocationsChanged{Key: measureHub, LocationIDs: []uuid.UUID{}}},
			check: func(m Measure) bool { return len(m.LocationIDs) == 0 },
		},
		{
			name: "everything at once",
			cmd: UpdateMeasure{MeasureID: measureHub, StartYear: domain.Some(2029), EndYear: domain.Some(2031),
				LeadPartnerID: domain.Some(orgLT), LocationIDs: domain.Some([]uuid.UUID{locKlaipeda})},
			want: []domain.Event{
				&MeasureUpdated{Key: measureHub, StartYear: new(2029), EndYear: new(2031)},
				&MeasureLeadPartnerChanged{Key: measureHub, LeadPartnerID: new(orgLT)},
				&MeasureLocationsChanged{Key: measureHub, LocationIDs: []uuid.UUID{locKlaipeda}},
			},
			check: func(m Measure) bool { return m.StartYear == 2029 && m.EndYear == 2031 && *m.LeadPartnerID == orgLT },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := givenPopulated()
			events, err := when(t, s, tt.cmd)
			requireEvents(t, events, err, tt.want...)

			after := then(s, events)
			if m := after.Priorities[0].Objectives[0].Measures[0]; !tt.check(m) {
				t.Errorf("measure %+v", m)
			}
			if after.Revision != s.Revision+1 {
				t.Errorf("one command makes one revision: %d", after.Revision)
			}
		})
	}
}

func TestUpdateMeasureRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  UpdateMeasure
		path []string
	}{
		{"nothing to change", UpdateMeasure{MeasureID: measureHub}, nil},
		{"null title", UpdateMeasure{MeasureID: measureHub, Title: domain.Null[string]()}, []string{"title"}},
		{"lead not a partner", UpdateMeasure{MeasureID: measureHub, LeadPartnerID: domain.Some(orgSE)}, []string{"leadPartnerId"}},
		{"location not of the strategy", UpdateMeasure{MeasureID: measureHub, LocationIDs: domain.Some([]uuid.UUID{locRostock, locKalmar})}, []string{"locationIds", "1"}},
		{"null start year", UpdateMeasure{MeasureID: measureHub, StartYear: domain.Null[int]()}, []string{"startYear"}},
		{"null end year", UpdateMeasure{MeasureID: measureHub, EndYear: domain.Null[int]()}, []string{"endYear"}},
		// The hub runs 2026 to 2028.
		{"start after the current end", UpdateMeasure{MeasureID: measureHub, StartYear: domain.Some(2029)}, []string{"startYear"}},
		{"end before the current start", UpdateMeasure{MeasureID: measureFestival, EndYear: domain.Some(2026)}, []string{"endYear"}},
		{"end before the new start", UpdateMeasure{MeasureID: measureHub, StartYear: domain.Some(2030), EndYear: domain.Some(2029)}, []string{"endYear"}},
		{"end after the period", UpdateMeasure{MeasureID: measureHub, EndYear: domain.Some(2036)}, []string{"endYear"}},
		{"start before the period", UpdateMeasure{MeasureID: measureHub, StartYear: domain.Some(2020)}, []string{"startYear"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestSetMeasureStatus(t *testing.T) {
	for _, status := range MeasureStatuses {
		t.Run(string(status), func(t *testing.T) {
			s := givenPopulated()
			events, err := when(t, s, SetMeasureStatus{MeasureID: measureFestival, Status: status})
			requireEvents(t, events, err, &MeasureStatusChanged{Key: measureFestival, Status: status})
			if got := then(s, events).Priorities[1].Objectives[0].Measures[0].Status; got != status {
				t.Errorf("status %s", got)
			}
		})
	}
	t.Run("unknown status", func(t *testing.T) {
		_, err := when(t, givenPopulated(), SetMeasureStatus{MeasureID: measureFestival, Status: "DONE"})
		requireRefused(t, err, domain.CodeValidationFailed, "status")
	})
}

func TestAddMilestone(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, AddMilestone{MeasureID: measureHub, Title: "First residency", Due: "2028-03-01"})
	requireEvents(t, events, err, &MilestoneAdded{MeasureKey: measureHub, Key: generated(1), Title: "First residency", Due: "2028-03-01"})

	milestones := then(s, events).Priorities[0].Objectives[0].Measures[0].Milestones
	want := []Milestone{
		{Key: milestoneOpening, Title: "Opening", Due: "2027-06-30"},
		{Key: generated(1), Title: "First residency", Due: "2028-03-01"},
	}
	if !reflect.DeepEqual(milestones, want) {
		t.Errorf("milestones %+v", milestones)
	}
}

func TestAddMilestoneRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  AddMilestone
		path string
	}{
		{"key in use", AddMilestone{MeasureID: measureHub, MilestoneID: new(sectionDiagnosis), Title: "X", Due: "2027-01-01"}, "milestoneId"},
		{"blank title", AddMilestone{MeasureID: measureHub, Due: "2027-01-01"}, "title"},
		{"no date", AddMilestone{MeasureID: measureHub, Title: "X"}, "due"},
		{"month 13", AddMilestone{MeasureID: measureHub, Title: "X", Due: "2027-13-01"}, "due"},
		{"February 30", AddMilestone{MeasureID: measureHub, Title: "X", Due: "2027-02-30"}, "due"},
		{"one-digit month", AddMilestone{MeasureID: measureHub, Title: "X", Due: "2027-1-05"}, "due"},
		{"a timestamp", AddMilestone{MeasureID: measureHub, Title: "X", Due: "2027-01-05T00:00:00Z"}, "due"},
		{"year out of range", AddMilestone{MeasureID: measureHub, Title: "X", Due: "1999-12-31"}, "due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}

func TestUpdateMilestone(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, UpdateMilestone{MilestoneID: milestoneOpening, Title: domain.Some("Grand opening"), Due: domain.Some("2027-09-01")})
	requireEvents(t, events, err, &MilestoneUpdated{Key: milestoneOpening, Title: new("Grand opening"), Due: new("2027-09-01")})

	ms := then(s, events).Priorities[0].Objectives[0].Measures[0].Milestones[0]
	if ms.Title != "Grand opening" || ms.Due != "2027-09-01" || ms.Done {
		t.Errorf("milestone %+v", ms)
	}
}

func TestUpdateMilestoneRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  UpdateMilestone
		path []string
	}{
		{"nothing to change", UpdateMilestone{MilestoneID: milestoneOpening}, nil},
		{"null title", UpdateMilestone{MilestoneID: milestoneOpening, Title: domain.Null[string]()}, []string{"title"}},
		{"null due", UpdateMilestone{MilestoneID: milestoneOpening, Due: domain.Null[string]()}, []string{"due"}},
		{"bad due", UpdateMilestone{MilestoneID: milestoneOpening, Due: domain.Some("next spring")}, []string{"due"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestSetMilestoneDone(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, SetMilestoneDone{MilestoneID: milestoneOpening, Done: true})
	requireEvents(t, events, err, &MilestoneDoneChanged{Key: milestoneOpening, Done: true})
	s = then(s, events)
	if !s.Priorities[0].Objectives[0].Measures[0].Milestones[0].Done {
		t.Fatal("not done")
	}

	events, err = when(t, s, SetMilestoneDone{MilestoneID: milestoneOpening, Done: false})
	requireEvents(t, events, err, &MilestoneDoneChanged{Key: milestoneOpening, Done: false})
	if then(s, events).Priorities[0].Objectives[0].Measures[0].Milestones[0].Done {
		t.Fatal("still done")
	}
}
