package network_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

// allEvents holds one filled-in value of every event type.
func allEvents() []domain.Event {
	return []domain.Event{
		rostockAdded(),
		&network.LocationUpdated{Name: "Rostock", Country: "DE"},
		mediaDizajnRegistered(),
		&network.OrganisationUpdated{Name: "MD", Role: network.Partner, LocationID: loc2ID, Address: "a", Website: "w"},
		zarekSet(),
		&network.ContactPersonErased{PersonID: person1},
	}
}

func TestEveryEventIsRegisteredAndDecodes(t *testing.T) {
	r := domain.NewRegistry()
	network.RegisterEvents(r)
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
			t.Errorf("%s: decoded %#v, want %#v", e.EventType(), got, e)
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
		"network.ContactPersonErased",
		"network.ContactPersonSet",
		"network.LocationAdded",
		"network.LocationUpdated",
		"network.OrganisationRegistered",
		"network.OrganisationUpdated",
	}
	r := domain.NewRegistry()
	network.RegisterEvents(r)
	if !slices.Equal(r.Names(), want) {
		t.Fatalf("names = %v", r.Names())
	}
}

func TestStatesRoundTripThroughJSON(t *testing.T) {
	states := []any{
		given(&network.Location{}, rostockAdded()),
		given(&network.Location{}, &network.LocationAdded{LocationID: locID, Name: "Karlshamn", Country: "SE"}),
		given(&network.Organisation{}, mediaDizajnRegistered()),
		given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet()),
		given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1}),
	}
	for _, s := range states {
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(reflect.TypeOf(s).Elem()).Interface()
		if err := json.Unmarshal(raw, back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, s) {
			t.Errorf("round trip of %s:\n got %+v\nwant %+v", raw, back, s)
		}
	}
}

func TestApplyNeverPanics(t *testing.T) {
	for _, e := range allEvents() {
		nilEvent := reflect.Zero(reflect.TypeOf(e)).Interface().(domain.Event)
		for _, s := range []domain.Aggregate{&network.Location{}, &network.Organisation{}} {
			s.Apply(e, 1)
			s.Apply(nilEvent, 2)
			s.Apply(nil, 3)
			_ = s.Document()
		}
	}
}
