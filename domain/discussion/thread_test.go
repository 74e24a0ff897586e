package discussion_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/internal/domaintest"
)

var (
	now      = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	later    = now.Add(time.Hour)
	orgPL    = uuid.MustParse("0193a1b0-0000-7000-8000-000000000201")
	orgSE    = uuid.MustParse("0193a1b0-0000-7000-8000-000000000202")
	orgOther = uuid.MustParse("0193a1b0-0000-7000-8000-000000000203")
	planner  = domain.Actor{ID: uuid.MustParse("0193a1b0-0000-7000-8000-00000000a001"), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: orgPL}
	reviewer = domain.Actor{ID: uuid.MustParse("0193a1b0-0000-7000-8000-00000000a002"), Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: orgSE}
	admin    = domain.Actor{ID: uuid.MustParse("0193a1b0-0000-7000-8000-00000000a003"), Kind: domain.ActorPerson, Role: domain.RoleAdmin}
	outsider = uuid.MustParse("0193a1b0-0000-7000-8000-00000000a004")
	docID    = uuid.MustParse("0193a1b0-0000-7000-8000-000000000301")
	section  = uuid.MustParse("0193a1b0-0000-7000-8000-000000000401")
	priority = uuid.MustParse("0193a1b0-0000-7000-8000-000000000402")
	objectiv = uuid.MustParse("0193a1b0-0000-7000-8000-000000000403")
	measure  = uuid.MustParse("0193a1b0-0000-7000-8000-000000000404")
	threadID = uuid.MustParse("0193a1b0-0000-7000-8000-000000000501")
	msg1     = uuid.MustParse("0193a1b0-0000-7000-8000-000000000601")
	msg2     = uuid.MustParse("0193a1b0-0000-7000-8000-000000000602")
	unknown  = uuid.MustParse("0193a1b0-0000-7000-8000-000000000699")
)

// facts is a strategy at revision 7 with partners PL and SE, a section
// and a measure under a priority and an objective.
func facts() *discussion.Facts {
	doc := domain.NewDoc().Set("title", "South Baltic 2035").
		List("partners", []domain.Item{{Key: orgPL.String(), Doc: domain.NewDoc()}, {Key: orgSE.String(), Doc: domain.NewDoc()}}).
		List("sections", []domain.Item{{Key: section.String(), Doc: domain.NewDoc().Set("heading", "Vision").Set("body", "By 2035 the region hosts ten creative hubs.")}}).
		List("priorities", []domain.Item{{Key: priority.String(), Doc: domain.NewDoc().
			List("objectives", []domain.Item{{Key: objectiv.String(), Doc: domain.NewDoc().
				List("measures", []domain.Item{{Key: measure.String(), Doc: domain.NewDoc().Set("title", "Hub network")}})}})}})
	return &discussion.Facts{DocumentType: domain.SubjectStrategy, DocumentID: docID, Revision: 7, Doc: doc,
		Partners: []uuid.UUID{orgPL, orgSE},
		People:   map[uuid.UUID]uuid.UUID{planner.ID: orgPL, reviewer.ID: orgSE, outsider: orgOther}}
}

func ctx(t testing.TB, actor domain.Actor, at time.Time, ids ...uuid.UUID) domain.Context {
	return domain.Context{Actor: actor, Now: at, NewID: func() uuid.UUID {
		if len(ids) == 0 {
			t.Fatalf("NewID called more often than expected")
		}
		id := ids[0]
		ids = ids[1:]
		return id
	}}
}

func given(events ...domain.Event) *discussion.Thread {
	t := &discussion.Thread{}
	for i, e := range events {
		t.Apply(e, i+1)
	}
	return t
}

var (
	wantEvents = domaintest.WantEvents
	wantCode   = domaintest.WantCode
	wantFields = domaintest.WantFields
)

func started() *discussion.Started {
	return &discussion.Started{ThreadID: threadID, DocumentType: domain.SubjectStrategy, DocumentID: docID,
		Anchor:           discussion.Anchor{Key: measure, Kind: "MEASURE", Path: "/priorities/" + priority.String() + "/objectives/" + objectiv.String() + "/measures/" + measure.String()},
		OpenedOnRevision: 7, StartedBy: planner.ID, At: now}
}

func firstPosted() *discussion.MessagePosted {
	return &discussion.MessagePosted{MessageID: msg1, AuthorID: planner.ID, AuthorOrganisationID: orgPL,
		Body: "How was the pilot run in Szczecin?", Mentions: []uuid.UUID{reviewer.ID}, At: now}
}

func TestStartDiscussionOnAMeasure(t *testing.T) {
	cmd := discussion.StartDiscussion{DocumentType: domain.SubjectStrategy, DocumentID: docID, ItemKey: measure,
		Body: "How was the pilot run in Szczecin?", Mentions: []uuid.UUID{reviewer.ID, reviewer.ID}, Facts: facts()}
	events, err := cmd.Decide(&discussion.Thread{}, ctx(t, planner, now, threadID, msg1))
	wantEvents(t, events, err, started(), firstPosted())

	state := given(events...)
	if state.Status != discussion.StatusOpen || len(state.Messages) != 1 || state.OpenedOnRevision != 7 {
		t.Fatalf("state = %+v", state)
	}
	doc := state.Document()
	if v, _ := doc.Lookup("/messages/" + msg1.String() + "/body"); v != "How was the pilot run in Szczecin?" {
		t.Fatalf("body in document = %v", v)
	}
}

func TestStartDiscussionOnTheWholeDocumentAndAQuote(t *testing.T) {
	events, err := discussion.StartDiscussion{DocumentType: domain.SubjectStrategy, DocumentID: docID, Body: "Overall fine", Facts: facts()}.
		Decide(&discussion.Thread{}, ctx(t, reviewer, now, threadID, msg1))
	if err != nil || events[0].(*discussion.Started).Anchor.Kind != discussion.KindDocument {
		t.Fatalf("events %v, err %v", events, err)
	}
	events, err = discussion.StartDiscussion{DocumentType: domain.SubjectStrategy, DocumentID: docID, ItemKey: section,
		Quote: "ten creative hubs", Body: "Ten is a lot", Facts: facts()}.Decide(&discussion.Thread{}, ctx(t, reviewer, now, threadID, msg1))
	if err != nil {
		t.Fatal(err)
	}
	if a := events[0].(*discussion.Started).Anchor; a.Kind != "SECTION" || a.Quote != "ten creative hubs" || a.Path != "/sections/"+section.String() {
		t.Fatalf("anchor = %+v", a)
	}
}

func TestStartDiscussionRefusals(t *testing.T) {
	base := discussion.StartDiscussion{DocumentType: domain.SubjectStrategy, DocumentID: docID, ItemKey: measure, Body: "x"}
	for name, tc := range map[string]struct {
		edit   func(c *discussion.StartDiscussion)
		fields []string
	}{
		"blank body":              {func(c *discussion.StartDiscussion) { c.Body = " \n" }, []string{"body"}},
		"long body":               {func(c *discussion.StartDiscussion) { c.Body = strings.Repeat("x", domain.MaxTextLength+1) }, []string{"body"}},
		"control character":       {func(c *discussion.StartDiscussion) { c.Body = "a\x00b" }, []string{"body"}},
		"unknown item":            {func(c *discussion.StartDiscussion) { c.ItemKey = unknown }, []string{"itemKey"}},
		"quote on a measure":      {func(c *discussion.StartDiscussion) { c.Quote = "Hub" }, []string{"quote"}},
		"quote on the document":   {func(c *discussion.StartDiscussion) { c.ItemKey, c.Quote = uuid.Nil, "x" }, []string{"quote"}},
		"quote not in the body":   {func(c *discussion.StartDiscussion) { c.ItemKey, c.Quote = section, "twelve hubs" }, []string{"quote"}},
		"unknown person":          {func(c *discussion.StartDiscussion) { c.Mentions = []uuid.UUID{unknown} }, []string{"mentions.0"}},
		"person of a non-partner": {func(c *discussion.StartDiscussion) { c.Mentions = []uuid.UUID{planner.ID, outsider} }, []string{"mentions.1"}},
		"too many mentions":       {func(c *discussion.StartDiscussion) { c.Mentions = make([]uuid.UUID, domain.MaxReferenceList+1) }, []string{"mentions"}},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := base
			cmd.Facts = facts()
			tc.edit(&cmd)
			_, err := cmd.Decide(&discussion.Thread{}, ctx(t, planner, now, threadID, msg1))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
	t.Run("document not found", func(t *testing.T) {
		_, err := base.Decide(&discussion.Thread{}, ctx(t, planner, now))
		wantCode(t, err, domain.CodeNotFound)
	})
	t.Run("thread exists", func(t *testing.T) {
		cmd := base
		cmd.Facts = facts()
		_, err := cmd.Decide(given(started(), firstPosted()), ctx(t, planner, now))
		wantCode(t, err, domain.CodeInvalidState, discussion.ErrThreadExists)
	})
}

func TestFactsDecideWhoMayWrite(t *testing.T) {
	f := facts()
	var p domain.Partnered = discussion.PostDiscussionMessage{Facts: f}
	if !p.HasPartner(orgPL) || !p.HasPartner(orgSE) || p.HasPartner(orgOther) {
		t.Fatal("partners of the document decide")
	}
	if (discussion.PostDiscussionMessage{}).HasPartner(orgPL) {
		t.Fatal("no facts, no partner")
	}
}

func TestReplyEditDeleteKeepHistory(t *testing.T) {
	state := given(started(), firstPosted())

	events, err := discussion.PostDiscussionMessage{ReplyTo: msg1, Body: "Like this: @planner", Mentions: []uuid.UUID{planner.ID}, Facts: facts()}.
		Decide(state, ctx(t, reviewer, later, msg2))
	reply := &discussion.MessagePosted{MessageID: msg2, AuthorID: reviewer.ID, AuthorOrganisationID: orgSE, ReplyTo: msg1,
		Body: "Like this: @planner", Mentions: []uuid.UUID{planner.ID}, At: later}
	wantEvents(t, events, err, reply)
	state = given(started(), firstPosted(), reply)

	events, err = discussion.EditDiscussionMessage{MessageID: msg1, Body: "How was the pilot run in Szczecin, in 2026?", Facts: facts()}.
		Decide(state, ctx(t, planner, later))
	edited := &discussion.MessageEdited{MessageID: msg1, Body: "How was the pilot run in Szczecin, in 2026?", At: later}
	wantEvents(t, events, err, edited)
	state = given(started(), firstPosted(), reply, edited)
	m := state.Messages[0]
	if m.Body != edited.Body || len(m.Edits) != 1 || m.Edits[0].Body != "How was the pilot run in Szczecin?" || m.EditedAt == nil {
		t.Fatalf("edited message = %+v", m)
	}

	events, err = discussion.DeleteDiscussionMessage{MessageID: msg2, Facts: facts()}.Decide(state, ctx(t, reviewer, later))
	deleted := &discussion.MessageDeleted{MessageID: msg2, At: later}
	wantEvents(t, events, err, deleted)
	state = given(started(), firstPosted(), reply, edited, deleted)
	if v, _ := state.Document().Lookup("/messages/" + msg2.String() + "/body"); v != nil {
		t.Fatalf("deleted body renders %v", v)
	}
	if len(state.Messages) != 2 || state.Messages[1].Body != reply.Body {
		t.Fatal("a deleted message keeps its place and, in the state, its text")
	}

	t.Run("only the author edits", func(t *testing.T) {
		_, err := discussion.EditDiscussionMessage{MessageID: msg1, Body: "mine now", Facts: facts()}.Decide(state, ctx(t, reviewer, later))
		wantCode(t, err, domain.CodeForbidden, discussion.ErrNotAuthor)
		_, err = discussion.EditDiscussionMessage{MessageID: msg1, Body: "mine now", Facts: facts()}.Decide(state, ctx(t, admin, later))
		wantCode(t, err, domain.CodeForbidden, discussion.ErrNotAuthor)
	})
	t.Run("only the author deletes", func(t *testing.T) {
		_, err := discussion.DeleteDiscussionMessage{MessageID: msg1}.Decide(state, ctx(t, reviewer, later))
		wantCode(t, err, domain.CodeForbidden, discussion.ErrNotAuthor)
	})
	t.Run("a deleted message stays deleted", func(t *testing.T) {
		_, err := discussion.DeleteDiscussionMessage{MessageID: msg2}.Decide(state, ctx(t, reviewer, later))
		wantCode(t, err, domain.CodeInvalidState, discussion.ErrMessageGone)
		_, err = discussion.EditDiscussionMessage{MessageID: msg2, Body: "back", Facts: facts()}.Decide(state, ctx(t, reviewer, later))
		wantCode(t, err, domain.CodeInvalidState, discussion.ErrMessageGone)
	})
	t.Run("unknown message", func(t *testing.T) {
		_, err := discussion.EditDiscussionMessage{MessageID: unknown, Body: "x"}.Decide(state, ctx(t, planner, later))
		wantCode(t, err, domain.CodeNotFound)
		_, err = discussion.DeleteDiscussionMessage{MessageID: unknown}.Decide(state, ctx(t, planner, later))
		wantCode(t, err, domain.CodeNotFound)
	})
	t.Run("reply to an unknown message", func(t *testing.T) {
		_, err := discussion.PostDiscussionMessage{ReplyTo: unknown, Body: "x", Facts: facts()}.Decide(state, ctx(t, planner, later, msg2))
		wantFields(t, err, "replyTo")
	})
	t.Run("edit checks body and mentions", func(t *testing.T) {
		_, err := discussion.EditDiscussionMessage{MessageID: msg1, Body: "", Mentions: []uuid.UUID{outsider}, Facts: facts()}.Decide(state, ctx(t, planner, later))
		wantFields(t, err, "body", "mentions.0")
	})
}

func TestResolveAndReopen(t *testing.T) {
	state := given(started(), firstPosted())
	events, err := discussion.ResolveDiscussion{}.Decide(state, ctx(t, reviewer, later))
	resolved := &discussion.Resolved{By: reviewer.ID, At: later}
	wantEvents(t, events, err, resolved)
	state = given(started(), firstPosted(), resolved)

	_, err = discussion.ResolveDiscussion{}.Decide(state, ctx(t, reviewer, later))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrAlreadyResolved)
	_, err = discussion.PostDiscussionMessage{Body: "one more thing", Facts: facts()}.Decide(state, ctx(t, planner, later, msg2))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrResolved)
	_, err = discussion.EditDiscussionMessage{MessageID: msg1, Body: "x", Facts: facts()}.Decide(state, ctx(t, planner, later))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrResolved)
	// Withdrawing what one said is never blocked.
	if _, err := (discussion.DeleteDiscussionMessage{MessageID: msg1}).Decide(state, ctx(t, planner, later)); err != nil {
		t.Fatalf("delete in a resolved thread: %v", err)
	}

	events, err = discussion.ReopenDiscussion{}.Decide(state, ctx(t, planner, later))
	reopened := &discussion.Reopened{By: planner.ID, At: later}
	wantEvents(t, events, err, reopened)
	state = given(started(), firstPosted(), resolved, reopened)
	if state.Status != discussion.StatusOpen {
		t.Fatalf("status = %s", state.Status)
	}
	_, err = discussion.ReopenDiscussion{}.Decide(state, ctx(t, planner, later))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrNotResolved)
}

func TestHideMessage(t *testing.T) {
	state := given(started(), firstPosted())
	_, err := discussion.HideDiscussionMessage{MessageID: msg1, Reason: "  "}.Decide(state, ctx(t, admin, later))
	wantFields(t, err, "reason")
	_, err = discussion.HideDiscussionMessage{MessageID: unknown, Reason: "spam"}.Decide(state, ctx(t, admin, later))
	wantCode(t, err, domain.CodeNotFound)

	events, err := discussion.HideDiscussionMessage{MessageID: msg1, Reason: "personal attack"}.Decide(state, ctx(t, admin, later))
	hidden := &discussion.MessageHidden{MessageID: msg1, Reason: "personal attack", By: admin.ID, At: later}
	wantEvents(t, events, err, hidden)
	state = given(started(), firstPosted(), hidden)
	doc := state.Document()
	if v, _ := doc.Lookup("/messages/" + msg1.String() + "/body"); v != nil {
		t.Fatalf("hidden body renders %v", v)
	}
	if v, _ := doc.Lookup("/messages/" + msg1.String() + "/hiddenReason"); v != "personal attack" {
		t.Fatalf("hiddenReason = %v", v)
	}
	_, err = discussion.HideDiscussionMessage{MessageID: msg1, Reason: "again"}.Decide(state, ctx(t, admin, later))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrMessageGone)
	_, err = discussion.EditDiscussionMessage{MessageID: msg1, Body: "sorry", Facts: facts()}.Decide(state, ctx(t, planner, later))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrMessageGone)
}

func TestCommandsOnAMissingThread(t *testing.T) {
	empty := &discussion.Thread{}
	for name, cmd := range map[string]domain.Command[*discussion.Thread]{
		"post":    discussion.PostDiscussionMessage{Body: "x", Facts: facts()},
		"edit":    discussion.EditDiscussionMessage{MessageID: msg1, Body: "x"},
		"delete":  discussion.DeleteDiscussionMessage{MessageID: msg1},
		"resolve": discussion.ResolveDiscussion{},
		"reopen":  discussion.ReopenDiscussion{},
		"hide":    discussion.HideDiscussionMessage{MessageID: msg1, Reason: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cmd.Decide(empty, ctx(t, admin, later, msg2))
			wantCode(t, err, domain.CodeNotFound)
		})
	}
}

func TestThreadIsFull(t *testing.T) {
	events := []domain.Event{started()}
	for i := 0; i < discussion.MaxMessages; i++ {
		events = append(events, &discussion.MessagePosted{MessageID: uuid.New(), AuthorID: planner.ID, Body: "x", At: now})
	}
	_, err := discussion.PostDiscussionMessage{Body: "one too many", Facts: facts()}.Decide(given(events...), ctx(t, planner, later, msg2))
	wantCode(t, err, domain.CodeInvalidState, discussion.ErrThreadFull)
}

func TestEventsRoundTripThroughTheRegistry(t *testing.T) {
	r := domain.NewRegistry()
	discussion.RegisterEvents(r)
	if len(r.Names()) != 7 {
		t.Fatalf("registered %v", r.Names())
	}
}
