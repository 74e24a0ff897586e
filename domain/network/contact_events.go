package network

import "github.com/google/uuid"

// PersonalData is the personal part of a contact event: the one object an
// event codec encrypts with the person's key (JSON "personal").
type PersonalData struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// ContactPersonSet records an organisation's contact person. A codec that
// can no longer decrypt Personal (the person was erased) leaves it zero and
// sets Redacted.
type ContactPersonSet struct {
	PersonID uuid.UUID    `json:"personId"`
	Personal PersonalData `json:"personal"`
	Redacted bool         `json:"redacted,omitempty"`
}

// EventType implements domain.Event.
func (*ContactPersonSet) EventType() string { return "network.ContactPersonSet" }

// PersonalDataKey implements domain.PersonalEvent: the person's data is
// encrypted with a key of their own.
func (e *ContactPersonSet) PersonalDataKey() uuid.UUID { return e.PersonID }

// erased reports whether the personal data is gone: a name is required
// whenever a contact is set, so its absence means erasure too.
func (e *ContactPersonSet) erased() bool {
	return e.Redacted || e.Personal.Name == ""
}

func (e *ContactPersonSet) applyTo(o *Organisation) {
	if e == nil {
		return
	}
	if e.erased() {
		o.Contact = &ContactPerson{PersonID: e.PersonID, Erased: true}
		o.markErased(e.PersonID)
		return
	}
	o.Contact = &ContactPerson{
		PersonID: e.PersonID,
		Name:     e.Personal.Name,
		Email:    e.Personal.Email,
		Phone:    e.Personal.Phone,
	}
}

// ContactPersonErased records that a person's data was erased for good. It
// carries no personal data; the codec deletes the person's key.
type ContactPersonErased struct {
	PersonID uuid.UUID `json:"personId"`
}

// EventType implements domain.Event.
func (*ContactPersonErased) EventType() string { return "network.ContactPersonErased" }

// ErasedDataKey implements domain.ErasingEvent: storing it destroys the
// person's key.
func (e *ContactPersonErased) ErasedDataKey() uuid.UUID { return e.PersonID }

// The person's data is gone from every revision, whether or not they are
// still the contact.
func (e *ContactPersonErased) applyTo(o *Organisation) {
	if e == nil {
		return
	}
	o.markErased(e.PersonID)
	if o.Contact != nil && o.Contact.PersonID == e.PersonID {
		o.Contact = &ContactPerson{PersonID: e.PersonID, Erased: true}
	}
}
