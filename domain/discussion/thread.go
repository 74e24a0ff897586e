package discussion

import (
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Status is a thread's state: open for messages, or resolved.
type Status string

// The thread statuses.
const (
	StatusOpen     Status = "OPEN"
	StatusResolved Status = "RESOLVED"
)

// MaxMessages bounds a thread, so that it stays one small stream and one
// page of the API.
const MaxMessages = 500

// MaxQuoteLength bounds a quoted passage of a section body.
const MaxQuoteLength = 2_000

// Thread is the state of one discussion.
type Thread struct {
	ID           uuid.UUID          `json:"id"`
	DocumentType domain.SubjectType `json:"documentType"`
	DocumentID   uuid.UUID          `json:"documentId"`
	// Anchor is the discussed item; a zero Key means the document as a
	// whole.
	Anchor Anchor `json:"anchor"`
	// OpenedOnRevision is the document's revision when the thread began.
	OpenedOnRevision int       `json:"openedOnRevision"`
	StartedBy        uuid.UUID `json:"startedBy"`
	StartedAt        time.Time `json:"startedAt"`
	Status           Status    `json:"status"`
	Messages         []Message `json:"messages"`
	Revision         int       `json:"revision"`
}

// Anchor is the item a thread is about.
type Anchor struct {
	Key uuid.UUID `json:"key,omitzero"`
	// Kind is the item's kind (SECTION, MEASURE, ...; DOCUMENT for the
	// document as a whole) and Path its path in the document when the
	// thread began, e.g. /sections/{key}.
	Kind  string `json:"kind"`
	Path  string `json:"path"`
	Quote string `json:"quote,omitempty"`
}

// Message is one message of a thread. A deleted or hidden message keeps
// its place (replies refer to it) and its text in the state: the log
// holds it anyway; the read side shows neither.
type Message struct {
	ID                   uuid.UUID   `json:"id"`
	AuthorID             uuid.UUID   `json:"authorId"`
	AuthorOrganisationID uuid.UUID   `json:"authorOrganisationId,omitzero"`
	ReplyTo              uuid.UUID   `json:"replyTo,omitzero"`
	Body                 string      `json:"body"`
	Mentions             []uuid.UUID `json:"mentions,omitempty"`
	PostedAt             time.Time   `json:"postedAt"`
	EditedAt             *time.Time  `json:"editedAt,omitempty"`
	// Edits are the earlier versions of Body, oldest first.
	Edits        []Edit     `json:"edits,omitempty"`
	DeletedAt    *time.Time `json:"deletedAt,omitempty"`
	Hidden       bool       `json:"hidden,omitempty"`
	HiddenReason string     `json:"hiddenReason,omitempty"`
	HiddenBy     uuid.UUID  `json:"hiddenBy,omitzero"`
}

// Edit is an earlier version of a message's text, until At.
type Edit struct {
	Body string    `json:"body"`
	At   time.Time `json:"at"`
}

// Visible reports whether the message's text may be shown.
func (m *Message) Visible() bool { return m.DeletedAt == nil && !m.Hidden }

func (t *Thread) exists() bool { return t != nil && t.ID != uuid.Nil }

// message returns the message with the given id, nil when there is none.
func (t *Thread) message(id uuid.UUID) *Message {
	for i := range t.Messages {
		if t.Messages[i].ID == id {
			return &t.Messages[i]
		}
	}
	return nil
}

// Apply evolves the thread by one event; unknown events only advance the
// revision.
func (t *Thread) Apply(e domain.Event, revision int) {
	if t == nil {
		return
	}
	if ev, ok := e.(threadEvent); ok {
		ev.applyTo(t)
	}
	t.Revision = revision
}

// Document renders the thread for history and the audit log:
// /status, the anchor's fields, and /messages/{id}/... . The text of a
// deleted or hidden message renders as null from then on.
func (t *Thread) Document() domain.Doc {
	if t == nil || !t.exists() {
		return domain.NewDoc()
	}
	items := make([]domain.Item, len(t.Messages))
	for i, m := range t.Messages {
		var body, replyTo, reason any
		if m.Visible() {
			body = m.Body
		}
		if m.ReplyTo != uuid.Nil {
			replyTo = m.ReplyTo.String()
		}
		if m.Hidden {
			reason = m.HiddenReason
		}
		mentions := make([]any, len(m.Mentions))
		for j, id := range m.Mentions {
			mentions[j] = id.String()
		}
		items[i] = domain.Item{Key: m.ID.String(), Doc: domain.NewDoc().
			Set("authorId", m.AuthorID.String()).
			Set("replyTo", replyTo).
			Set("body", body).
			Set("mentions", mentions).
			Set("edits", len(m.Edits)).
			Set("deleted", m.DeletedAt != nil).
			Set("hidden", m.Hidden).
			Set("hiddenReason", reason)}
	}
	var key any
	if t.Anchor.Key != uuid.Nil {
		key = t.Anchor.Key.String()
	}
	return domain.NewDoc().
		Set("documentType", string(t.DocumentType)).
		Set("documentId", t.DocumentID.String()).
		Set("itemKey", key).
		Set("itemKind", t.Anchor.Kind).
		Set("quote", t.Anchor.Quote).
		Set("openedOnRevision", t.OpenedOnRevision).
		Set("status", string(t.Status)).
		List("messages", items)
}

// threadEvent is implemented by the thread's events: each knows how it
// changes the state, next to its definition.
type threadEvent interface {
	domain.Event
	applyTo(t *Thread)
}
