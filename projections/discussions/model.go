package discussions

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/eventstore"
)

// Model is a thread as the projection keeps it (threads.state) and the
// Reader serves it: the aggregate's state, and the log position of the
// revision that posted each message (unread counts compare it with a
// person's read mark).
type Model struct {
	Thread    discussion.Thread   `json:"thread"`
	Positions map[uuid.UUID]int64 `json:"positions"`
	UpdatedAt time.Time           `json:"updatedAt"`
	Position  int64               `json:"position"`
}

// fold applies one revision's events.
func (m *Model) fold(rev eventstore.Revision, events []domain.Event) {
	if m.Positions == nil {
		m.Positions = map[uuid.UUID]int64{}
	}
	for _, e := range events {
		m.Thread.Apply(e, rev.Revision)
		if p, ok := e.(*discussion.MessagePosted); ok {
			m.Positions[p.MessageID] = rev.Position()
		}
	}
	m.UpdatedAt, m.Position = rev.RecordedAt, rev.Position()
}

var threadColumns = []string{"thread_id", "document_type", "document_id", "item_key", "item_kind", "item_path", "quote",
	"opened_on_revision", "status", "started_by", "started_at", "updated_at", "revision", "position", "messages", "state"}

// threadRow renders the threads row; state is the model as JSON.
func (m *Model) threadRow(state []byte) []any {
	t := &m.Thread
	var key *uuid.UUID
	if t.Anchor.Key != uuid.Nil {
		key = &t.Anchor.Key
	}
	visible := 0
	for i := range t.Messages {
		if t.Messages[i].Visible() {
			visible++
		}
	}
	return []any{t.ID, string(t.DocumentType), t.DocumentID, key, t.Anchor.Kind, t.Anchor.Path, t.Anchor.Quote,
		t.OpenedOnRevision, string(t.Status), t.StartedBy, t.StartedAt, m.UpdatedAt, t.Revision, m.Position, visible, state}
}

var messageColumns = []string{"thread_id", "message_id", "ordinal", "document_id", "author_id", "author_organisation_id",
	"reply_to", "body", "mentions", "posted_at", "edited_at", "edits", "deleted", "hidden", "hidden_reason", "position"}

// Edit is an earlier text of a message as the read model serves it.
type Edit struct {
	Body string    `json:"body"`
	At   time.Time `json:"at"`
}

// messageRows renders the messages rows. A deleted or hidden message
// keeps its row (replies name it), without its text or earlier texts.
func (m *Model) messageRows() [][]any {
	t := &m.Thread
	rows := make([][]any, len(t.Messages))
	for i, msg := range t.Messages {
		var (
			body, reason *string
			org, reply   *uuid.UUID
		)
		edits := []Edit{}
		if msg.Visible() {
			body = &msg.Body
			for _, e := range msg.Edits {
				edits = append(edits, Edit{Body: e.Body, At: e.At})
			}
		}
		if msg.Hidden {
			reason = &msg.HiddenReason
		}
		if msg.AuthorOrganisationID != uuid.Nil {
			org = &msg.AuthorOrganisationID
		}
		if msg.ReplyTo != uuid.Nil {
			reply = &msg.ReplyTo
		}
		mentions := msg.Mentions
		if mentions == nil {
			mentions = []uuid.UUID{}
		}
		rows[i] = []any{t.ID, msg.ID, i + 1, t.DocumentID, msg.AuthorID, org, reply, body, mentions, msg.PostedAt,
			msg.EditedAt, edits, msg.DeletedAt != nil, msg.Hidden, reason, m.Positions[msg.ID]}
	}
	return rows
}

// decode returns a thread revision's events. Threads hold no personal
// data (authors are named by id), so the registry decodes them as
// stored, with no key lookup.
func decode(registry *domain.Registry, rev eventstore.Revision) ([]domain.Event, error) {
	events := make([]domain.Event, len(rev.Events))
	for i, rec := range rev.Events {
		e, err := registry.Decode(rec.Type, rec.SchemaVersion, rec.Data)
		if err != nil {
			return nil, fmt.Errorf("discussions: stream %s revision %d: %w", rev.StreamID, rev.Revision, err)
		}
		events[i] = e
	}
	return events, nil
}
