package strategy

import (
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// A strategy always has at least one location and one partner; measures
// may only use its locations and be led by its partners, so neither can be
// removed while a measure depends on it.

// AddStrategyLocation appends a location to the strategy.
type AddStrategyLocation struct {
	LocationID uuid.UUID `json:"locationId"`
}

func (AddStrategyLocation) Describe() domain.Description { return edit("addStrategyLocation") }

func (cmd AddStrategyLocation) References() []domain.Ref {
	return []domain.Ref{{Type: domain.SubjectLocation, ID: cmd.LocationID, Field: []string{"locationId"}}}
}

func (cmd AddStrategyLocation) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	var checks domain.Checks
	checks.Require(cmd.LocationID != uuid.Nil, "must not be the nil UUID", "locationId")
	checks.Require(!slices.Contains(s.Locations, cmd.LocationID), "is already a location of the strategy", "locationId")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	if err := requireRoom(len(s.Locations), domain.MaxReferenceList, "locations"); err != nil {
		return nil, err
	}
	return []domain.Event{&LocationAdded{LocationID: cmd.LocationID}}, nil
}

// RemoveStrategyLocation takes a location out of the strategy.
type RemoveStrategyLocation struct {
	LocationID uuid.UUID `json:"locationId"`
}

func (RemoveStrategyLocation) Describe() domain.Description { return edit("removeStrategyLocation") }

func (cmd RemoveStrategyLocation) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if !slices.Contains(s.Locations, cmd.LocationID) {
		return nil, domain.Invalid("locationId", "is not a location of the strategy")
	}
	if len(s.Locations) == 1 {
		return nil, ErrLastLocation
	}
	for m := range s.measures() {
		if slices.Contains(m.LocationIDs, cmd.LocationID) {
			return nil, refuse(ErrLocationInUse, fmt.Sprintf("measure %q takes place there", m.Title))
		}
	}
	return []domain.Event{&LocationRemoved{LocationID: cmd.LocationID}}, nil
}

// AddStrategyPartner makes an organisation a partner with a role (PARTNER
// when empty). For an organisation that is a partner already, it changes
// the role: the contract has no other way to change it.
type AddStrategyPartner struct {
	OrganisationID uuid.UUID   `json:"organisationId"`
	Role           PartnerRole `json:"role,omitempty"`
}

func (AddStrategyPartner) Describe() domain.Description { return edit("addStrategyPartner") }

func (cmd AddStrategyPartner) References() []domain.Ref {
	return []domain.Ref{{Type: domain.SubjectOrganisation, ID: cmd.OrganisationID, Field: []string{"organisationId"}}}
}

func (cmd AddStrategyPartner) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	role := cmd.Role
	if role == "" {
		role = RolePartner
	}
	var checks domain.Checks
	checks.Require(cmd.OrganisationID != uuid.Nil, "must not be the nil UUID", "organisationId")
	checks.Require(role.valid(), "must be LEAD_PARTNER, PARTNER or ASSOCIATED", "role")
	existing := s.partnership(cmd.OrganisationID)
	checks.Require(existing < 0 || s.Partnerships[existing].Role != role,
		"is already a partner of the strategy in this role", "organisationId")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	if existing >= 0 {
		return []domain.Event{&PartnerRoleChanged{OrganisationID: cmd.OrganisationID, Role: role}}, nil
	}
	if err := requireRoom(len(s.Partnerships), domain.MaxReferenceList, "partners"); err != nil {
		return nil, err
	}
	return []domain.Event{&PartnerAdded{OrganisationID: cmd.OrganisationID, Role: role}}, nil
}

// RemoveStrategyPartner takes an organisation out of the strategy's
// partners. Its planners lose the right to edit the strategy.
type RemoveStrategyPartner struct {
	OrganisationID uuid.UUID `json:"organisationId"`
}

func (RemoveStrategyPartner) Describe() domain.Description { return edit("removeStrategyPartner") }

func (cmd RemoveStrategyPartner) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.partnership(cmd.OrganisationID) < 0 {
		return nil, domain.Invalid("organisationId", "is not a partner of the strategy")
	}
	if len(s.Partnerships) == 1 {
		return nil, ErrLastPartner
	}
	for m := range s.measures() {
		if m.LeadPartnerID != nil && *m.LeadPartnerID == cmd.OrganisationID {
			return nil, refuse(ErrPartnerLeadsMeasure, fmt.Sprintf("it leads measure %q", m.Title))
		}
	}
	return []domain.Event{&PartnerRemoved{OrganisationID: cmd.OrganisationID}}, nil
}
