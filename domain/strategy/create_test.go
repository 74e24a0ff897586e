package strategy

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func validCreate() CreateStrategy {
	return CreateStrategy{
		Title:       "Baltic Creative Coast 2035",
		Vision:      "Creative industries connect the port towns.",
		StartYear:   2026,
		LocationIDs: []uuid.UUID{locRostock, locKlaipeda},
		PartnerIDs:  []uuid.UUID{orgDE, orgLT},
	}
}

func TestCreateStrategy(t *testing.T) {
	events, err := when(t, &Strategy{}, validCreate())
	requireEvents(t, events, err, &Created{
		ID:           generated(1),
		Title:        "Baltic Creative Coast 2035",
		Vision:       "Creative industries connect the port towns.",
		StartYear:    2026,
		Locations:    []uuid.UUID{locRostock, locKlaipeda},
		Partnerships: []Partnership{{OrganisationID: orgDE, Role: RolePartner}, {OrganisationID: orgLT, Role: RolePartner}},
	})

	s := then(&Strategy{}, events)
	if s.ID != generated(1) || s.Status != StatusDraft || s.Revision != 1 || s.ContentRevision != 1 {
		t.Errorf("state %+v", s)
	}
	if s.EndYear() != 2035 {
		t.Errorf("endYear %d, want 2035", s.EndYear())
	}
}

func TestCreateStrategyOnExistingOne(t *testing.T) {
	_, err := when(t, givenPopulated(), validCreate())
	requireRule(t, err, ErrExists)
}

func TestCreateStrategyRejects(t *testing.T) {
	tooMany := make([]uuid.UUID, domain.MaxReferenceList+1)
	for i := range tooMany {
		tooMany[i] = uuid.New()
	}
	tests := []struct {
		name   string
		change func(*CreateStrategy)
		path   []string
	}{
		{"blank title", func(c *CreateStrategy) { c.Title = "  " }, []string{"title"}},
		{"long title", func(c *CreateStrategy) { c.Title = strings.Repeat("x", domain.MaxNameLength+1) }, []string{"title"}},
		{"two-line title", func(c *CreateStrategy) { c.Title = "a\nb" }, []string{"title"}},
		{"long vision", func(c *CreateStrategy) { c.Vision = strings.Repeat("x", domain.MaxTextLength+1) }, []string{"vision"}},
		{"start before 2000", func(c *CreateStrategy) { c.StartYear = 1999 }, []string{"startYear"}},
		{"period past 2100", func(c *CreateStrategy) { c.StartYear = 2092 }, []string{"startYear"}},
		{"no locations", func(c *CreateStrategy) { c.LocationIDs = nil }, []string{"locationIds"}},
		{"duplicate location", func(c *CreateStrategy) { c.LocationIDs = []uuid.UUID{locRostock, locRostock} }, []string{"locationIds", "1"}},
		{"nil location", func(c *CreateStrategy) { c.LocationIDs = []uuid.UUID{uuid.Nil} }, []string{"locationIds", "0"}},
		{"too many locations", func(c *CreateStrategy) { c.LocationIDs = tooMany }, []string{"locationIds"}},
		{"no partners", func(c *CreateStrategy) { c.PartnerIDs = []uuid.UUID{} }, []string{"partnerIds"}},
		{"duplicate partner", func(c *CreateStrategy) { c.PartnerIDs = []uuid.UUID{orgDE, orgLT, orgDE} }, []string{"partnerIds", "2"}},
		{"too many partners", func(c *CreateStrategy) { c.PartnerIDs = tooMany }, []string{"partnerIds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := validCreate()
			tt.change(&cmd)
			_, err := when(t, &Strategy{}, cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestCreateStrategyLastPossibleStartYear(t *testing.T) {
	cmd := validCreate()
	cmd.StartYear = domain.MaxYear - 9
	if _, err := when(t, &Strategy{}, cmd); err != nil {
		t.Fatal(err)
	}
}

func TestCreateStrategyReportsEveryInvalidField(t *testing.T) {
	_, err := when(t, &Strategy{}, CreateStrategy{})
	requireRefused(t, err, domain.CodeValidationFailed, "title")
	requireRefused(t, err, domain.CodeValidationFailed, "startYear")
	requireRefused(t, err, domain.CodeValidationFailed, "locationIds")
	requireRefused(t, err, domain.CodeValidationFailed, "partnerIds")
}

func TestUpdateStrategy(t *testing.T) {
	s := givenPopulated(&ItemRemoved{Key: measureHub}) // the festival runs 2027 to 2035
	events, err := when(t, s, UpdateStrategy{
		Title:     domain.Some("Baltic Creative Coast 2036"),
		Vision:    domain.Null[string](),
		StartYear: domain.Some(2027),
	})
	requireEvents(t, events, err, &Updated{Title: new("Baltic Creative Coast 2036"), Vision: new(""), StartYear: new(2027)})

	after := then(s, events)
	if after.Title != "Baltic Creative Coast 2036" || after.Vision != "" || after.StartYear != 2027 || after.EndYear() != 2036 {
		t.Errorf("state %+v", after.Content)
	}
	if after.ContentRevision != s.Revision+1 {
		t.Errorf("contentRevision %d, want %d", after.ContentRevision, s.Revision+1)
	}
}

func TestUpdateStrategyOnlyTheGivenFields(t *testing.T) {
	events, err := when(t, givenPopulated(), UpdateStrategy{Vision: domain.Some("Ports of culture.")})
	requireEvents(t, events, err, &Updated{Vision: new("Ports of culture.")})
}

func TestUpdateStrategyRejects(t *testing.T) {
	withIndicatorOnly := given(created(),
		&PriorityAdded{Key: priorityEconomy, Title: "Economy"},
		&ObjectiveAdded{PriorityKey: priorityEconomy, Key: objectiveJobs, Title: "Jobs"},
		&IndicatorAdded{ObjectiveKey: objectiveJobs, Key: indicatorJobs, Name: "Jobs", Unit: "jobs", Baseline: 1, BaselineYear: 2030},
	)
	withActual := given(created(),
		&PriorityAdded{Key: priorityEconomy, Title: "Economy"},
		&ObjectiveAdded{PriorityKey: priorityEconomy, Key: objectiveJobs, Title: "Jobs"},
		&IndicatorAdded{ObjectiveKey: objectiveJobs, Key: indicatorJobs, Name: "Jobs", Unit: "jobs", Baseline: 1, BaselineYear: 2020},
		&IndicatorActualRecorded{Key: indicatorJobs, Year: 2026, Value: 2},
	)
	tests := []struct {
		name  string
		state *Strategy
		cmd   UpdateStrategy
		path  []string
	}{
		{"nothing to change", givenPopulated(), UpdateStrategy{}, nil},
		{"null title", givenPopulated(), UpdateStrategy{Title: domain.Null[string]()}, []string{"title"}},
		{"blank title", givenPopulated(), UpdateStrategy{Title: domain.Some("")}, []string{"title"}},
		{"long vision", givenPopulated(), UpdateStrategy{Vision: domain.Some(strings.Repeat("v", domain.MaxTextLength+1))}, []string{"vision"}},
		{"null start year", givenPopulated(), UpdateStrategy{StartYear: domain.Null[int]()}, []string{"startYear"}},
		{"start year too late", givenPopulated(), UpdateStrategy{StartYear: domain.Some(2092)}, []string{"startYear"}},
		// The festival runs 2027 to 2035; the hub 2026 to 2028.
		{"measure would start before", givenPopulated(), UpdateStrategy{StartYear: domain.Some(2027)}, []string{"startYear"}},
		{"measure would end after", givenPopulated(), UpdateStrategy{StartYear: domain.Some(2025)}, []string{"startYear"}},
		{"baseline would be after the end", withIndicatorOnly, UpdateStrategy{StartYear: domain.Some(2020)}, []string{"startYear"}},
		{"actual would be outside", withActual, UpdateStrategy{StartYear: domain.Some(2027)}, []string{"startYear"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, tt.state, tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestUpdateStrategyMovesPeriodWhenEverythingFits(t *testing.T) {
	s := givenPopulated(&ItemRemoved{Key: measureFestival})
	events, err := when(t, s, UpdateStrategy{StartYear: domain.Some(2021)}) // 2021..2030 holds the hub and the 2030 target
	requireEvents(t, events, err, &Updated{StartYear: new(2021)})
}
