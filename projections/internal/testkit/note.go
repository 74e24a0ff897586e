package testkit

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// NoteType is the subject type of the test aggregate.
const NoteType domain.SubjectType = "NOTE"

// Note is a test aggregate. Log records every text written, in the order
// applied, so a state shows whether revisions were applied in order.
type Note struct {
	ID       uuid.UUID    `json:"id"`
	Title    string       `json:"title"`
	Status   string       `json:"status,omitempty"`
	Log      []string     `json:"log"`
	Partners []uuid.UUID  `json:"partners,omitempty"`
	Items    []NoteItem   `json:"items,omitempty"`
	Contact  *NoteContact `json:"contact,omitempty"`
	Erased   []string     `json:"erased,omitempty"`
}

// NoteItem is a keyed item.
type NoteItem struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// NoteContact is personal data.
type NoteContact struct {
	PersonID uuid.UUID `json:"personId"`
	Name     string    `json:"name,omitempty"`
	Email    string    `json:"email,omitempty"`
}

// Written appends a text and, if set, changes the title.
type Written struct {
	Text  string `json:"text"`
	Title string `json:"title,omitempty"`
}

// ItemPut adds or changes an item.
type ItemPut struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// ItemDropped removes an item.
type ItemDropped struct {
	Key string `json:"key"`
}

// StatusSet sets the status.
type StatusSet struct {
	Status string `json:"status"`
}

// PartnerAdded adds a partner.
type PartnerAdded struct {
	ID uuid.UUID `json:"id"`
}

// ContactSet sets the contact person.
type ContactSet struct {
	PersonID uuid.UUID `json:"personId"`
	Name     string    `json:"name"`
	Email    string    `json:"email"`
}

// ContactErased erases the contact person's data.
type ContactErased struct {
	PersonID uuid.UUID `json:"personId"`
}

func (*Written) EventType() string       { return "test.Written" }
func (*ItemPut) EventType() string       { return "test.ItemPut" }
func (*ItemDropped) EventType() string   { return "test.ItemDropped" }
func (*StatusSet) EventType() string     { return "test.StatusSet" }
func (*PartnerAdded) EventType() string  { return "test.PartnerAdded" }
func (*ContactSet) EventType() string    { return "test.ContactSet" }
func (*ContactErased) EventType() string { return "test.ContactErased" }

// RegisterNoteEvents adds the Note's events to r.
func RegisterNoteEvents(r *domain.Registry) {
	r.Register(func() domain.Event { return new(Written) })
	r.Register(func() domain.Event { return new(ItemPut) })
	r.Register(func() domain.Event { return new(ItemDropped) })
	r.Register(func() domain.Event { return new(StatusSet) })
	r.Register(func() domain.Event { return new(PartnerAdded) })
	r.Register(func() domain.Event { return new(ContactSet) })
	r.Register(func() domain.Event { return new(ContactErased) })
}

// Apply implements domain.Aggregate.
func (n *Note) Apply(e domain.Event, _ int) {
	switch ev := e.(type) {
	case *Written:
		n.Log = append(n.Log, ev.Text)
		if ev.Title != "" {
			n.Title = ev.Title
		}
	case *ItemPut:
		for i := range n.Items {
			if n.Items[i].Key == ev.Key {
				n.Items[i].Text = ev.Text
				return
			}
		}
		n.Items = append(n.Items, NoteItem{Key: ev.Key, Text: ev.Text})
	case *ItemDropped:
		for i := range n.Items {
			if n.Items[i].Key == ev.Key {
				n.Items = append(n.Items[:i:i], n.Items[i+1:]...)
				return
			}
		}
	case *StatusSet:
		n.Status = ev.Status
	case *PartnerAdded:
		n.Partners = append(n.Partners, ev.ID)
	case *ContactSet:
		n.Contact = &NoteContact{PersonID: ev.PersonID, Name: ev.Name, Email: ev.Email}
	case *ContactErased:
		if n.Contact != nil && n.Contact.PersonID == ev.PersonID {
			n.Contact = &NoteContact{PersonID: ev.PersonID}
			p := "/contact/" + ev.PersonID.String()
			n.Erased = append(n.Erased, p+"/name", p+"/email")
		}
	}
}

// Document implements domain.Aggregate.
func (n *Note) Document() domain.Doc {
	last := ""
	if len(n.Log) > 0 {
		last = n.Log[len(n.Log)-1]
	}
	doc := domain.NewDoc().
		Set("title", n.Title).
		Set("status", n.Status).
		Set("last", last).
		Set("count", len(n.Log))
	partners := make([]domain.Item, len(n.Partners))
	for i, p := range n.Partners {
		partners[i] = domain.Item{Key: p.String(), Doc: domain.NewDoc()}
	}
	items := make([]domain.Item, len(n.Items))
	for i, it := range n.Items {
		items[i] = domain.Item{Key: it.Key, Doc: domain.NewDoc().Set("text", it.Text)}
	}
	var contact []domain.Item
	if c := n.Contact; c != nil {
		contact = append(contact, domain.Item{Key: c.PersonID.String(), Doc: domain.NewDoc().
			Set("name", nullable(c.Name)).Set("email", nullable(c.Email))})
	}
	return doc.List("partners", partners).List("items", items).List("contact", contact)
}

// ErasedPaths implements domain.PersonalData.
func (n *Note) ErasedPaths() []string { return n.Erased }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
