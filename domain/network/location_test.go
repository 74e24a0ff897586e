package network_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

func rostockAdded() *network.LocationAdded {
	return &network.LocationAdded{LocationID: locID, Name: "Rostock", Country: "DE", Region: "Mecklenburg-Vorpommern"}
}

func TestAddLocation(t *testing.T) {
	cmd := network.AddLocation{Name: "Rostock", Country: "DE", Region: "Mecklenburg-Vorpommern"}
	events, err := cmd.Decide(&network.Location{}, ctx(t, locID))
	wantEvents(t, events, err, rostockAdded())

	state := apply(&network.Location{}, 1, events)
	want := &network.Location{ID: locID, Name: "Rostock", Country: "DE", Region: "Mecklenburg-Vorpommern", Revision: 1}
	if !reflect.DeepEqual(state, want) {
		t.Fatalf("state = %+v, want %+v", state, want)
	}
	wantDoc(t, state.Document(), map[string]any{"name": "Rostock", "country": "DE", "region": "Mecklenburg-Vorpommern"})
}

func TestAddLocationWithoutRegionRendersNull(t *testing.T) {
	events, err := network.AddLocation{Name: "Karlshamn", Country: "SE"}.Decide(nil, ctx(t, locID))
	wantEvents(t, events, err, &network.LocationAdded{LocationID: locID, Name: "Karlshamn", Country: "SE"})
	wantDoc(t, apply(&network.Location{}, 1, events).Document(), map[string]any{"name": "Karlshamn", "country": "SE", "region": nil})
}

func TestAddLocationValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd    network.AddLocation
		fields []string
	}{
		"blank name":          {network.AddLocation{Name: "  ", Country: "DE"}, []string{"name"}},
		"long name":           {network.AddLocation{Name: strings.Repeat("x", domain.MaxNameLength+1), Country: "DE"}, []string{"name"}},
		"multi-line name":     {network.AddLocation{Name: "a\nb", Country: "DE"}, []string{"name"}},
		"missing country":     {network.AddLocation{Name: "Rostock"}, []string{"country"}},
		"lower-case country":  {network.AddLocation{Name: "Rostock", Country: "de"}, []string{"country"}},
		"alpha-3 country":     {network.AddLocation{Name: "Rostock", Country: "DEU"}, []string{"country"}},
		"digit in country":    {network.AddLocation{Name: "Rostock", Country: "D1"}, []string{"country"}},
		"non-ASCII country":   {network.AddLocation{Name: "Rostock", Country: "DÉ"}, []string{"country"}},
		"blank region":        {network.AddLocation{Name: "Rostock", Country: "DE", Region: " "}, []string{"region"}},
		"long region":         {network.AddLocation{Name: "Rostock", Country: "DE", Region: strings.Repeat("r", 201)}, []string{"region"}},
		"every field at once": {network.AddLocation{Country: "xx", Region: "\t"}, []string{"name", "country", "region"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(&network.Location{}, ctx(t, locID))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestAddLocationTwice(t *testing.T) {
	state := given(&network.Location{}, rostockAdded())
	_, err := network.AddLocation{Name: "Rostock", Country: "DE"}.Decide(state, ctx(t, loc2ID))
	wantCode(t, err, domain.CodeInvalidState, network.ErrLocationExists)
}

func TestUpdateLocation(t *testing.T) {
	state := given(&network.Location{}, rostockAdded())

	t.Run("one field leaves the others", func(t *testing.T) {
		events, err := network.UpdateLocation{Name: domain.Some("Hanseatic City of Rostock")}.Decide(state, ctx(t))
		wantEvents(t, events, err, &network.LocationUpdated{Name: "Hanseatic City of Rostock", Country: "DE", Region: "Mecklenburg-Vorpommern"})
		next := apply(given(&network.Location{}, rostockAdded()), 2, events)
		if next.Revision != 2 || next.Name != "Hanseatic City of Rostock" {
			t.Fatalf("state = %+v", next)
		}
		changes := domain.Diff(state.Document(), next.Document())
		want := []domain.Change{{Path: "/name", Kind: domain.Changed, Before: "Rostock", After: "Hanseatic City of Rostock"}}
		if !reflect.DeepEqual(changes, want) {
			t.Fatalf("changes = %+v", changes)
		}
	})

	t.Run("null region clears it", func(t *testing.T) {
		events, err := network.UpdateLocation{Region: domain.Null[string]()}.Decide(state, ctx(t))
		wantEvents(t, events, err, &network.LocationUpdated{Name: "Rostock", Country: "DE"})
		next := apply(given(&network.Location{}, rostockAdded()), 2, events)
		changes := domain.Diff(state.Document(), next.Document())
		want := []domain.Change{{Path: "/region", Kind: domain.Changed, Before: "Mecklenburg-Vorpommern", After: nil}}
		if !reflect.DeepEqual(changes, want) {
			t.Fatalf("changes = %+v", changes)
		}
	})

	t.Run("every field", func(t *testing.T) {
		events, err := network.UpdateLocation{Name: domain.Some("Szczecin"), Country: domain.Some("PL"), Region: domain.Some("West Pomerania")}.Decide(state, ctx(t))
		wantEvents(t, events, err, &network.LocationUpdated{Name: "Szczecin", Country: "PL", Region: "West Pomerania"})
	})

	t.Run("nothing changed is still a revision", func(t *testing.T) {
		events, err := network.UpdateLocation{}.Decide(state, ctx(t))
		wantEvents(t, events, err, &network.LocationUpdated{Name: "Rostock", Country: "DE", Region: "Mecklenburg-Vorpommern"})
	})

	t.Run("decide does not mutate the state", func(t *testing.T) {
		before := *state
		_, _ = network.UpdateLocation{Name: domain.Some("X"), Region: domain.Null[string]()}.Decide(state, ctx(t))
		if *state != before {
			t.Fatalf("state changed: %+v", state)
		}
	})
}

func TestUpdateLocationValidation(t *testing.T) {
	state := given(&network.Location{}, rostockAdded())
	for name, tc := range map[string]struct {
		cmd    network.UpdateLocation
		fields []string
	}{
		"null name":       {network.UpdateLocation{Name: domain.Null[string]()}, []string{"name"}},
		"null country":    {network.UpdateLocation{Country: domain.Null[string]()}, []string{"country"}},
		"blank name":      {network.UpdateLocation{Name: domain.Some("")}, []string{"name"}},
		"bad country":     {network.UpdateLocation{Country: domain.Some("Germany")}, []string{"country"}},
		"blank region":    {network.UpdateLocation{Region: domain.Some("  ")}, []string{"region"}},
		"several at once": {network.UpdateLocation{Name: domain.Null[string](), Country: domain.Some("d")}, []string{"name", "country"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(state, ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestUpdateLocationNotFound(t *testing.T) {
	for name, state := range map[string]*network.Location{
		"nil":   nil,
		"empty": {},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := network.UpdateLocation{Name: domain.Some("X")}.Decide(state, ctx(t))
			wantCode(t, err, domain.CodeNotFound, domain.ErrNotFound)
		})
	}
}

func TestLocationApplyIgnoresWhatItDoesNotKnow(t *testing.T) {
	state := given(&network.Location{}, rostockAdded())
	state.Apply((*network.LocationUpdated)(nil), 2)
	state.Apply(&network.OrganisationUpdated{Name: "not a location event"}, 3)
	state.Apply(nil, 4)
	if state.Name != "Rostock" || state.Revision != 4 {
		t.Fatalf("state = %+v", state)
	}
	var none *network.Location
	none.Apply(rostockAdded(), 1) // must not panic
	if got := none.Document().Value(); len(got) != 0 {
		t.Fatalf("nil document = %v", got)
	}
}
