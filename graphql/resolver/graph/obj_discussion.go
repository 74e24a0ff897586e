package graph

import (
	"context"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/discussion"
)

// Discussions (issue 18) are served from the thread's state, wherever it
// comes from: a mutation's result, the documents read model (node, the
// audit log's subject) or the discussions read model (lists, the feed),
// which also knows the log position each message was posted at.

// DiscussionResolver is a Discussion.
type DiscussionResolver struct {
	root *Resolver
	t    *discussion.Thread
	// positions of the messages, nil when not known (a mutation's result
	// before the read model took it in).
	positions map[uuid.UUID]int64
}

func (r *Resolver) NewDiscussion(t *discussion.Thread, positions map[uuid.UUID]int64) *DiscussionResolver {
	return &DiscussionResolver{root: r, t: t, positions: positions}
}

func (d *DiscussionResolver) ID() graphql.ID          { return SubjectID(d.t.ID) }
func (d *DiscussionResolver) DocumentType() string    { return string(d.t.DocumentType) }
func (d *DiscussionResolver) ItemKind() string        { return d.t.Anchor.Kind }
func (d *DiscussionResolver) ItemPath() string        { return d.t.Anchor.Path }
func (d *DiscussionResolver) Quote() string           { return d.t.Anchor.Quote }
func (d *DiscussionResolver) OpenedOnRevision() int32 { return int32(d.t.OpenedOnRevision) }
func (d *DiscussionResolver) Status() string          { return string(d.t.Status) }
func (d *DiscussionResolver) StartedAt() DateTime     { return NewDateTime(d.t.StartedAt) }
func (d *DiscussionResolver) Revision() int32         { return int32(d.t.Revision) }

func (d *DiscussionResolver) ItemKey() *graphql.ID {
	if d.t.Anchor.Key == uuid.Nil {
		return nil
	}
	return new(ItemKey(d.t.Anchor.Key))
}

func (d *DiscussionResolver) Document(ctx context.Context) (*DiscussedDocumentResolver, error) {
	return d.root.DiscussedDocument(ctx, d.t.DocumentType, d.t.DocumentID)
}

// ItemExists looks the item up in the document as it is now: a removal
// shows at once, and a restore that brings the item back too.
func (d *DiscussionResolver) ItemExists(ctx context.Context) (bool, error) {
	if d.t.Anchor.Key == uuid.Nil {
		return true, nil
	}
	doc, _, err := d.root.discussedState(ctx, d.t.DocumentType, d.t.DocumentID)
	if err != nil {
		return false, err
	}
	_, _, _, ok := discussion.FindItem(doc, d.t.Anchor.Key)
	return ok, nil
}

func (d *DiscussionResolver) StartedBy(ctx context.Context) (*ActorResolver, error) {
	return d.root.ActorByID(ctx, d.t.StartedBy)
}

func (d *DiscussionResolver) UpdatedAt(ctx context.Context) (DateTime, error) {
	return d.root.updatedAt(ctx, d.t.ID, d.t.Revision)
}

func (d *DiscussionResolver) Messages() []*DiscussionMessageResolver {
	out := make([]*DiscussionMessageResolver, len(d.t.Messages))
	for i := range d.t.Messages {
		out[i] = d.MessageOf(&d.t.Messages[i])
	}
	return out
}

func (d *DiscussionResolver) MessageOf(m *discussion.Message) *DiscussionMessageResolver {
	var position *int64
	if p, ok := d.positions[m.ID]; ok {
		position = &p
	}
	return &DiscussionMessageResolver{root: d.root, m: m, position: position}
}

func (d *DiscussionResolver) MessageCount() int32 {
	n := 0
	for i := range d.t.Messages {
		if d.t.Messages[i].Visible() {
			n++
		}
	}
	return int32(n)
}

// ViewerCanWrite applies app.Authorize's rule to the document's partners.
func (d *DiscussionResolver) ViewerCanWrite(ctx context.Context) (bool, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return false, err
	}
	_, partners, err := d.root.discussedState(ctx, d.t.DocumentType, d.t.DocumentID)
	if err != nil {
		return false, err
	}
	facts := &discussion.Facts{Partners: partners}
	return app.Authorize(actor, domain.Description{Access: domain.AccessDiscuss}, nil, discussion.PostDiscussionMessage{Facts: facts}) == nil, nil
}

func (d *DiscussionResolver) Revisions(ctx context.Context, args ConnectionArgs) (*RevisionConnectionResolver, error) {
	return d.root.subjectRevisions(ctx, d.t.ID, args)
}

// DiscussionMessageResolver is a DiscussionMessage.
type DiscussionMessageResolver struct {
	root     *Resolver
	m        *discussion.Message
	position *int64
}

func (m *DiscussionMessageResolver) ID() graphql.ID     { return graphql.ID(m.m.ID.String()) }
func (m *DiscussionMessageResolver) PostedAt() DateTime { return NewDateTime(m.m.PostedAt) }
func (m *DiscussionMessageResolver) Deleted() bool      { return m.m.DeletedAt != nil }
func (m *DiscussionMessageResolver) Hidden() bool       { return m.m.Hidden }

func (m *DiscussionMessageResolver) Author(ctx context.Context) (*ActorResolver, error) {
	return m.root.ActorByID(ctx, m.m.AuthorID)
}

func (m *DiscussionMessageResolver) ReplyTo() *graphql.ID {
	if m.m.ReplyTo == uuid.Nil {
		return nil
	}
	return new(graphql.ID(m.m.ReplyTo.String()))
}

func (m *DiscussionMessageResolver) Body() *string {
	if !m.m.Visible() {
		return nil
	}
	return &m.m.Body
}

func (m *DiscussionMessageResolver) Mentions(ctx context.Context) ([]*ActorResolver, error) {
	out := make([]*ActorResolver, len(m.m.Mentions))
	for i, id := range m.m.Mentions {
		a, err := m.root.ActorByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

func (m *DiscussionMessageResolver) EditedAt() *DateTime {
	if m.m.EditedAt == nil {
		return nil
	}
	return new(NewDateTime(*m.m.EditedAt))
}

func (m *DiscussionMessageResolver) Edits() []*DiscussionMessageEditResolver {
	out := []*DiscussionMessageEditResolver{}
	if !m.m.Visible() {
		return out
	}
	for _, e := range m.m.Edits {
		out = append(out, &DiscussionMessageEditResolver{e: e})
	}
	return out
}

func (m *DiscussionMessageResolver) HiddenReason() *string {
	if !m.m.Hidden {
		return nil
	}
	return &m.m.HiddenReason
}

// Position is null until the read models took the message in (a
// mutation's own answer may come first).
func (m *DiscussionMessageResolver) Position() *string {
	if m.position == nil {
		return nil
	}
	return new(strconv.FormatInt(*m.position, 10))
}

// DiscussionMessageEditResolver is a DiscussionMessageEdit.
type DiscussionMessageEditResolver struct{ e discussion.Edit }

func (e *DiscussionMessageEditResolver) Body() string { return e.e.Body }
func (e *DiscussionMessageEditResolver) At() DateTime { return NewDateTime(e.e.At) }

// DiscussedDocumentResolver is the DiscussedDocument union.
type DiscussedDocumentResolver struct{ node node }

func (d *DiscussedDocumentResolver) ToStrategy() (*StrategyResolver, bool) {
	v, ok := d.node.(*StrategyResolver)
	return v, ok
}

func (d *DiscussedDocumentResolver) ToCooperationConcept() (*CooperationConceptResolver, bool) {
	v, ok := d.node.(*CooperationConceptResolver)
	return v, ok
}

func (r *Resolver) DiscussedDocument(ctx context.Context, t domain.SubjectType, id uuid.UUID) (*DiscussedDocumentResolver, error) {
	switch t {
	case domain.SubjectStrategy:
		s, err := r.strategy(ctx, id)
		if err != nil {
			return nil, err
		}
		return &DiscussedDocumentResolver{node: s}, nil
	case domain.SubjectCooperationConcept:
		c, err := r.concept(ctx, id)
		if err != nil {
			return nil, err
		}
		return &DiscussedDocumentResolver{node: c}, nil
	}
	return nil, Fail(fmt.Errorf("discussion of a %s", t))
}

// discussedState is a discussed document now (through the request's
// loaders): its tree and its partners.
func (r *Resolver) discussedState(ctx context.Context, t domain.SubjectType, id uuid.UUID) (domain.Doc, []uuid.UUID, error) {
	var (
		state domain.Aggregate
		err   error
	)
	switch t {
	case domain.SubjectStrategy:
		state, err = r.loaders(ctx).strategies.Load(ctx, id)()
	case domain.SubjectCooperationConcept:
		state, err = r.loaders(ctx).concepts.Load(ctx, id)()
	default:
		err = fmt.Errorf("discussion of a %s", t)
	}
	if err != nil {
		return domain.Doc{}, nil, Fail(err)
	}
	doc := state.Document()
	var partners []uuid.UUID
	for _, p := range doc.Lists["partners"] {
		if org, err := uuid.Parse(p.Key); err == nil {
			partners = append(partners, org)
		}
	}
	return doc, partners, nil
}

func (n *NodeResolver) ToDiscussion() (*DiscussionResolver, bool) {
	v, ok := n.node.(*DiscussionResolver)
	return v, ok
}

func (h *HistorySubjectResolver) ToDiscussion() (*DiscussionResolver, bool) {
	v, ok := h.node.(*DiscussionResolver)
	return v, ok
}
