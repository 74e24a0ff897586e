package app_test

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// board is a small aggregate for testing the command service on its own:
// a title, keyed notes, a partner, and a workflow flag.
type board struct {
	ID        uuid.UUID         `json:"id"`
	Title     string            `json:"title"`
	Notes     map[string]string `json:"notes"`
	Order     []string          `json:"order"`
	Partner   uuid.UUID         `json:"partner"`
	Published bool              `json:"published"`
}

func (b *board) HasPartner(org uuid.UUID) bool { return b.Partner == org }

type boardCreated struct {
	ID      uuid.UUID `json:"id"`
	Title   string    `json:"title"`
	Partner uuid.UUID `json:"partner"`
}
type titleSet struct {
	Title string `json:"title"`
}
type noteSet struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}
type published struct{}

func (*boardCreated) EventType() string { return "test.BoardCreated" }
func (*titleSet) EventType() string     { return "test.TitleSet" }
func (*noteSet) EventType() string      { return "test.NoteSet" }
func (*published) EventType() string    { return "test.Published" }
func (*published) Workflow()            {}

func (b *board) Apply(e domain.Event, _ int) {
	switch ev := e.(type) {
	case *boardCreated:
		b.ID, b.Title, b.Partner, b.Notes = ev.ID, ev.Title, ev.Partner, map[string]string{}
	case *titleSet:
		b.Title = ev.Title
	case *noteSet:
		if _, ok := b.Notes[ev.Key]; !ok {
			b.Order = append(b.Order, ev.Key)
		}
		b.Notes[ev.Key] = ev.Text
	case *published:
		b.Published = true
	}
}

func (b *board) Document() domain.Doc {
	items := make([]domain.Item, len(b.Order))
	for i, k := range b.Order {
		items[i] = domain.Item{Key: k, Doc: domain.NewDoc().Set("text", b.Notes[k])}
	}
	return domain.NewDoc().Set("title", b.Title).Set("published", b.Published).List("notes", items)
}

type createBoard struct {
	Title   string    `json:"title"`
	Partner uuid.UUID `json:"partner"`
	Ref     uuid.UUID `json:"ref,omitzero"`
}

func (c createBoard) Describe() domain.Description {
	return domain.Description{Action: "createBoard", Access: domain.AccessCreate, Creates: true}
}
func (c createBoard) HasPartner(org uuid.UUID) bool { return c.Partner == org }
func (c createBoard) References() []domain.Ref {
	if c.Ref == uuid.Nil {
		return nil
	}
	return []domain.Ref{{Type: "BOARD", ID: c.Ref, Field: []string{"ref"}}}
}
func (c createBoard) Decide(b *board, ctx domain.Context) ([]domain.Event, error) {
	if c.Title == "" {
		return nil, domain.Invalid("title", "must not be blank")
	}
	return []domain.Event{&boardCreated{ID: ctx.NewID(), Title: c.Title, Partner: c.Partner}}, nil
}

type setTitle struct {
	Title string `json:"title"`
}

func (setTitle) Describe() domain.Description {
	return domain.Description{Action: "setTitle", Access: domain.AccessEdit}
}
func (c setTitle) Decide(b *board, _ domain.Context) ([]domain.Event, error) {
	if c.Title == "" {
		return nil, domain.Invalid("title", "must not be blank")
	}
	return []domain.Event{&titleSet{Title: c.Title}}, nil
}

type setNote struct {
	Key, Text string
}

func (setNote) Describe() domain.Description {
	return domain.Description{Action: "setNote", Access: domain.AccessEdit}
}
func (c setNote) Decide(b *board, _ domain.Context) ([]domain.Event, error) {
	return []domain.Event{&noteSet{Key: c.Key, Text: c.Text}}, nil
}

type publish struct{}

func (publish) Describe() domain.Description {
	return domain.Description{Action: "publish", Access: domain.AccessEdit, Workflow: true}
}
func (publish) Decide(b *board, _ domain.Context) ([]domain.Event, error) {
	if b.Published {
		return nil, domain.InvalidState("already published")
	}
	return []domain.Event{&published{}}, nil
}

var boards = eventstore.StreamKind[*board]{Type: "BOARD", New: func() *board { return &board{} }, StateVersion: 1}

func registry() *domain.Registry {
	r := domain.NewRegistry()
	r.Register(func() domain.Event { return &boardCreated{} })
	r.Register(func() domain.Event { return &titleSet{} })
	r.Register(func() domain.Event { return &noteSet{} })
	r.Register(func() domain.Event { return &published{} })
	return r
}
