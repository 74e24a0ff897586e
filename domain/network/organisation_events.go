package network

import "github.com/google/uuid"

// OrganisationRegistered records a new organisation.
type OrganisationRegistered struct {
	OrganisationID uuid.UUID   `json:"organisationId"`
	Name           string      `json:"name"`
	Role           PartnerRole `json:"role"`
	LocationID     uuid.UUID   `json:"locationId"`
	Address        string      `json:"address,omitempty"`
	Website        string      `json:"website,omitempty"`
}

// EventType implements domain.Event.
func (*OrganisationRegistered) EventType() string { return "network.OrganisationRegistered" }

func (e *OrganisationRegistered) applyTo(o *Organisation) {
	if e == nil {
		return
	}
	o.ID, o.Name, o.Role, o.LocationID = e.OrganisationID, e.Name, e.Role, e.LocationID
	o.Address, o.Website = e.Address, e.Website
}

// OrganisationUpdated records an organisation's editable fields after an
// update, all of them. The contact person has events of its own.
type OrganisationUpdated struct {
	Name       string      `json:"name"`
	Role       PartnerRole `json:"role"`
	LocationID uuid.UUID   `json:"locationId"`
	Address    string      `json:"address,omitempty"`
	Website    string      `json:"website,omitempty"`
}

// EventType implements domain.Event.
func (*OrganisationUpdated) EventType() string { return "network.OrganisationUpdated" }

func (e *OrganisationUpdated) applyTo(o *Organisation) {
	if e == nil {
		return
	}
	o.Name, o.Role, o.LocationID = e.Name, e.Role, e.LocationID
	o.Address, o.Website = e.Address, e.Website
}
