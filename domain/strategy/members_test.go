package strategy

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestAddStrategyLocation(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, AddStrategyLocation{LocationID: locKalmar})
	requireEvents(t, events, err, &LocationAdded{LocationID: locKalmar})

	after := then(s, events)
	if want := []uuid.UUID{locRostock, locKlaipeda, locGdansk, locKalmar}; !slices.Equal(after.Locations, want) {
		t.Errorf("locations %v, want %v", after.Locations, want)
	}
}

func TestAddStrategyLocationRejects(t *testing.T) {
	tests := []struct {
		name     string
		location uuid.UUID
	}{
		{"already a location", locGdansk},
		{"nil id", uuid.Nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), AddStrategyLocation{LocationID: tt.location})
			requireRefused(t, err, domain.CodeValidationFailed, "locationId")
		})
	}
}

func TestAddStrategyLocationToFullList(t *testing.T) {
	s := givenPopulated()
	for len(s.Locations) < domain.MaxReferenceList {
		s.Apply(&LocationAdded{LocationID: uuid.New()}, s.Revision+1)
	}
	_, err := when(t, s, AddStrategyLocation{LocationID: locKalmar})
	requireRule(t, err, ErrListFull)
}

func TestRemoveStrategyLocation(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, RemoveStrategyLocation{LocationID: locGdansk})
	requireEvents(t, events, err, &LocationRemoved{LocationID: locGdansk})

	after := then(s, events)
	if want := []uuid.UUID{locRostock, locKlaipeda}; !slices.Equal(after.Locations, want) {
		t.Errorf("locations %v, want %v", after.Locations, want)
	}
}

func TestRemoveStrategyLocationRejects(t *testing.T) {
	t.Run("not a location", func(t *testing.T) {
		_, err := when(t, givenPopulated(), RemoveStrategyLocation{LocationID: locKalmar})
		requireRefused(t, err, domain.CodeValidationFailed, "locationId")
	})
	t.Run("the last one", func(t *testing.T) {
		s := given(created(), &LocationRemoved{LocationID: locKlaipeda}, &LocationRemoved{LocationID: locGdansk})
		_, err := when(t, s, RemoveStrategyLocation{LocationID: locRostock})
		requireRule(t, err, ErrLastLocation)
	})
	t.Run("used by a measure", func(t *testing.T) {
		_, err := when(t, givenPopulated(), RemoveStrategyLocation{LocationID: locKlaipeda})
		requireRule(t, err, ErrLocationInUse)
	})
}

func TestAddStrategyPartner(t *testing.T) {
	tests := []struct {
		name     string
		cmd      AddStrategyPartner
		want     domain.Event
		role     PartnerRole
		partners int
	}{
		{"PARTNER by default", AddStrategyPartner{OrganisationID: orgSE},
			&PartnerAdded{OrganisationID: orgSE, Role: RolePartner}, RolePartner, 4},
		{"with a role", AddStrategyPartner{OrganisationID: orgSE, Role: RoleAssociated},
			&PartnerAdded{OrganisationID: orgSE, Role: RoleAssociated}, RoleAssociated, 4},
		{"a partner already, in another role", AddStrategyPartner{OrganisationID: orgLT, Role: RoleLeadPartner},
			&PartnerRoleChanged{OrganisationID: orgLT, Role: RoleLeadPartner}, RoleLeadPartner, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := givenPopulated()
			events, err := when(t, s, tt.cmd)
			requireEvents(t, events, err, tt.want)

			after := then(s, events)
			i := slices.IndexFunc(after.Partnerships, func(p Partnership) bool { return p.OrganisationID == tt.cmd.OrganisationID })
			if i < 0 || after.Partnerships[i].Role != tt.role || len(after.Partnerships) != tt.partners {
				t.Errorf("partnerships %v", after.Partnerships)
			}
		})
	}
}

func TestAddStrategyPartnerRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  AddStrategyPartner
		path string
	}{
		{"a partner in this role already", AddStrategyPartner{OrganisationID: orgLT}, "organisationId"},
		{"nil id", AddStrategyPartner{OrganisationID: uuid.Nil}, "organisationId"},
		{"unknown role", AddStrategyPartner{OrganisationID: orgSE, Role: "SPONSOR"}, "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}

func TestAddStrategyPartnerToFullList(t *testing.T) {
	s := givenPopulated()
	for len(s.Partnerships) < domain.MaxReferenceList {
		s.Apply(&PartnerAdded{OrganisationID: uuid.New(), Role: RolePartner}, s.Revision+1)
	}
	_, err := when(t, s, AddStrategyPartner{OrganisationID: orgSE})
	requireRule(t, err, ErrListFull)
	// Changing a role adds nobody, so it still works.
	if _, err := when(t, s, AddStrategyPartner{OrganisationID: orgPL, Role: RoleAssociated}); err != nil {
		t.Fatal(err)
	}
}

func TestRemoveStrategyPartner(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, RemoveStrategyPartner{OrganisationID: orgLT})
	requireEvents(t, events, err, &PartnerRemoved{OrganisationID: orgLT})

	after := then(s, events)
	if after.HasPartner(orgLT) || len(after.Partnerships) != 2 {
		t.Errorf("partnerships %v", after.Partnerships)
	}
}

func TestRemoveStrategyPartnerRejects(t *testing.T) {
	t.Run("not a partner", func(t *testing.T) {
		_, err := when(t, givenPopulated(), RemoveStrategyPartner{OrganisationID: orgSE})
		requireRefused(t, err, domain.CodeValidationFailed, "organisationId")
	})
	t.Run("the last one", func(t *testing.T) {
		s := given(created(), &PartnerRemoved{OrganisationID: orgLT}, &PartnerRemoved{OrganisationID: orgPL})
		_, err := when(t, s, RemoveStrategyPartner{OrganisationID: orgDE})
		requireRule(t, err, ErrLastPartner)
	})
	t.Run("leads a measure", func(t *testing.T) {
		_, err := when(t, givenPopulated(), RemoveStrategyPartner{OrganisationID: orgDE})
		requireRule(t, err, ErrPartnerLeadsMeasure)
	})
}
