package cooperation_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// allEvents holds one filled-in value of every event type.
func allEvents() []domain.Event {
	return []domain.Event{
		created(),
		&cooperation.Updated{Title: "T", Summary: "S", TargetGroups: []string{"a"}, StrategyID: ptr(strategy2)},
		&cooperation.PartnerAdded{OrganisationID: org3},
		&cooperation.PartnerRemoved{OrganisationID: org1},
		&cooperation.RevisionRestored{Revision: 2, Content: given(completedHistory()...).Content},
		planned1(),
		&cooperation.PilotUpdated{PilotID: pilot1, LocationID: loc2, StartDate: "2026-01-01", EndDate: ptr("2026-01-02"), Participants: 3},
		&cooperation.PilotStarted{PilotID: pilot1},
		completed1(),
		&cooperation.PilotCancelled{PilotID: pilot1},
		&cooperation.Specified{},
		evaluated(cooperation.RecommendRevise),
		&cooperation.Adopted{},
		&cooperation.Discontinued{},
		&cooperation.VersionNamed{Name: "v1", Revision: 1, Note: "n", CreatedAt: now, CreatedBy: planner.ID},
		&cooperation.Published{At: now},
		&cooperation.Unpublished{},
	}
}

func TestEveryEventIsRegisteredAndDecodes(t *testing.T) {
	r := domain.NewRegistry()
	cooperation.RegisterEvents(r)
	var names []string
	for _, e := range allEvents() {
		names = append(names, e.EventType())
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Decode(e.EventType(), r.SchemaVersion(e.EventType()), raw)
		if err != nil {
			t.Fatalf("%s: %v", e.EventType(), err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("%s: decoded %+v, want %+v", e.EventType(), got, e)
		}
	}
	slices.Sort(names)
	if !slices.Equal(r.Names(), names) {
		t.Fatalf("registered %v, tested %v", r.Names(), names)
	}
}

// Stored names are forever; this list changes only by adding.
func TestEventNamesAreStable(t *testing.T) {
	want := []string{
		"cooperation.Adopted", "cooperation.Created", "cooperation.Discontinued", "cooperation.Evaluated",
		"cooperation.PartnerAdded", "cooperation.PartnerRemoved", "cooperation.PilotCancelled",
		"cooperation.PilotCompleted", "cooperation.PilotPlanned", "cooperation.PilotStarted",
		"cooperation.PilotUpdated", "cooperation.Published", "cooperation.RevisionRestored", "cooperation.Specified",
		"cooperation.Unpublished", "cooperation.Updated", "cooperation.VersionNamed",
	}
	r := domain.NewRegistry()
	cooperation.RegisterEvents(r)
	if !slices.Equal(r.Names(), want) {
		t.Fatalf("names = %v", r.Names())
	}
}

func TestWorkflowEventsChangeNoContent(t *testing.T) {
	workflow := map[string]bool{
		"cooperation.Specified": true, "cooperation.Evaluated": true, "cooperation.Adopted": true,
		"cooperation.Discontinued": true, "cooperation.VersionNamed": true,
		"cooperation.Published": true, "cooperation.Unpublished": true,
	}
	for _, e := range allEvents() {
		if domain.IsWorkflow(e) != workflow[e.EventType()] {
			t.Errorf("%s: IsWorkflow = %v", e.EventType(), domain.IsWorkflow(e))
		}
		s := given(pilotingHistory()...)
		s.Apply(e, 5)
		want := 5
		if workflow[e.EventType()] {
			want = 4
		}
		if s.Revision != 5 || s.ContentRevision != want {
			t.Errorf("%s: revision %d, content revision %d", e.EventType(), s.Revision, s.ContentRevision)
		}
	}
}

func TestStatesRoundTripThroughJSON(t *testing.T) {
	full := append(completedHistory(),
		&cooperation.PilotPlanned{PilotID: pilot2, LocationID: loc2, StartDate: "2026-08-01"},
		evaluated(cooperation.RecommendAdopt),
		&cooperation.VersionNamed{Name: "v1", Revision: 3, Note: "n", CreatedAt: now, CreatedBy: planner.ID})
	for _, s := range []*cooperation.Concept{given(full...), given(draftHistory()...), given(adoptedHistory()...)} {
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back cooperation.Concept
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&back, s) {
			t.Errorf("round trip of %s:\n got %+v\nwant %+v", raw, back, *s)
		}
		if !domain.Equal(back.Document().Value(), s.Document().Value()) {
			t.Errorf("documents differ after the round trip")
		}
	}
}

func TestApplyNeverPanics(t *testing.T) {
	for _, e := range allEvents() {
		nilEvent := reflect.Zero(reflect.TypeOf(e)).Interface().(domain.Event)
		for _, s := range []*cooperation.Concept{{}, given(completedHistory()...)} {
			s.Apply(e, 10)
			s.Apply(nilEvent, 11)
			s.Apply(nil, 12)
			_ = s.Document().Leaves()
		}
	}
	var none *cooperation.Concept
	none.Apply(created(), 1)
	if len(none.Document().Value()) != 0 {
		t.Fatal("nil concept renders an empty document")
	}
}

// Pilot events naming a pilot that is not there (history that a restore
// rewrote) change nothing but the revision.
func TestPilotEventsForMissingPilotsAreIgnored(t *testing.T) {
	for _, e := range []domain.Event{
		&cooperation.PilotUpdated{PilotID: pilot2, StartDate: "2026-01-01"},
		&cooperation.PilotStarted{PilotID: pilot2},
		&cooperation.PilotCompleted{PilotID: pilot2, Outcome: "x"},
		&cooperation.PilotCancelled{PilotID: pilot2},
		&cooperation.PilotPlanned{PilotID: pilot1, StartDate: "2030-01-01"}, // key taken
	} {
		s := given(plannedHistory()...)
		s.Apply(e, 5)
		want := given(plannedHistory()...)
		want.Revision, want.ContentRevision = 5, 5
		if !reflect.DeepEqual(s, want) {
			t.Errorf("%s changed the state: %+v", e.EventType(), s)
		}
	}
}

// Apply never changes a state value another state shares memory with:
// keeping the state of an earlier revision (a snapshot, a diff's "from")
// and evolving a copy must not rewrite the earlier one.
func TestApplyDoesNotRewriteEarlierStates(t *testing.T) {
	for _, e := range allEvents() {
		s := given(completedHistory()...)
		earlier := *s
		want := given(completedHistory()...)
		s.Apply(e, 9)
		if !reflect.DeepEqual(earlier.Content, want.Content) || !reflect.DeepEqual(earlier.Evaluations, want.Evaluations) || !reflect.DeepEqual(earlier.Versions, want.Versions) {
			t.Errorf("%s rewrote the earlier state", e.EventType())
		}
	}
	// Applying an event must not tie the state to the event's memory.
	e := created()
	s := given(e)
	e.TargetGroups[0], e.PartnerIDs[0], *e.StrategyID = "x", org3, strategy2
	if s.Content.TargetGroups[0] != "SMEs" || s.Content.Partners[0] != org1 || *s.Content.StrategyID != strategy {
		t.Fatal("state shares the event's memory")
	}
}
