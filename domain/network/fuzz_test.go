package network_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

// FuzzDecide decodes a command from JSON, as the transport would, and
// decides it against a few states: it must not panic, must refuse with a
// domain error only, must not mutate the state, and its events must apply.
func FuzzDecide(f *testing.F) {
	seeds := []struct {
		kind uint8
		data string
	}{
		{0, `{"name":"Rostock","country":"DE","region":"MV"}`},
		{1, `{"locationId":"` + locID.String() + `","name":{"set":true,"value":"R"},"region":{"set":true,"null":true}}`},
		{2, `{"name":"Media Dizajn","role":"LEAD_PARTNER","locationId":"` + locID.String() + `","website":"www.mediadizajn.pl"}`},
		{3, `{"organisationId":"` + orgID.String() + `","role":{"set":true,"value":"PARTNER"},"address":{"set":true,"null":true}}`},
		{4, `{"organisationId":"` + orgID.String() + `","name":"Fred Schneider","email":"fschneider@rostock.ihk.de","phone":"0049 0381 338220"}`},
		{4, `{"organisationId":"` + orgID.String() + `","name":"","email":"a@b@c","phone":"abc"}`},
		{5, `{"organisationId":"` + orgID.String() + `"}`},
		{2, `{"name":"\u0000","role":"X","locationId":"00000000-0000-0000-0000-000000000000"}`},
	}
	for _, s := range seeds {
		f.Add(s.kind, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		switch kind % 6 {
		case 0:
			fuzzLocation[network.AddLocation](t, data)
		case 1:
			fuzzLocation[network.UpdateLocation](t, data)
		case 2:
			fuzzOrganisation[network.RegisterOrganisation](t, data)
		case 3:
			fuzzOrganisation[network.UpdateOrganisation](t, data)
		case 4:
			fuzzOrganisation[network.SetContactPerson](t, data)
		case 5:
			fuzzOrganisation[network.EraseContactPerson](t, data)
		}
	})
}

func fuzzLocation[C domain.Command[*network.Location]](t *testing.T, data []byte) {
	var cmd C
	if json.Unmarshal(data, &cmd) != nil {
		return
	}
	states := []func() *network.Location{
		func() *network.Location { return &network.Location{} },
		func() *network.Location { return given(&network.Location{}, rostockAdded()) },
	}
	for _, state := range states {
		checkDecision(t, cmd, state)
	}
}

func fuzzOrganisation[C domain.Command[*network.Organisation]](t *testing.T, data []byte) {
	var cmd C
	if json.Unmarshal(data, &cmd) != nil {
		return
	}
	states := []func() *network.Organisation{
		func() *network.Organisation { return &network.Organisation{} },
		func() *network.Organisation { return given(&network.Organisation{}, mediaDizajnRegistered()) },
		func() *network.Organisation {
			return given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet())
		},
		func() *network.Organisation {
			return given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1})
		},
	}
	for _, state := range states {
		checkDecision(t, cmd, state)
	}
}

func checkDecision[S domain.Aggregate](t *testing.T, cmd domain.Command[S], state func() S) {
	s := state()
	c := domain.Context{Actor: admin, Now: now, NewID: func() uuid.UUID { return person2 }}
	events, err := cmd.Decide(s, c)
	if !reflect.DeepEqual(s, state()) {
		t.Fatalf("Decide mutated the state: %+v", s)
	}
	if err != nil {
		checkDomainError(t, err)
		return
	}
	if len(events) == 0 {
		t.Fatalf("accepted without events")
	}
	r := domain.NewRegistry()
	network.RegisterEvents(r)
	for _, e := range events {
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Decode(e.EventType(), 1, raw); err != nil {
			t.Fatal(err)
		}
		s.Apply(e, 99)
	}
	_ = s.Document().Leaves()
}

func checkDomainError(t *testing.T, err error) {
	t.Helper()
	var (
		validation *domain.ValidationError
		rule       *domain.Error
	)
	switch {
	case errors.As(err, &validation):
		if len(validation.Fields) == 0 {
			t.Fatalf("validation error without fields")
		}
	case errors.As(err, &rule), errors.Is(err, domain.ErrNotFound):
	default:
		t.Fatalf("not a domain error: %T %v", err, err)
	}
}
