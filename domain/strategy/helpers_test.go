package strategy

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// The fixture: a strategy of three Baltic port towns, written by partners
// from Germany, Lithuania and Poland. Keys are fixed so that tests can name
// them; ids the commands make come from newIDs.

var (
	clock = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

	strategyID = uuid.MustParse("57000000-0000-4000-8000-000000000001")

	locRostock  = uuid.MustParse("10c00000-0000-4000-8000-000000000001")
	locKlaipeda = uuid.MustParse("10c00000-0000-4000-8000-000000000002")
	locGdansk   = uuid.MustParse("10c00000-0000-4000-8000-000000000003")
	locKalmar   = uuid.MustParse("10c00000-0000-4000-8000-000000000004") // not in the strategy

	orgDE = uuid.MustParse("0e900000-0000-4000-8000-000000000001")
	orgLT = uuid.MustParse("0e900000-0000-4000-8000-000000000002")
	orgPL = uuid.MustParse("0e900000-0000-4000-8000-000000000003")
	orgSE = uuid.MustParse("0e900000-0000-4000-8000-000000000004") // not a partner

	sectionDiagnosis  = uuid.MustParse("5ec00000-0000-4000-8000-000000000001")
	sectionMonitoring = uuid.MustParse("5ec00000-0000-4000-8000-000000000002")
	priorityEconomy   = uuid.MustParse("9c100000-0000-4000-8000-000000000001")
	priorityCulture   = uuid.MustParse("9c100000-0000-4000-8000-000000000002")
	objectiveJobs     = uuid.MustParse("0b100000-0000-4000-8000-000000000001")
	objectiveVisitors = uuid.MustParse("0b100000-0000-4000-8000-000000000002")
	measureHub        = uuid.MustParse("3ea00000-0000-4000-8000-000000000001")
	measureFestival   = uuid.MustParse("3ea00000-0000-4000-8000-000000000002")
	milestoneOpening  = uuid.MustParse("3110e000-0000-4000-8000-000000000001")
	indicatorJobs     = uuid.MustParse("1d100000-0000-4000-8000-000000000001")

	planner    = domain.Actor{ID: uuid.MustParse("ac700000-0000-4000-8000-000000000001"), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: orgDE, Country: "DE"}
	reviewerDE = domain.Actor{ID: uuid.MustParse("ac700000-0000-4000-8000-000000000002"), Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: orgDE, Country: "DE"}
	reviewerLT = domain.Actor{ID: uuid.MustParse("ac700000-0000-4000-8000-000000000003"), Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: orgLT, Country: "LT"}
	reviewerPL = domain.Actor{ID: uuid.MustParse("ac700000-0000-4000-8000-000000000004"), Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: orgPL, Country: "PL"}
	reviewerSE = domain.Actor{ID: uuid.MustParse("ac700000-0000-4000-8000-000000000005"), Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: orgSE, Country: "SE"}
	admin      = domain.Actor{ID: uuid.MustParse("ac700000-0000-4000-8000-000000000006"), Kind: domain.ActorPerson, Role: domain.RoleAdmin}
)

// generated returns the n-th id newIDs makes, from 1.
func generated(n int) uuid.UUID {
	return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%012d", n))
}

// newIDs returns a deterministic id source: generated(1), generated(2), ...
func newIDs() func() uuid.UUID {
	n := 0
	return func() uuid.UUID {
		n++
		return generated(n)
	}
}

func contextOf(actor domain.Actor) domain.Context {
	return domain.Context{Actor: actor, Now: clock, NewID: newIDs()}
}

// created is the fixture's first event.
func created() *Created {
	return &Created{
		ID:        strategyID,
		Title:     "Baltic Creative Coast 2035",
		Vision:    "Creative industries connect the port towns.",
		StartYear: 2026,
		Locations: []uuid.UUID{locRostock, locKlaipeda, locGdansk},
		Partnerships: []Partnership{
			{OrganisationID: orgDE, Role: RoleLeadPartner},
			{OrganisationID: orgLT, Role: RolePartner},
			{OrganisationID: orgPL, Role: RolePartner},
		},
	}
}

// populatedEvents build the fixture, one revision each: two sections; the
// priority economy with objective jobs (measure hub, led by DE in Rostock,
// with milestone opening; indicator jobs) and the priority culture with
// objective visitors (measure festival in Klaipeda, no lead).
func populatedEvents() []domain.Event {
	return []domain.Event{
		created(),
		&SectionAdded{Key: sectionDiagnosis, Heading: "Diagnosis", Body: "Where we stand."},
		&SectionAdded{Key: sectionMonitoring, Heading: "Monitoring", Body: "How we measure."},
		&PriorityAdded{Key: priorityEconomy, Title: "Creative economy", Description: "Jobs and firms."},
		&ObjectiveAdded{PriorityKey: priorityEconomy, Key: objectiveJobs, Title: "More creative jobs"},
		&MeasureAdded{ObjectiveKey: objectiveJobs, Key: measureHub, Title: "Creative hub", LeadPartnerID: new(orgDE),
			LocationIDs: []uuid.UUID{locRostock}, StartYear: 2026, EndYear: 2028, Status: MeasurePlanned},
		&MilestoneAdded{MeasureKey: measureHub, Key: milestoneOpening, Title: "Opening", Due: "2027-06-30"},
		&IndicatorAdded{ObjectiveKey: objectiveJobs, Key: indicatorJobs, Name: "Creative jobs", Unit: "jobs",
			Baseline: 100, BaselineYear: 2025, Targets: []YearValue{{Year: 2030, Value: 150}}},
		&PriorityAdded{Key: priorityCulture, Title: "Culture", Description: "Festivals."},
		&ObjectiveAdded{PriorityKey: priorityCulture, Key: objectiveVisitors, Title: "More visitors"},
		&MeasureAdded{ObjectiveKey: objectiveVisitors, Key: measureFestival, Title: "Harbour festival",
			LocationIDs: []uuid.UUID{locKlaipeda}, StartYear: 2027, EndYear: 2035, Status: MeasurePlanned},
	}
}

// given applies events to a new strategy, each as a revision of its own.
func given(events ...domain.Event) *Strategy {
	s := &Strategy{}
	for i, e := range events {
		s.Apply(e, i+1)
	}
	return s
}

// givenPopulated is the fixture followed by more events.
func givenPopulated(more ...domain.Event) *Strategy {
	return given(append(populatedEvents(), more...)...)
}

// inStatus returns the fixture in the given status.
func inStatus(status Status) *Strategy {
	switch status {
	case StatusInReview:
		return givenPopulated(&SubmittedForReview{})
	case StatusAdopted:
		return givenPopulated(&SubmittedForReview{}, &Adopted{Version: "adopted-13"})
	case StatusArchived:
		return givenPopulated(&Archived{})
	}
	return givenPopulated()
}

// when decides cmd as the planner. It fails the test if Decide changed the
// state it was given.
func when(t *testing.T, s *Strategy, cmd domain.Command[*Strategy]) ([]domain.Event, error) {
	t.Helper()
	return whenAs(t, planner, s, cmd)
}

func whenAs(t *testing.T, actor domain.Actor, s *Strategy, cmd domain.Command[*Strategy]) ([]domain.Event, error) {
	t.Helper()
	before := s.Clone()
	events, err := cmd.Decide(s, contextOf(actor))
	if !reflect.DeepEqual(before, s) {
		t.Fatalf("%T.Decide changed the state", cmd)
	}
	return events, err
}

// then applies a command's events as the next revision and returns the
// new state.
func then(s *Strategy, events []domain.Event) *Strategy {
	next := s.Clone()
	for _, e := range events {
		next.Apply(e, s.Revision+1)
	}
	return next
}

// requireEvents fails unless the decision succeeded with exactly want.
func requireEvents(t *testing.T, got []domain.Event, err error, want ...domain.Event) {
	t.Helper()
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %s\nwant %s", dump(got), dump(want))
	}
}

// requireRefused fails unless err has the code and, for validation errors,
// names the field at path (no path: the whole input).
func requireRefused(t *testing.T, err error, code domain.ErrorCode, path ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want %s %v", code, path)
	}
	if got := domain.CodeOf(err); got != code {
		t.Fatalf("code %s (%v), want %s", got, err, code)
	}
	var invalid *domain.ValidationError
	if !errors.As(err, &invalid) {
		return
	}
	for _, f := range invalid.Fields {
		if slices.Equal(f.Path, path) {
			return
		}
	}
	t.Fatalf("%v: no error on field %q", err, path)
}

// requireRule fails unless err is the rule sentinel (INVALID_STATE).
func requireRule(t *testing.T, err, rule error) {
	t.Helper()
	if !errors.Is(err, rule) {
		t.Fatalf("got %v, want %v", err, rule)
	}
	requireRefused(t, err, domain.CodeInvalidState)
}

func dump(v any) string {
	out, err := json.Marshal(typed(v))
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(out)
}

// typed shows event lists with their types, which JSON alone hides.
func typed(v any) any {
	events, ok := v.([]domain.Event)
	if !ok {
		return v
	}
	out := make([]map[string]any, len(events))
	for i, e := range events {
		out[i] = map[string]any{"type": e.EventType(), "data": e}
	}
	return out
}
