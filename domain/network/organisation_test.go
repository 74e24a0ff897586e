package network_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

func mediaDizajnRegistered() *network.OrganisationRegistered {
	return &network.OrganisationRegistered{
		OrganisationID: orgID,
		Name:           "Media Dizajn",
		Role:           network.LeadPartner,
		LocationID:     locID,
		Address:        "Bandurskiego 96/23 71-685 Szczecin",
		Website:        "www.mediadizajn.pl",
	}
}

func TestRegisterOrganisation(t *testing.T) {
	cmd := network.RegisterOrganisation{
		Name:       "Media Dizajn",
		Role:       network.LeadPartner,
		LocationID: locID,
		Address:    "Bandurskiego 96/23 71-685 Szczecin",
		Website:    "www.mediadizajn.pl",
	}
	events, err := cmd.Decide(&network.Organisation{}, ctx(t, orgID))
	wantEvents(t, events, err, mediaDizajnRegistered())

	state := apply(&network.Organisation{}, 1, events)
	want := &network.Organisation{
		ID: orgID, Name: "Media Dizajn", Role: network.LeadPartner, LocationID: locID,
		Address: "Bandurskiego 96/23 71-685 Szczecin", Website: "www.mediadizajn.pl", Revision: 1,
	}
	if !reflect.DeepEqual(state, want) {
		t.Fatalf("state = %+v, want %+v", state, want)
	}
	wantDoc(t, state.Document(), map[string]any{
		"name": "Media Dizajn", "role": "LEAD_PARTNER", "locationId": locID.String(),
		"address": "Bandurskiego 96/23 71-685 Szczecin", "website": "www.mediadizajn.pl",
		"contact": []any{},
	})
}

func TestRegisterOrganisationMinimal(t *testing.T) {
	cmd := network.RegisterOrganisation{Name: "Kreativum Science Center", Role: network.Associated, LocationID: locID}
	events, err := cmd.Decide(nil, ctx(t, orgID))
	wantEvents(t, events, err, &network.OrganisationRegistered{OrganisationID: orgID, Name: "Kreativum Science Center", Role: network.Associated, LocationID: locID})
	wantDoc(t, apply(&network.Organisation{}, 1, events).Document(), map[string]any{
		"name": "Kreativum Science Center", "role": "ASSOCIATED", "locationId": locID.String(),
		"address": nil, "website": nil, "contact": []any{},
	})
}

func TestRegisterOrganisationReferencesItsLocation(t *testing.T) {
	refs := network.RegisterOrganisation{LocationID: locID}.References()
	want := []domain.Ref{{Type: domain.SubjectLocation, ID: locID, Field: []string{"locationId"}}}
	if !reflect.DeepEqual(refs, want) {
		t.Fatalf("refs = %+v", refs)
	}
	if refs := (network.RegisterOrganisation{}).References(); len(refs) != 0 {
		t.Fatalf("a nil location is left to validation, got %+v", refs)
	}
}

func TestRegisterOrganisationValidation(t *testing.T) {
	valid := func() network.RegisterOrganisation {
		return network.RegisterOrganisation{Name: "IHK Rostock", Role: network.Partner, LocationID: locID}
	}
	for name, tc := range map[string]struct {
		edit   func(*network.RegisterOrganisation)
		fields []string
	}{
		"blank name":         {func(c *network.RegisterOrganisation) { c.Name = "" }, []string{"name"}},
		"unknown role":       {func(c *network.RegisterOrganisation) { c.Role = "SPONSOR" }, []string{"role"}},
		"missing role":       {func(c *network.RegisterOrganisation) { c.Role = "" }, []string{"role"}},
		"nil location":       {func(c *network.RegisterOrganisation) { c.LocationID = uuid.Nil }, []string{"locationId"}},
		"long address":       {func(c *network.RegisterOrganisation) { c.Address = strings.Repeat("a", 501) }, []string{"address"}},
		"multi-line address": {func(c *network.RegisterOrganisation) { c.Address = "a\r\nb" }, []string{"address"}},
		"long website":       {func(c *network.RegisterOrganisation) { c.Website = strings.Repeat("w", 501) }, []string{"website"}},
		"multi-line website": {func(c *network.RegisterOrganisation) { c.Website = "a\nb" }, []string{"website"}},
		"all at once": {func(c *network.RegisterOrganisation) {
			*c = network.RegisterOrganisation{Address: strings.Repeat("a", 501)}
		}, []string{"name", "role", "locationId", "address"}},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := valid()
			tc.edit(&cmd)
			_, err := cmd.Decide(&network.Organisation{}, ctx(t, orgID))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestRegisterOrganisationAcceptsBoundaryLengths(t *testing.T) {
	cmd := network.RegisterOrganisation{
		Name: strings.Repeat("n", domain.MaxNameLength), Role: network.Partner, LocationID: locID,
		Address: strings.Repeat("ä", network.MaxAddressLength), Website: strings.Repeat("w", network.MaxWebsiteLength),
	}
	if _, err := cmd.Decide(&network.Organisation{}, ctx(t, orgID)); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterOrganisationTwice(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered())
	_, err := network.RegisterOrganisation{Name: "X", Role: network.Partner, LocationID: locID}.Decide(state, ctx(t, orgID))
	wantCode(t, err, domain.CodeInvalidState, network.ErrOrganisationExists)
}

func TestUpdateOrganisation(t *testing.T) {
	state := func() *network.Organisation { return given(&network.Organisation{}, mediaDizajnRegistered()) }

	t.Run("some fields", func(t *testing.T) {
		cmd := network.UpdateOrganisation{Role: domain.Some(network.Partner), LocationID: domain.Some(loc2ID)}
		events, err := cmd.Decide(state(), ctx(t))
		wantEvents(t, events, err, &network.OrganisationUpdated{
			Name: "Media Dizajn", Role: network.Partner, LocationID: loc2ID,
			Address: "Bandurskiego 96/23 71-685 Szczecin", Website: "www.mediadizajn.pl",
		})
		next := apply(state(), 2, events)
		changes := domain.Diff(state().Document(), next.Document())
		want := []domain.Change{
			{Path: "/locationId", Kind: domain.Changed, Before: locID.String(), After: loc2ID.String()},
			{Path: "/role", Kind: domain.Changed, Before: "LEAD_PARTNER", After: "PARTNER"},
		}
		if !reflect.DeepEqual(changes, want) {
			t.Fatalf("changes = %+v", changes)
		}
		if next.Revision != 2 {
			t.Fatalf("revision = %d", next.Revision)
		}
	})

	t.Run("null clears address and website", func(t *testing.T) {
		cmd := network.UpdateOrganisation{Address: domain.Null[string](), Website: domain.Optional[string]{Set: true, Null: true, Value: "ignored"}}
		events, err := cmd.Decide(state(), ctx(t))
		wantEvents(t, events, err, &network.OrganisationUpdated{Name: "Media Dizajn", Role: network.LeadPartner, LocationID: locID})
		doc := apply(state(), 2, events).Document()
		if doc.Fields["address"] != nil || doc.Fields["website"] != nil {
			t.Fatalf("document = %v", doc.Value())
		}
	})

	t.Run("name and values", func(t *testing.T) {
		cmd := network.UpdateOrganisation{Name: domain.Some("Media Dizajn Sp. z o.o."), Address: domain.Some("Szczecin"), Website: domain.Some("https://mediadizajn.pl")}
		events, err := cmd.Decide(state(), ctx(t))
		wantEvents(t, events, err, &network.OrganisationUpdated{
			Name: "Media Dizajn Sp. z o.o.", Role: network.LeadPartner, LocationID: locID,
			Address: "Szczecin", Website: "https://mediadizajn.pl",
		})
	})

	t.Run("the contact person is untouched", func(t *testing.T) {
		s := given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet())
		events, err := network.UpdateOrganisation{Name: domain.Some("MD")}.Decide(s, ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		next := apply(given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet()), 3, events)
		if !reflect.DeepEqual(next.Contact, s.Contact) {
			t.Fatalf("contact = %+v", next.Contact)
		}
	})
}

func TestUpdateOrganisationReferences(t *testing.T) {
	refs := network.UpdateOrganisation{LocationID: domain.Some(loc2ID)}.References()
	want := []domain.Ref{{Type: domain.SubjectLocation, ID: loc2ID, Field: []string{"locationId"}}}
	if !reflect.DeepEqual(refs, want) {
		t.Fatalf("refs = %+v", refs)
	}
	for _, cmd := range []network.UpdateOrganisation{{}, {LocationID: domain.Null[uuid.UUID]()}, {LocationID: domain.Some(uuid.Nil)}} {
		if refs := cmd.References(); len(refs) != 0 {
			t.Fatalf("%+v: refs = %+v", cmd, refs)
		}
	}
}

func TestUpdateOrganisationValidation(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered())
	for name, tc := range map[string]struct {
		cmd    network.UpdateOrganisation
		fields []string
	}{
		"null name":     {network.UpdateOrganisation{Name: domain.Null[string]()}, []string{"name"}},
		"null role":     {network.UpdateOrganisation{Role: domain.Null[network.PartnerRole]()}, []string{"role"}},
		"null location": {network.UpdateOrganisation{LocationID: domain.Null[uuid.UUID]()}, []string{"locationId"}},
		"nil location":  {network.UpdateOrganisation{LocationID: domain.Some(uuid.Nil)}, []string{"locationId"}},
		"blank name":    {network.UpdateOrganisation{Name: domain.Some(" ")}, []string{"name"}},
		"bad role":      {network.UpdateOrganisation{Role: domain.Some(network.PartnerRole("lead_partner"))}, []string{"role"}},
		"long address":  {network.UpdateOrganisation{Address: domain.Some(strings.Repeat("a", 501))}, []string{"address"}},
		"long website":  {network.UpdateOrganisation{Website: domain.Some(strings.Repeat("a", 501))}, []string{"website"}},
		"several":       {network.UpdateOrganisation{Name: domain.Null[string](), Role: domain.Null[network.PartnerRole](), Website: domain.Some("a\nb")}, []string{"name", "role", "website"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(state, ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestOrganisationCommandsOnMissingOrganisation(t *testing.T) {
	for name, decide := range map[string]func(*network.Organisation) error{
		"update": func(s *network.Organisation) error {
			_, err := network.UpdateOrganisation{Name: domain.Some("X")}.Decide(s, ctx(t))
			return err
		},
		"set contact": func(s *network.Organisation) error {
			_, err := network.SetContactPerson{Name: "X"}.Decide(s, ctx(t, person1))
			return err
		},
		"erase contact": func(s *network.Organisation) error {
			_, err := network.EraseContactPerson{}.Decide(s, ctx(t))
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			for _, s := range []*network.Organisation{nil, {}} {
				wantCode(t, decide(s), domain.CodeNotFound, domain.ErrNotFound)
			}
		})
	}
}

func TestNetworkCommandsDescribeThemselves(t *testing.T) {
	for _, tc := range []struct {
		got     domain.Description
		action  string
		creates bool
	}{
		{network.AddLocation{}.Describe(), "addLocation", true},
		{network.UpdateLocation{}.Describe(), "updateLocation", false},
		{network.RegisterOrganisation{}.Describe(), "registerOrganisation", true},
		{network.UpdateOrganisation{}.Describe(), "updateOrganisation", false},
		{network.SetContactPerson{}.Describe(), "setContactPerson", false},
		{network.EraseContactPerson{}.Describe(), "eraseContactPerson", false},
	} {
		want := domain.Description{Action: tc.action, Access: domain.AccessAdmin, Creates: tc.creates}
		if tc.got != want {
			t.Errorf("%s: description = %+v, want %+v", tc.action, tc.got, want)
		}
	}
}

// The commands satisfy the kernel's interfaces.
var (
	_ domain.Command[*network.Location]     = network.AddLocation{}
	_ domain.Command[*network.Location]     = network.UpdateLocation{}
	_ domain.Command[*network.Organisation] = network.RegisterOrganisation{}
	_ domain.Command[*network.Organisation] = network.UpdateOrganisation{}
	_ domain.Command[*network.Organisation] = network.SetContactPerson{}
	_ domain.Command[*network.Organisation] = network.EraseContactPerson{}
	_ domain.Referencing                    = network.RegisterOrganisation{}
	_ domain.Referencing                    = network.UpdateOrganisation{}
)
