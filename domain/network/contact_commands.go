package network

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// SetContactPerson is the setContactPerson mutation: it replaces the
// organisation's contact person whole. Email and phone are optional ("" is
// none).
type SetContactPerson struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Describe implements domain.Command.
func (SetContactPerson) Describe() domain.Description {
	return domain.Description{Action: "setContactPerson", Access: domain.AccessAdmin}
}

// Decide implements domain.Command. The current contact keeps their
// PersonID; with no contact, or after an erasure, the person gets a new
// one, so that the erased person's key stays deleted.
func (cmd SetContactPerson) Decide(state *Organisation, c domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(organisationSubject)
	}
	var checks domain.Checks
	checks.Name(cmd.Name, "name")
	checkEmail(&checks, cmd.Email, "email")
	checkPhone(&checks, cmd.Phone, "phone")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	var person uuid.UUID
	if state.hasLiveContact() {
		person = state.Contact.PersonID
	} else {
		person = newID(c)
	}
	return []domain.Event{&ContactPersonSet{
		PersonID: person,
		Personal: PersonalData(cmd),
	}}, nil
}

// EraseContactPerson is the eraseContactPerson mutation: the contact
// person's data is erased in every revision, for good.
type EraseContactPerson struct{}

// Describe implements domain.Command.
func (EraseContactPerson) Describe() domain.Description {
	return domain.Description{Action: "eraseContactPerson", Access: domain.AccessAdmin}
}

// Decide implements domain.Command.
func (cmd EraseContactPerson) Decide(state *Organisation, _ domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(organisationSubject)
	}
	if !state.hasLiveContact() {
		return nil, ErrNoContactPerson
	}
	return []domain.Event{&ContactPersonErased{PersonID: state.Contact.PersonID}}, nil
}
