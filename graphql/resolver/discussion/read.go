package discussion

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Discussions, unread counts and the activity feed are read from the
// discussions projection. Every authenticated caller may read them, as
// every caller may read every document.

type (
	DiscussionConnectionResolver = graph.Connection[*graph.DiscussionResolver]
	DiscussionEdgeResolver       = graph.Edge[*graph.DiscussionResolver]
	ActivityConnectionResolver   = graph.Connection[*ActivityEntryResolver]
	ActivityEdgeResolver         = graph.Edge[*ActivityEntryResolver]
)

// defaultDiscussionPage is the page size when first is omitted.
const defaultDiscussionPage = 20

func (r *Threads) Discussion(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*graph.DiscussionResolver, error) {
	var checks domain.Checks
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	id, err := graph.ParseUUID(string(args.ID))
	if err != nil {
		return nil, nil
	}
	m, err := r.Deps.Discussions.Thread(ctx, id)
	if err != nil || m == nil {
		return nil, graph.Fail(err)
	}
	return r.NewDiscussion(&m.Thread, m.Positions), nil
}

func (r *Threads) Discussions(ctx context.Context, args struct {
	DocumentID  graphql.ID
	ItemKey     *graphql.ID
	Status      *string
	First       *int32
	After       *string
	MinPosition *string
}) (*DiscussionConnectionResolver, error) {
	var checks domain.Checks
	document := graph.ArgumentID(&checks, &args.DocumentID, "documentId")
	filter := discussions.ThreadFilter{ItemKey: graph.ArgumentID(&checks, args.ItemKey, "itemKey")}
	if document != nil {
		filter.DocumentID = *document
	}
	if args.Status != nil {
		filter.Status = *args.Status
	}
	limit := pageSize(&checks, args.First)
	var after *discussions.ThreadCursor
	if args.After != nil {
		c, err := discussions.ParseThreadCursor(*args.After)
		if err != nil {
			checks.Fail(err.Error(), "after")
		}
		after = &c
	}
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	models, total, err := r.Deps.Discussions.Threads(ctx, filter, after, limit+1)
	if err != nil {
		return nil, graph.Fail(err)
	}
	more := len(models) > limit
	if more {
		models = models[:limit]
	}
	cursors := make([]string, len(models))
	nodes := make([]*graph.DiscussionResolver, len(models))
	for i, m := range models {
		cursors[i] = discussions.ThreadCursor{StartedAt: m.Thread.StartedAt, ID: m.Thread.ID}.Encode()
		nodes[i] = r.NewDiscussion(&m.Thread, m.Positions)
	}
	return graph.NewListConnection(cursors, nodes, more, after != nil, total), nil
}

func pageSize(checks *domain.Checks, first *int32) int {
	if first == nil {
		return defaultDiscussionPage
	}
	if *first < 1 || *first > readmodel.MaxPageSize {
		checks.Fail(fmt.Sprintf("must be between 1 and %d", readmodel.MaxPageSize), "first")
		return defaultDiscussionPage
	}
	return int(*first)
}

func (r *Threads) DiscussionUnread(ctx context.Context, args struct {
	DocumentIDs *[]graphql.ID
	MinPosition *string
}) ([]*DiscussionUnreadResolver, error) {
	var checks domain.Checks
	var documents []uuid.UUID
	if args.DocumentIDs != nil {
		documents = []uuid.UUID{}
		checks.Count(len(*args.DocumentIDs), readmodel.MaxPageSize, "documentIds")
		for i, raw := range *args.DocumentIDs {
			if id := graph.ArgumentID(&checks, &raw, "documentIds", domain.Index(i)); id != nil {
				documents = append(documents, *id)
			}
		}
	}
	actor, err := r.ReadRoot(ctx, &checks, args.MinPosition)
	if err != nil {
		return nil, err
	}
	counts, err := r.Deps.Discussions.Unread(ctx, actor.ID, documents)
	if err != nil {
		return nil, graph.Fail(err)
	}
	out := make([]*DiscussionUnreadResolver, len(counts))
	for i, u := range counts {
		out[i] = &DiscussionUnreadResolver{root: r, u: u}
	}
	return out, nil
}

// DiscussionUnreadResolver is a DiscussionUnread.
type DiscussionUnreadResolver struct {
	root *Threads
	u    discussions.Unread
}

func (u *DiscussionUnreadResolver) DocumentID() graphql.ID { return graph.SubjectID(u.u.DocumentID) }
func (u *DiscussionUnreadResolver) Unread() int32          { return int32(u.u.Messages) }
func (u *DiscussionUnreadResolver) Mentions() int32        { return int32(u.u.Mentions) }

func (u *DiscussionUnreadResolver) Document(ctx context.Context) (*graph.DiscussedDocumentResolver, error) {
	t, _, err := u.root.Deps.App.Store().StreamType(ctx, u.u.DocumentID)
	if err != nil {
		return nil, graph.Fail(err)
	}
	return u.root.DiscussedDocument(ctx, t, u.u.DocumentID)
}

// ActivityFilter is the activity feed's filter argument.
type ActivityFilter struct {
	LocationID          *graphql.ID
	OrganisationID      *graphql.ID
	ActorOrganisationID *graphql.ID
	Kinds               *[]string
	Since               *graph.DateTime
	IncludeOwn          *bool
}

// parse checks the filter; a caller's feed leaves out their own doings
// unless includeOwn.
func (f *ActivityFilter) parse(checks *domain.Checks, actor domain.Actor) discussions.FeedFilter {
	out := discussions.FeedFilter{ExcludeActor: &actor.ID}
	if f == nil {
		return out
	}
	out.LocationID = graph.ArgumentID(checks, f.LocationID, "filter", "locationId")
	out.OrganisationID = graph.ArgumentID(checks, f.OrganisationID, "filter", "organisationId")
	out.ActorOrganisationID = graph.ArgumentID(checks, f.ActorOrganisationID, "filter", "actorOrganisationId")
	if f.Kinds != nil {
		out.Kinds = *f.Kinds
	}
	out.Since = graph.ArgumentTime(checks, f.Since, "filter", "since")
	if f.IncludeOwn != nil && *f.IncludeOwn {
		out.ExcludeActor = nil
	}
	return out
}

func encodeFeedCursor(seq int64) string { return "a:" + strconv.FormatInt(seq, 10) }

func parseFeedCursor(checks *domain.Checks, raw *string, path string) int64 {
	if raw == nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(*raw, "a:"), 10, 64)
	if err != nil || n < 0 || !strings.HasPrefix(*raw, "a:") {
		checks.Fail("is not an activity cursor", path)
		return 0
	}
	return n
}

func (r *Threads) Activity(ctx context.Context, args struct {
	First       *int32
	After       *string
	Filter      *ActivityFilter
	MinPosition *string
}) (*ActivityConnectionResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	limit := pageSize(&checks, args.First)
	before := parseFeedCursor(&checks, args.After, "after")
	filter := args.Filter.parse(&checks, actor)
	if _, err := r.ReadRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	entries, total, err := r.Deps.Discussions.Feed(ctx, filter, before, limit+1)
	if err != nil {
		return nil, graph.Fail(err)
	}
	more := len(entries) > limit
	if more {
		entries = entries[:limit]
	}
	cursors := make([]string, len(entries))
	nodes := make([]*ActivityEntryResolver, len(entries))
	for i, e := range entries {
		cursors[i], nodes[i] = encodeFeedCursor(e.Seq), r.newActivityEntry(e)
	}
	return graph.NewListConnection(cursors, nodes, more, before > 0, total), nil
}

// ActivityEntryResolver is an ActivityEntry.
type ActivityEntryResolver struct {
	root *Threads
	e    *discussions.Entry
	// thread is the discussion as the read model holds it, loaded once.
	thread *discussions.Model
	loaded bool
}

func (r *Threads) newActivityEntry(e *discussions.Entry) *ActivityEntryResolver {
	return &ActivityEntryResolver{root: r, e: e}
}

func (a *ActivityEntryResolver) Cursor() string        { return encodeFeedCursor(a.e.Seq) }
func (a *ActivityEntryResolver) Kind() string          { return a.e.Kind }
func (a *ActivityEntryResolver) Action() string        { return a.e.Action }
func (a *ActivityEntryResolver) At() graph.DateTime    { return graph.NewDateTime(a.e.At) }
func (a *ActivityEntryResolver) DocumentType() string  { return a.e.DocumentType }
func (a *ActivityEntryResolver) DocumentTitle() string { return a.e.DocumentTitle }
func (a *ActivityEntryResolver) Revision() int32       { return int32(a.e.Revision) }
func (a *ActivityEntryResolver) Position() string      { return strconv.FormatInt(a.e.Position, 10) }

func (a *ActivityEntryResolver) Actor(ctx context.Context) (*graph.ActorResolver, error) {
	return a.root.ActorByID(ctx, a.e.ActorID)
}

func (a *ActivityEntryResolver) Document(ctx context.Context) (*graph.DiscussedDocumentResolver, error) {
	return a.root.DiscussedDocument(ctx, domain.SubjectType(a.e.DocumentType), a.e.DocumentID)
}

func (a *ActivityEntryResolver) model(ctx context.Context) (*discussions.Model, error) {
	if a.e.ThreadID == nil {
		return nil, nil
	}
	if !a.loaded {
		m, err := a.root.Deps.Discussions.Thread(ctx, *a.e.ThreadID)
		if err != nil {
			return nil, graph.Fail(err)
		}
		a.thread, a.loaded = m, true
	}
	return a.thread, nil
}

func (a *ActivityEntryResolver) Discussion(ctx context.Context) (*graph.DiscussionResolver, error) {
	m, err := a.model(ctx)
	if err != nil || m == nil {
		return nil, err
	}
	return a.root.NewDiscussion(&m.Thread, m.Positions), nil
}

// Message is the message the entry's revision posted.
func (a *ActivityEntryResolver) Message(ctx context.Context) (*graph.DiscussionMessageResolver, error) {
	m, err := a.model(ctx)
	if err != nil || m == nil {
		return nil, err
	}
	d := a.root.NewDiscussion(&m.Thread, m.Positions)
	for i := range m.Thread.Messages {
		msg := &m.Thread.Messages[i]
		if m.Positions[msg.ID] == a.e.Position {
			return d.MessageOf(msg), nil
		}
	}
	return nil, nil
}
