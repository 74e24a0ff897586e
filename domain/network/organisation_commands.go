package network

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// RegisterOrganisation is the registerOrganisation mutation. The new
// organisation's id is the first id Context.NewID returns.
type RegisterOrganisation struct {
	Name       string      `json:"name"`
	Role       PartnerRole `json:"role"`
	LocationID uuid.UUID   `json:"locationId"`
	Address    string      `json:"address,omitempty"`
	Website    string      `json:"website,omitempty"`
}

// Describe implements domain.Command.
func (RegisterOrganisation) Describe() domain.Description {
	return domain.Description{Action: "registerOrganisation", Access: domain.AccessAdmin, Creates: true}
}

// References implements domain.Referencing.
func (cmd RegisterOrganisation) References() []domain.Ref {
	return locationRef(cmd.LocationID)
}

// Decide implements domain.Command.
func (cmd RegisterOrganisation) Decide(state *Organisation, c domain.Context) ([]domain.Event, error) {
	if state.exists() {
		return nil, ErrOrganisationExists
	}
	var checks domain.Checks
	checks.Name(cmd.Name, "name")
	checkRole(&checks, cmd.Role, "role")
	checkID(&checks, cmd.LocationID, "locationId")
	checkLine(&checks, cmd.Address, MaxAddressLength, "address")
	checkLine(&checks, cmd.Website, MaxWebsiteLength, "website")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&OrganisationRegistered{
		OrganisationID: newID(c),
		Name:           cmd.Name,
		Role:           cmd.Role,
		LocationID:     cmd.LocationID,
		Address:        cmd.Address,
		Website:        cmd.Website,
	}}, nil
}

// UpdateOrganisation is the updateOrganisation mutation. Name, role and
// location are required (null is refused); null clears address or website.
type UpdateOrganisation struct {
	Name       domain.Optional[string]      `json:"name,omitzero"`
	Role       domain.Optional[PartnerRole] `json:"role,omitzero"`
	LocationID domain.Optional[uuid.UUID]   `json:"locationId,omitzero"`
	Address    domain.Optional[string]      `json:"address,omitzero"`
	Website    domain.Optional[string]      `json:"website,omitzero"`
}

// Describe implements domain.Command.
func (UpdateOrganisation) Describe() domain.Description {
	return domain.Description{Action: "updateOrganisation", Access: domain.AccessAdmin}
}

// References implements domain.Referencing.
func (cmd UpdateOrganisation) References() []domain.Ref {
	if !cmd.LocationID.HasValue() {
		return nil
	}
	return locationRef(cmd.LocationID.Value)
}

// Decide implements domain.Command. An update that changes nothing still
// records the event: every accepted command is a revision.
func (cmd UpdateOrganisation) Decide(state *Organisation, _ domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(organisationSubject)
	}
	var checks domain.Checks
	cmd.Name.RequireNotNull(&checks, "name")
	cmd.Role.RequireNotNull(&checks, "role")
	cmd.LocationID.RequireNotNull(&checks, "locationId")
	next := OrganisationUpdated{
		Name:       state.Name,
		Role:       state.Role,
		LocationID: state.LocationID,
		Address:    state.Address,
		Website:    state.Website,
	}
	if cmd.Name.HasValue() {
		checks.Name(cmd.Name.Value, "name")
		next.Name = cmd.Name.Value
	}
	if cmd.Role.HasValue() {
		checkRole(&checks, cmd.Role.Value, "role")
		next.Role = cmd.Role.Value
	}
	if cmd.LocationID.HasValue() {
		checkID(&checks, cmd.LocationID.Value, "locationId")
		next.LocationID = cmd.LocationID.Value
	}
	if cmd.Address.Set {
		next.Address = valueOrNone(cmd.Address)
		checkLine(&checks, next.Address, MaxAddressLength, "address")
	}
	if cmd.Website.Set {
		next.Website = valueOrNone(cmd.Website)
		checkLine(&checks, next.Website, MaxWebsiteLength, "website")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&next}, nil
}

// locationRef names a location an input field refers to; a nil id is left
// to Decide's validation, so that it is reported as invalid, not missing.
func locationRef(id uuid.UUID) []domain.Ref {
	if id == uuid.Nil {
		return nil
	}
	return []domain.Ref{{Type: domain.SubjectLocation, ID: id, Field: []string{"locationId"}}}
}
