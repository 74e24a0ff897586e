package discussion

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// StartDiscussion is the startDiscussion mutation: a new thread on a
// document or one of its items, with its first message. The thread's id
// is the first id Context.NewID returns, the message's the second.
type StartDiscussion struct {
	DocumentType domain.SubjectType `json:"documentType"`
	DocumentID   uuid.UUID          `json:"documentId"`
	// ItemKey is uuid.Nil for the document as a whole.
	ItemKey  uuid.UUID   `json:"itemKey,omitzero"`
	Quote    string      `json:"quote,omitempty"`
	Body     string      `json:"body"`
	Mentions []uuid.UUID `json:"mentions,omitempty"`
	*Facts   `json:"-"`
}

// Describe implements domain.Command.
func (StartDiscussion) Describe() domain.Description {
	return domain.Description{Action: "startDiscussion", Access: domain.AccessDiscuss, Creates: true}
}

// Decide implements domain.Command.
func (cmd StartDiscussion) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if state.exists() {
		return nil, ErrThreadExists
	}
	f := cmd.Facts
	if f == nil || f.DocumentID != cmd.DocumentID || f.DocumentType != cmd.DocumentType || f.Revision == 0 {
		return nil, domain.NotFound(cmd.DocumentType.Noun())
	}
	var checks domain.Checks
	anchor := anchorOf(f, cmd.ItemKey, cmd.Quote, &checks)
	checkBody(cmd.Body, &checks)
	mentions := checkMentions(f, cmd.Mentions, &checks)
	if err := checks.Err(); err != nil {
		return nil, err
	}
	threadID, messageID := c.NewID(), c.NewID()
	return []domain.Event{
		&Started{ThreadID: threadID, DocumentType: f.DocumentType, DocumentID: f.DocumentID, Anchor: anchor,
			OpenedOnRevision: f.Revision, StartedBy: c.Actor.ID, At: c.Now},
		&MessagePosted{MessageID: messageID, AuthorID: c.Actor.ID, AuthorOrganisationID: c.Actor.OrganisationID,
			Body: cmd.Body, Mentions: mentions, At: c.Now},
	}, nil
}

// PostDiscussionMessage is the postDiscussionMessage mutation: a message
// in an open thread, optionally replying to an earlier one.
type PostDiscussionMessage struct {
	ReplyTo  uuid.UUID   `json:"replyTo,omitzero"`
	Body     string      `json:"body"`
	Mentions []uuid.UUID `json:"mentions,omitempty"`
	*Facts   `json:"-"`
}

// Describe implements domain.Command.
func (PostDiscussionMessage) Describe() domain.Description {
	return domain.Description{Action: "postDiscussionMessage", Access: domain.AccessDiscuss}
}

// Decide implements domain.Command.
func (cmd PostDiscussionMessage) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if err := writable(state); err != nil {
		return nil, err
	}
	if len(state.Messages) >= MaxMessages {
		return nil, ErrThreadFull
	}
	var checks domain.Checks
	if cmd.ReplyTo != uuid.Nil && state.message(cmd.ReplyTo) == nil {
		checks.Fail("is not a message of this discussion", "replyTo")
	}
	checkBody(cmd.Body, &checks)
	mentions := checkMentions(cmd.Facts, cmd.Mentions, &checks)
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&MessagePosted{MessageID: c.NewID(), AuthorID: c.Actor.ID,
		AuthorOrganisationID: c.Actor.OrganisationID, ReplyTo: cmd.ReplyTo, Body: cmd.Body, Mentions: mentions, At: c.Now}}, nil
}

// EditDiscussionMessage is the editDiscussionMessage mutation: an author
// rewrites their message; the earlier text stays in its history.
type EditDiscussionMessage struct {
	MessageID uuid.UUID   `json:"messageId"`
	Body      string      `json:"body"`
	Mentions  []uuid.UUID `json:"mentions,omitempty"`
	*Facts    `json:"-"`
}

// Describe implements domain.Command.
func (EditDiscussionMessage) Describe() domain.Description {
	return domain.Description{Action: "editDiscussionMessage", Access: domain.AccessDiscuss}
}

// Decide implements domain.Command.
func (cmd EditDiscussionMessage) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if err := writable(state); err != nil {
		return nil, err
	}
	if _, err := ownMessage(state, cmd.MessageID, c.Actor); err != nil {
		return nil, err
	}
	var checks domain.Checks
	checkBody(cmd.Body, &checks)
	mentions := checkMentions(cmd.Facts, cmd.Mentions, &checks)
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&MessageEdited{MessageID: cmd.MessageID, Body: cmd.Body, Mentions: mentions, At: c.Now}}, nil
}

// DeleteDiscussionMessage is the deleteDiscussionMessage mutation: an
// author withdraws their message. It keeps its place in the thread
// (replies refer to it), without its text.
type DeleteDiscussionMessage struct {
	MessageID uuid.UUID `json:"messageId"`
	*Facts    `json:"-"`
}

// Describe implements domain.Command.
func (DeleteDiscussionMessage) Describe() domain.Description {
	return domain.Description{Action: "deleteDiscussionMessage", Access: domain.AccessDiscuss}
}

// Decide implements domain.Command. Deleting is allowed in a resolved
// thread too: withdrawing what one said is never blocked.
func (cmd DeleteDiscussionMessage) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(threadSubject)
	}
	if _, err := ownMessage(state, cmd.MessageID, c.Actor); err != nil {
		return nil, err
	}
	return []domain.Event{&MessageDeleted{MessageID: cmd.MessageID, At: c.Now}}, nil
}

// ResolveDiscussion is the resolveDiscussion mutation.
type ResolveDiscussion struct {
	*Facts `json:"-"`
}

// Describe implements domain.Command.
func (ResolveDiscussion) Describe() domain.Description {
	return domain.Description{Action: "resolveDiscussion", Access: domain.AccessDiscuss}
}

// Decide implements domain.Command.
func (ResolveDiscussion) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(threadSubject)
	}
	if state.Status == StatusResolved {
		return nil, ErrAlreadyResolved
	}
	return []domain.Event{&Resolved{By: c.Actor.ID, At: c.Now}}, nil
}

// ReopenDiscussion is the reopenDiscussion mutation.
type ReopenDiscussion struct {
	*Facts `json:"-"`
}

// Describe implements domain.Command.
func (ReopenDiscussion) Describe() domain.Description {
	return domain.Description{Action: "reopenDiscussion", Access: domain.AccessDiscuss}
}

// Decide implements domain.Command.
func (ReopenDiscussion) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(threadSubject)
	}
	if state.Status != StatusResolved {
		return nil, ErrNotResolved
	}
	return []domain.Event{&Reopened{By: c.Actor.ID, At: c.Now}}, nil
}

// HideDiscussionMessage is the hideDiscussionMessage mutation: an ADMIN
// takes a message out of view. The reason is required and is also the
// revision's reason, so that the audit log shows it.
type HideDiscussionMessage struct {
	MessageID uuid.UUID `json:"messageId"`
	Reason    string    `json:"reason"`
}

// Describe implements domain.Command.
func (HideDiscussionMessage) Describe() domain.Description {
	return domain.Description{Action: "hideDiscussionMessage", Access: domain.AccessAdmin}
}

// Decide implements domain.Command.
func (cmd HideDiscussionMessage) Decide(state *Thread, c domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(threadSubject)
	}
	m := state.message(cmd.MessageID)
	if m == nil {
		return nil, domain.NotFound(messageSubject)
	}
	var checks domain.Checks
	checks.Require(len(cmd.Reason) > 0 && !blank(cmd.Reason), "must not be blank", "reason")
	checks.Text(cmd.Reason, domain.MaxTextLength, "reason")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	if !m.Visible() {
		return nil, ErrMessageGone
	}
	return []domain.Event{&MessageHidden{MessageID: cmd.MessageID, Reason: cmd.Reason, By: c.Actor.ID, At: c.Now}}, nil
}

// writable refuses messages in a thread that does not exist or is
// resolved.
func writable(state *Thread) error {
	if !state.exists() {
		return domain.NotFound(threadSubject)
	}
	if state.Status == StatusResolved {
		return ErrResolved
	}
	return nil
}

// ownMessage returns the actor's own visible message with id.
func ownMessage(state *Thread, id uuid.UUID, actor domain.Actor) (*Message, error) {
	m := state.message(id)
	if m == nil {
		return nil, domain.NotFound(messageSubject)
	}
	if m.AuthorID != actor.ID {
		return nil, ErrNotAuthor
	}
	if !m.Visible() {
		return nil, ErrMessageGone
	}
	return m, nil
}
