package resolver

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Discussions, unread counts and the activity feed are read from the
// discussions projection. Every authenticated caller may read them, as
// every caller may read every document.

type (
	DiscussionConnectionResolver = connection[*DiscussionResolver]
	DiscussionEdgeResolver       = edge[*DiscussionResolver]
	ActivityConnectionResolver   = connection[*ActivityEntryResolver]
	ActivityEdgeResolver         = edge[*ActivityEntryResolver]
)

// defaultDiscussionPage is the page size when first is omitted.
const defaultDiscussionPage = 20

func (r *Root) Discussion(ctx context.Context, args struct {
	ID          graphql.ID
	MinPosition *string
}) (*DiscussionResolver, error) {
	var checks domain.Checks
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	id, err := parseUUID(string(args.ID))
	if err != nil {
		return nil, nil
	}
	m, err := r.deps.Discussions.Thread(ctx, id)
	if err != nil || m == nil {
		return nil, fail(err)
	}
	return r.newDiscussion(&m.Thread, m.Positions), nil
}

func (r *Root) Discussions(ctx context.Context, args struct {
	DocumentID  graphql.ID
	ItemKey     *graphql.ID
	Status      *string
	First       *int32
	After       *string
	MinPosition *string
}) (*DiscussionConnectionResolver, error) {
	var checks domain.Checks
	document := argumentID(&checks, &args.DocumentID, "documentId")
	filter := discussions.ThreadFilter{ItemKey: argumentID(&checks, args.ItemKey, "itemKey")}
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
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	models, total, err := r.deps.Discussions.Threads(ctx, filter, after, limit+1)
	if err != nil {
		return nil, fail(err)
	}
	more := len(models) > limit
	if more {
		models = models[:limit]
	}
	cursors := make([]string, len(models))
	nodes := make([]*DiscussionResolver, len(models))
	for i, m := range models {
		cursors[i] = discussions.ThreadCursor{StartedAt: m.Thread.StartedAt, ID: m.Thread.ID}.Encode()
		nodes[i] = r.newDiscussion(&m.Thread, m.Positions)
	}
	return newListConnection(cursors, nodes, more, after != nil, total), nil
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

func (r *Root) DiscussionUnread(ctx context.Context, args struct {
	DocumentIDs *[]graphql.ID
	MinPosition *string
}) ([]*DiscussionUnreadResolver, error) {
	var checks domain.Checks
	var documents []uuid.UUID
	if args.DocumentIDs != nil {
		documents = []uuid.UUID{}
		checks.Count(len(*args.DocumentIDs), readmodel.MaxPageSize, "documentIds")
		for i, raw := range *args.DocumentIDs {
			if id := argumentID(&checks, &raw, "documentIds", domain.Index(i)); id != nil {
				documents = append(documents, *id)
			}
		}
	}
	actor, err := r.readRoot(ctx, &checks, args.MinPosition)
	if err != nil {
		return nil, err
	}
	counts, err := r.deps.Discussions.Unread(ctx, actor.ID, documents)
	if err != nil {
		return nil, fail(err)
	}
	out := make([]*DiscussionUnreadResolver, len(counts))
	for i, u := range counts {
		out[i] = &DiscussionUnreadResolver{root: r, u: u}
	}
	return out, nil
}

// DiscussionUnreadResolver is a DiscussionUnread.
type DiscussionUnreadResolver struct {
	root *Root
	u    discussions.Unread
}

func (u *DiscussionUnreadResolver) DocumentID() graphql.ID { return subjectID(u.u.DocumentID) }
func (u *DiscussionUnreadResolver) Unread() int32          { return int32(u.u.Messages) }
func (u *DiscussionUnreadResolver) Mentions() int32        { return int32(u.u.Mentions) }

func (u *DiscussionUnreadResolver) Document(ctx context.Context) (*DiscussedDocumentResolver, error) {
	t, _, err := u.root.deps.App.Store().StreamType(ctx, u.u.DocumentID)
	if err != nil {
		return nil, fail(err)
	}
	return u.root.discussedDocument(ctx, t, u.u.DocumentID)
}

// ActivityFilter is the activity feed's filter argument.
type ActivityFilter struct {
	LocationID          *graphql.ID
	OrganisationID      *graphql.ID
	ActorOrganisationID *graphql.ID
	Kinds               *[]string
	Since               *DateTime
	IncludeOwn          *bool
}

// parse checks the filter; a caller's feed leaves out their own doings
// unless includeOwn.
func (f *ActivityFilter) parse(checks *domain.Checks, actor domain.Actor) discussions.FeedFilter {
	out := discussions.FeedFilter{ExcludeActor: &actor.ID}
	if f == nil {
		return out
	}
	out.LocationID = argumentID(checks, f.LocationID, "filter", "locationId")
	out.OrganisationID = argumentID(checks, f.OrganisationID, "filter", "organisationId")
	out.ActorOrganisationID = argumentID(checks, f.ActorOrganisationID, "filter", "actorOrganisationId")
	if f.Kinds != nil {
		out.Kinds = *f.Kinds
	}
	out.Since = argumentTime(checks, f.Since, "filter", "since")
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

func (r *Root) Activity(ctx context.Context, args struct {
	First       *int32
	After       *string
	Filter      *ActivityFilter
	MinPosition *string
}) (*ActivityConnectionResolver, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	var checks domain.Checks
	limit := pageSize(&checks, args.First)
	before := parseFeedCursor(&checks, args.After, "after")
	filter := args.Filter.parse(&checks, actor)
	if _, err := r.readRoot(ctx, &checks, args.MinPosition); err != nil {
		return nil, err
	}
	entries, total, err := r.deps.Discussions.Feed(ctx, filter, before, limit+1)
	if err != nil {
		return nil, fail(err)
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
	return newListConnection(cursors, nodes, more, before > 0, total), nil
}

// ActivityEntryResolver is an ActivityEntry.
type ActivityEntryResolver struct {
	root *Root
	e    *discussions.Entry
	// thread is the discussion as the read model holds it, loaded once.
	thread *discussions.Model
	loaded bool
}

func (r *Root) newActivityEntry(e *discussions.Entry) *ActivityEntryResolver {
	return &ActivityEntryResolver{root: r, e: e}
}

func (a *ActivityEntryResolver) Cursor() string        { return encodeFeedCursor(a.e.Seq) }
func (a *ActivityEntryResolver) Kind() string          { return a.e.Kind }
func (a *ActivityEntryResolver) Action() string        { return a.e.Action }
func (a *ActivityEntryResolver) At() DateTime          { return newDateTime(a.e.At) }
func (a *ActivityEntryResolver) DocumentType() string  { return a.e.DocumentType }
func (a *ActivityEntryResolver) DocumentTitle() string { return a.e.DocumentTitle }
func (a *ActivityEntryResolver) Revision() int32       { return int32(a.e.Revision) }
func (a *ActivityEntryResolver) Position() string      { return strconv.FormatInt(a.e.Position, 10) }

func (a *ActivityEntryResolver) Actor(ctx context.Context) (*ActorResolver, error) {
	return a.root.actor(ctx, a.e.ActorID)
}

func (a *ActivityEntryResolver) Document(ctx context.Context) (*DiscussedDocumentResolver, error) {
	return a.root.discussedDocument(ctx, domain.SubjectType(a.e.DocumentType), a.e.DocumentID)
}

func (a *ActivityEntryResolver) model(ctx context.Context) (*discussions.Model, error) {
	if a.e.ThreadID == nil {
		return nil, nil
	}
	if !a.loaded {
		m, err := a.root.deps.Discussions.Thread(ctx, *a.e.ThreadID)
		if err != nil {
			return nil, fail(err)
		}
		a.thread, a.loaded = m, true
	}
	return a.thread, nil
}

func (a *ActivityEntryResolver) Discussion(ctx context.Context) (*DiscussionResolver, error) {
	m, err := a.model(ctx)
	if err != nil || m == nil {
		return nil, err
	}
	return a.root.newDiscussion(&m.Thread, m.Positions), nil
}

// Message is the message the entry's revision posted.
func (a *ActivityEntryResolver) Message(ctx context.Context) (*DiscussionMessageResolver, error) {
	m, err := a.model(ctx)
	if err != nil || m == nil {
		return nil, err
	}
	d := a.root.newDiscussion(&m.Thread, m.Positions)
	for i := range m.Thread.Messages {
		msg := &m.Thread.Messages[i]
		if m.Positions[msg.ID] == a.e.Position {
			return d.message(msg), nil
		}
	}
	return nil, nil
}
