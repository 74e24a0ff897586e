package discussion

import (
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// RegisterEvents registers the thread's events.
func RegisterEvents(r *domain.Registry) {
	r.Register(func() domain.Event { return &Started{} })
	r.Register(func() domain.Event { return &MessagePosted{} })
	r.Register(func() domain.Event { return &MessageEdited{} })
	r.Register(func() domain.Event { return &MessageDeleted{} })
	r.Register(func() domain.Event { return &MessageHidden{} })
	r.Register(func() domain.Event { return &Resolved{} })
	r.Register(func() domain.Event { return &Reopened{} })
}

// Started records a new thread and what it is about; its first message
// is a MessagePosted of the same revision.
type Started struct {
	ThreadID         uuid.UUID          `json:"threadId"`
	DocumentType     domain.SubjectType `json:"documentType"`
	DocumentID       uuid.UUID          `json:"documentId"`
	Anchor           Anchor             `json:"anchor"`
	OpenedOnRevision int                `json:"openedOnRevision"`
	StartedBy        uuid.UUID          `json:"startedBy"`
	At               time.Time          `json:"at"`
}

// EventType implements domain.Event.
func (*Started) EventType() string { return "discussion.Started" }

func (e *Started) applyTo(t *Thread) {
	t.ID, t.DocumentType, t.DocumentID, t.Anchor = e.ThreadID, e.DocumentType, e.DocumentID, e.Anchor
	t.OpenedOnRevision, t.StartedBy, t.StartedAt, t.Status = e.OpenedOnRevision, e.StartedBy, e.At, StatusOpen
}

// MessagePosted records a message (the first of a thread, or a reply).
type MessagePosted struct {
	MessageID            uuid.UUID   `json:"messageId"`
	AuthorID             uuid.UUID   `json:"authorId"`
	AuthorOrganisationID uuid.UUID   `json:"authorOrganisationId,omitzero"`
	ReplyTo              uuid.UUID   `json:"replyTo,omitzero"`
	Body                 string      `json:"body"`
	Mentions             []uuid.UUID `json:"mentions,omitempty"`
	At                   time.Time   `json:"at"`
}

// EventType implements domain.Event.
func (*MessagePosted) EventType() string { return "discussion.MessagePosted" }

func (e *MessagePosted) applyTo(t *Thread) {
	t.Messages = append(t.Messages, Message{
		ID: e.MessageID, AuthorID: e.AuthorID, AuthorOrganisationID: e.AuthorOrganisationID, ReplyTo: e.ReplyTo,
		Body: e.Body, Mentions: slices.Clone(e.Mentions), PostedAt: e.At,
	})
}

// MessageEdited records a message's new text and mentions; the text
// before is kept as an Edit.
type MessageEdited struct {
	MessageID uuid.UUID   `json:"messageId"`
	Body      string      `json:"body"`
	Mentions  []uuid.UUID `json:"mentions,omitempty"`
	At        time.Time   `json:"at"`
}

// EventType implements domain.Event.
func (*MessageEdited) EventType() string { return "discussion.MessageEdited" }

func (e *MessageEdited) applyTo(t *Thread) {
	if m := t.message(e.MessageID); m != nil {
		m.Edits = append(m.Edits, Edit{Body: m.Body, At: e.At})
		m.Body, m.Mentions, m.EditedAt = e.Body, slices.Clone(e.Mentions), new(e.At)
	}
}

// MessageDeleted records that an author withdrew their message.
type MessageDeleted struct {
	MessageID uuid.UUID `json:"messageId"`
	At        time.Time `json:"at"`
}

// EventType implements domain.Event.
func (*MessageDeleted) EventType() string { return "discussion.MessageDeleted" }

func (e *MessageDeleted) applyTo(t *Thread) {
	if m := t.message(e.MessageID); m != nil {
		m.DeletedAt = new(e.At)
	}
}

// MessageHidden records that an ADMIN hid a message, and why.
type MessageHidden struct {
	MessageID uuid.UUID `json:"messageId"`
	Reason    string    `json:"reason"`
	By        uuid.UUID `json:"by"`
	At        time.Time `json:"at"`
}

// EventType implements domain.Event.
func (*MessageHidden) EventType() string { return "discussion.MessageHidden" }

func (e *MessageHidden) applyTo(t *Thread) {
	if m := t.message(e.MessageID); m != nil {
		m.Hidden, m.HiddenReason, m.HiddenBy = true, e.Reason, e.By
	}
}

// Resolved records that the thread was closed as settled.
type Resolved struct {
	By uuid.UUID `json:"by"`
	At time.Time `json:"at"`
}

// EventType implements domain.Event.
func (*Resolved) EventType() string { return "discussion.Resolved" }

func (e *Resolved) applyTo(t *Thread) { t.Status = StatusResolved }

// Reopened records that a resolved thread was opened again.
type Reopened struct {
	By uuid.UUID `json:"by"`
	At time.Time `json:"at"`
}

// EventType implements domain.Event.
func (*Reopened) EventType() string { return "discussion.Reopened" }

func (e *Reopened) applyTo(t *Thread) { t.Status = StatusOpen }
