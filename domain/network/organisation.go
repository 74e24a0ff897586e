package network

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Organisation is a member of the network.
type Organisation struct {
	ID         uuid.UUID   `json:"id"`
	Name       string      `json:"name"`
	Role       PartnerRole `json:"role"`
	LocationID uuid.UUID   `json:"locationId"`
	// Address and Website are optional; "" means none.
	Address string `json:"address,omitempty"`
	Website string `json:"website,omitempty"`
	// Contact is nil until a contact person is set.
	Contact *ContactPerson `json:"contact,omitempty"`
	// ErasedPersons lists every person whose data was erased, in the order
	// of erasure, so that history shows their paths as redacted forever,
	// also once another person is the contact.
	ErasedPersons []uuid.UUID `json:"erasedPersons,omitempty"`
	Revision      int         `json:"revision"`
}

// ContactPerson is an organisation's contact: personal data. After an
// erasure only PersonID and Erased remain.
type ContactPerson struct {
	// PersonID names the person's encryption key; erasing the person
	// deletes the key, which erases their data in every stored event.
	PersonID uuid.UUID `json:"personId"`
	Name     string    `json:"name,omitempty"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	Erased   bool      `json:"erased"`
}

func (o *Organisation) exists() bool { return o != nil && o.ID != uuid.Nil }

// hasLiveContact reports whether there is a contact person whose data was
// not erased.
func (o *Organisation) hasLiveContact() bool {
	return o.Contact != nil && !o.Contact.Erased
}

// Apply evolves the organisation by one event; unknown events only advance
// the revision.
func (o *Organisation) Apply(e domain.Event, revision int) {
	if o == nil {
		return
	}
	if ev, ok := e.(organisationEvent); ok {
		ev.applyTo(o)
	}
	o.Revision = revision
}

// Document renders the organisation's fields and its contact person as the
// list "contact" of at most one item keyed by PersonID (see the package
// documentation).
func (o *Organisation) Document() domain.Doc {
	doc := domain.NewDoc()
	if o == nil {
		return doc
	}
	locationID := any(nil)
	if o.LocationID != uuid.Nil {
		locationID = o.LocationID.String()
	}
	doc.Set("name", o.Name).
		Set("role", string(o.Role)).
		Set("locationId", locationID).
		Set("address", optionalString(o.Address)).
		Set("website", optionalString(o.Website))
	var contact []domain.Item
	if p := o.Contact; p != nil {
		contact = append(contact, domain.Item{Key: p.PersonID.String(), Doc: domain.NewDoc().
			Set("name", optionalString(p.Name)).
			Set("email", optionalString(p.Email)).
			Set("phone", optionalString(p.Phone)).
			Set("erased", p.Erased)})
	}
	return doc.List("contact", contact)
}

// ErasedPaths implements domain.PersonalData: the personal fields of every
// erased person, /contact/{personId}/name, /email and /phone.
func (o *Organisation) ErasedPaths() []string {
	if o == nil {
		return nil
	}
	var paths []string
	for _, id := range o.ErasedPersons {
		prefix := "/contact/" + id.String() + "/"
		paths = append(paths, prefix+"name", prefix+"email", prefix+"phone")
	}
	return paths
}

// markErased records that a person's data is gone.
func (o *Organisation) markErased(person uuid.UUID) {
	if !slices.Contains(o.ErasedPersons, person) {
		o.ErasedPersons = append(slices.Clip(o.ErasedPersons), person)
	}
}

// organisationEvent is implemented by the organisation's events;
// implementations accept a nil receiver, so Apply cannot panic.
type organisationEvent interface {
	domain.Event
	applyTo(o *Organisation)
}
