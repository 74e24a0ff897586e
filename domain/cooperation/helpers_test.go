package cooperation_test

import (
	"github.com/creativeclusters/planner/internal/domaintest"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

var (
	now       = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	planner   = domain.Actor{ID: id("a001"), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: org1, Country: "PL"}
	conceptID = id("c001")
	org1      = id("0001")
	org2      = id("0002")
	org3      = id("0003")
	strategy  = id("5001")
	strategy2 = id("5002")
	loc1      = id("1001")
	loc2      = id("1002")
	pilot1    = id("b001")
	pilot2    = id("b002")
)

func id(suffix string) uuid.UUID {
	return uuid.MustParse("0193a1b0-0000-7000-8000-00000000" + suffix)
}

// ctx returns a decision context whose NewID hands out ids in order and
// fails the test when it runs out.
func ctx(t testing.TB, ids ...uuid.UUID) domain.Context {
	return domain.Context{Actor: planner, Now: now, NewID: func() uuid.UUID {
		if len(ids) == 0 {
			t.Fatalf("NewID called more often than expected")
			return uuid.Nil
		}
		next := ids[0]
		ids = ids[1:]
		return next
	}}
}

// given applies events, one revision each, to a new concept.
func given(events ...domain.Event) *cooperation.Concept {
	c := &cooperation.Concept{}
	for i, e := range events {
		c.Apply(e, i+1)
	}
	return c
}

// then applies one command's events to state as its next revision.
func then(state *cooperation.Concept, events []domain.Event) *cooperation.Concept {
	next := state.Revision + 1
	for _, e := range events {
		state.Apply(e, next)
	}
	return state
}

// The fixtures: a concept's history up to each status.

func created() *cooperation.Created {
	return &cooperation.Created{
		ConceptID:    conceptID,
		Kind:         cooperation.ConsultancyStructure,
		Title:        "Creative consultancy structure",
		Summary:      "Consulting the normal economy on working structures.",
		TargetGroups: []string{"SMEs", "Third institutions"},
		PartnerIDs:   []uuid.UUID{org1, org2},
		StrategyID:   ptr(strategy),
	}
}

func planned1() *cooperation.PilotPlanned {
	return &cooperation.PilotPlanned{PilotID: pilot1, LocationID: loc1, StartDate: "2026-03-01", EndDate: ptr("2026-06-30"), Participants: 12}
}

func completed1() *cooperation.PilotCompleted {
	return &cooperation.PilotCompleted{PilotID: pilot1, Outcome: "Worked.", Lessons: "Start earlier.", Participants: 14}
}

func evaluated(r cooperation.Recommendation) *cooperation.Evaluated {
	return &cooperation.Evaluated{Recommendation: r, Findings: "Findings.", At: now, EvaluatedBy: planner.ID}
}

func draftHistory() []domain.Event     { return []domain.Event{created()} }
func specifiedHistory() []domain.Event { return append(draftHistory(), &cooperation.Specified{}) }
func plannedHistory() []domain.Event   { return append(specifiedHistory(), planned1()) }
func pilotingHistory() []domain.Event {
	return append(plannedHistory(), &cooperation.PilotStarted{PilotID: pilot1})
}
func completedHistory() []domain.Event { return append(pilotingHistory(), completed1()) }
func evaluatedHistory(r cooperation.Recommendation) []domain.Event {
	return append(completedHistory(), evaluated(r))
}
func adoptedHistory() []domain.Event {
	return append(evaluatedHistory(cooperation.RecommendAdopt), &cooperation.Adopted{})
}
func discontinuedHistory() []domain.Event {
	return append(draftHistory(), &cooperation.Discontinued{})
}

// byStatus builds a concept in each status.
var byStatus = map[cooperation.Status]func() *cooperation.Concept{
	cooperation.StatusDraft: func() *cooperation.Concept {
		return given(append(draftHistory(), &cooperation.Updated{Title: "Draft"})...)
	},
	cooperation.StatusSpecified:    func() *cooperation.Concept { return given(plannedHistory()...) },
	cooperation.StatusPiloting:     func() *cooperation.Concept { return given(pilotingHistory()...) },
	cooperation.StatusEvaluated:    func() *cooperation.Concept { return given(evaluatedHistory(cooperation.RecommendAdopt)...) },
	cooperation.StatusAdopted:      func() *cooperation.Concept { return given(adoptedHistory()...) },
	cooperation.StatusDiscontinued: func() *cooperation.Concept { return given(discontinuedHistory()...) },
}

var (
	editableStatuses = []cooperation.Status{cooperation.StatusDraft, cooperation.StatusSpecified, cooperation.StatusPiloting}
	closedStatuses   = []cooperation.Status{cooperation.StatusEvaluated, cooperation.StatusAdopted, cooperation.StatusDiscontinued}
)

// Assertions.

// wantChanges checks the diff between two states.
func wantChanges(t *testing.T, before, after *cooperation.Concept, want ...domain.Change) {
	t.Helper()
	got := domain.Diff(before.Document(), after.Document())
	if len(got) != len(want) {
		t.Fatalf("changes:\n got %+v\nwant %+v", got, want)
	}
	for i := range got {
		if got[i].Path != want[i].Path || got[i].Kind != want[i].Kind ||
			!domain.Equal(got[i].Before, want[i].Before) || !domain.Equal(got[i].After, want[i].After) {
			t.Fatalf("change %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func ptr[T any](v T) *T { return &v }

// The shared assertions (internal/domaintest).
var (
	wantEvents = domaintest.WantEvents
	wantCode   = domaintest.WantCode
	wantFields = domaintest.WantFields
)
