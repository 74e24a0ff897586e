package discussion

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Discussion mutations: app.StartDiscussion and app.Discuss look the
// discussed document up and hand it to the command (discussion.Facts);
// app.Authorize decides who may write from its partners.

type StartDiscussionInput struct {
	graph.MutationInput
	DocumentID graphql.ID
	ItemKey    *graphql.ID
	Quote      *string
	Body       string
	Mentions   *[]graphql.ID
}

func (r *Threads) StartDiscussion(ctx context.Context, args struct{ Input StartDiscussionInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	documentID := ids.ID(in.DocumentID, "documentId")
	key := ids.Optional(in.ItemKey, "itemKey")
	mentions := mentionIDs(&ids, in.Mentions)
	req, err := r.Request(ctx, &ids, graph.EditInput{MutationInput: in.MutationInput})
	if err != nil {
		return nil, err
	}
	docType, found, err := r.Deps.App.Store().StreamType(ctx, documentID)
	if err != nil {
		return nil, graph.Fail(err)
	}
	if !found {
		return nil, graph.Fail(domain.NotFound("document"))
	}
	cmd := discussion.StartDiscussion{DocumentType: docType, DocumentID: documentID, Quote: graph.Deref(in.Quote), Body: in.Body, Mentions: mentions}
	if key != nil {
		cmd.ItemKey = *key
	}
	res, err := app.StartDiscussion(ctx, r.Deps.App, r.people, cmd, req)
	if err != nil {
		return nil, graph.Fail(err)
	}
	return r.discussionPayload(in.MutationInput, res, lastMessage(res.State)), nil
}

type PostDiscussionMessageInput struct {
	graph.MutationInput
	DiscussionID graphql.ID
	ReplyTo      *graphql.ID
	Body         string
	Mentions     *[]graphql.ID
}

func (r *Threads) PostDiscussionMessage(ctx context.Context, args struct{ Input PostDiscussionMessageInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.DiscussionID, "discussionId")
	reply := ids.Optional(in.ReplyTo, "replyTo")
	mentions := mentionIDs(&ids, in.Mentions)
	return r.discuss(ctx, &ids, in.MutationInput, id, mentions, func(f *discussion.Facts) domain.Command[*discussion.Thread] {
		cmd := discussion.PostDiscussionMessage{Body: in.Body, Mentions: mentions, Facts: f}
		if reply != nil {
			cmd.ReplyTo = *reply
		}
		return cmd
	}, lastMessage)
}

type EditDiscussionMessageInput struct {
	graph.MutationInput
	DiscussionID graphql.ID
	MessageID    graphql.ID
	Body         string
	Mentions     *[]graphql.ID
}

func (r *Threads) EditDiscussionMessage(ctx context.Context, args struct{ Input EditDiscussionMessageInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.DiscussionID, "discussionId")
	message := ids.ID(in.MessageID, "messageId")
	mentions := mentionIDs(&ids, in.Mentions)
	return r.discuss(ctx, &ids, in.MutationInput, id, mentions, func(f *discussion.Facts) domain.Command[*discussion.Thread] {
		return discussion.EditDiscussionMessage{MessageID: message, Body: in.Body, Mentions: mentions, Facts: f}
	}, messageByID(message))
}

type DiscussionMessageRefInput struct {
	graph.MutationInput
	DiscussionID graphql.ID
	MessageID    graphql.ID
}

func (r *Threads) DeleteDiscussionMessage(ctx context.Context, args struct{ Input DiscussionMessageRefInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.DiscussionID, "discussionId")
	message := ids.ID(in.MessageID, "messageId")
	return r.discuss(ctx, &ids, in.MutationInput, id, nil, func(f *discussion.Facts) domain.Command[*discussion.Thread] {
		return discussion.DeleteDiscussionMessage{MessageID: message, Facts: f}
	}, messageByID(message))
}

type DiscussionRefInput struct {
	graph.MutationInput
	DiscussionID graphql.ID
}

func (r *Threads) ResolveDiscussion(ctx context.Context, args struct{ Input DiscussionRefInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.DiscussionID, "discussionId")
	return r.discuss(ctx, &ids, in.MutationInput, id, nil, func(f *discussion.Facts) domain.Command[*discussion.Thread] {
		return discussion.ResolveDiscussion{Facts: f}
	}, noMessage)
}

func (r *Threads) ReopenDiscussion(ctx context.Context, args struct{ Input DiscussionRefInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.DiscussionID, "discussionId")
	return r.discuss(ctx, &ids, in.MutationInput, id, nil, func(f *discussion.Facts) domain.Command[*discussion.Thread] {
		return discussion.ReopenDiscussion{Facts: f}
	}, noMessage)
}

type HideDiscussionMessageInput struct {
	ClientMutationID *string
	CommandID        *graphql.ID
	Reason           string
	DiscussionID     graphql.ID
	MessageID        graphql.ID
}

// HideDiscussionMessage takes a required reason, which is also the
// revision's reason: the audit log shows why.
func (r *Threads) HideDiscussionMessage(ctx context.Context, args struct{ Input HideDiscussionMessageInput }) (*DiscussionPayloadResolver, error) {
	in := args.Input
	var ids graph.InputIDs
	id := ids.ID(in.DiscussionID, "discussionId")
	message := ids.ID(in.MessageID, "messageId")
	shared := graph.MutationInput{ClientMutationID: in.ClientMutationID, CommandID: in.CommandID, Reason: &in.Reason}
	return r.discuss(ctx, &ids, shared, id, nil, func(*discussion.Facts) domain.Command[*discussion.Thread] {
		return discussion.HideDiscussionMessage{MessageID: message, Reason: in.Reason}
	}, messageByID(message))
}

// discuss runs a command on an existing discussion.
func (r *Threads) discuss(ctx context.Context, ids *graph.InputIDs, in graph.MutationInput, id uuid.UUID, mentions []uuid.UUID,
	build func(*discussion.Facts) domain.Command[*discussion.Thread], pick func(*discussion.Thread) *discussion.Message) (*DiscussionPayloadResolver, error) {
	req, err := r.Request(ctx, ids, graph.EditInput{MutationInput: in})
	if err != nil {
		return nil, err
	}
	res, err := app.Discuss(ctx, r.Deps.App, r.people, id, mentions, build, req)
	if err != nil {
		return nil, graph.Fail(err)
	}
	return r.discussionPayload(in, res, pick(res.State)), nil
}

// people is app.People over the user directory: erased people and
// unknown ids cannot be mentioned.
func (r *Threads) people(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error) {
	infos, err := r.Deps.Users.Actors(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]uuid.UUID, len(infos))
	for id, info := range infos {
		if info.Kind == domain.ActorPerson && info.Role != "" && !info.Erased {
			out[id] = info.OrganisationID
		}
	}
	return out, nil
}

func mentionIDs(ids *graph.InputIDs, raw *[]graphql.ID) []uuid.UUID {
	if raw == nil || len(*raw) == 0 {
		return nil
	}
	return ids.List(*raw, "mentions")
}

func lastMessage(t *discussion.Thread) *discussion.Message {
	if len(t.Messages) == 0 {
		return nil
	}
	return &t.Messages[len(t.Messages)-1]
}

func messageByID(id uuid.UUID) func(*discussion.Thread) *discussion.Message {
	return func(t *discussion.Thread) *discussion.Message {
		for i := range t.Messages {
			if t.Messages[i].ID == id {
				return &t.Messages[i]
			}
		}
		return nil
	}
}

func noMessage(*discussion.Thread) *discussion.Message { return nil }

// DiscussionPayloadResolver is a DiscussionPayload, rendered from the
// state the command produced.
type DiscussionPayloadResolver struct {
	graph.Payload
	d *graph.DiscussionResolver
	m *discussion.Message
}

func (r *Threads) discussionPayload(in graph.MutationInput, res app.Result[*discussion.Thread], m *discussion.Message) *DiscussionPayloadResolver {
	return &DiscussionPayloadResolver{Payload: graph.NewPayload(r.Resolver, in, domain.SubjectDiscussionThread, res),
		d: r.NewDiscussion(res.State, nil), m: m}
}

func (p *DiscussionPayloadResolver) Discussion() *graph.DiscussionResolver { return p.d }

func (p *DiscussionPayloadResolver) Message() *graph.DiscussionMessageResolver {
	if p.m == nil {
		return nil
	}
	return p.d.MessageOf(p.m)
}

type MarkDiscussionsReadInput struct {
	ClientMutationID *string
	DocumentID       graphql.ID
	UpToPosition     *string
}

// MarkDiscussionsRead moves the caller's own read mark: a plain write,
// not a command (nothing shared changes), allowed to every reader.
func (r *Threads) MarkDiscussionsRead(ctx context.Context, args struct{ Input MarkDiscussionsReadInput }) (*MarkDiscussionsReadPayloadResolver, error) {
	in := args.Input
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	var ids graph.InputIDs
	document := ids.ID(in.DocumentID, "documentId")
	upTo := ids.Position(in.UpToPosition, "upToPosition")
	if err := ids.Err(); err != nil {
		return nil, graph.Fail(err)
	}
	if err := r.requireDiscussable(ctx, document); err != nil {
		return nil, err
	}
	mark, err := r.Deps.Discussions.MarkRead(ctx, actor.ID, document, upTo, time.Now().UTC())
	if err != nil {
		return nil, graph.Fail(err)
	}
	unread, err := r.Deps.Discussions.Unread(ctx, actor.ID, []uuid.UUID{document})
	if err != nil {
		return nil, graph.Fail(err)
	}
	n := 0
	if len(unread) > 0 {
		n = unread[0].Messages
	}
	return &MarkDiscussionsReadPayloadResolver{clientMutationID: in.ClientMutationID, document: document, mark: mark, unread: n}, nil
}

// requireDiscussable refuses an id that is no strategy or concept.
func (r *Threads) requireDiscussable(ctx context.Context, id uuid.UUID) error {
	t, found, err := r.Deps.App.Store().StreamType(ctx, id)
	if err != nil {
		return graph.Fail(err)
	}
	if !found || (t != domain.SubjectStrategy && t != domain.SubjectCooperationConcept) {
		return graph.Fail(domain.NotFound("document"))
	}
	return nil
}

// MarkDiscussionsReadPayloadResolver is a MarkDiscussionsReadPayload.
type MarkDiscussionsReadPayloadResolver struct {
	clientMutationID *string
	document         uuid.UUID
	mark             int64
	unread           int
}

func (p *MarkDiscussionsReadPayloadResolver) ClientMutationID() *string { return p.clientMutationID }
func (p *MarkDiscussionsReadPayloadResolver) DocumentID() graphql.ID {
	return graph.SubjectID(p.document)
}
func (p *MarkDiscussionsReadPayloadResolver) ReadPosition() string {
	return strconv.FormatInt(p.mark, 10)
}
func (p *MarkDiscussionsReadPayloadResolver) Unread() int32 { return int32(p.unread) }
