package discussions_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// facts loads the strategy as app.documentFacts does.
func facts(t *testing.T, env *testkit.Env, id uuid.UUID, people map[uuid.UUID]uuid.UUID) *discussion.Facts {
	t.Helper()
	loaded, err := eventstore.Load(context.Background(), env.Store, testkit.Strategies, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := &discussion.Facts{DocumentType: domain.SubjectStrategy, DocumentID: id, Revision: loaded.Revision,
		Doc: loaded.State.Document(), People: people}
	for _, p := range loaded.State.Partnerships {
		f.Partners = append(f.Partners, p.OrganisationID)
	}
	return f
}

// TestLiveEqualsRebuildThroughAThreadsLife runs a thread through every
// command while the runner applies it live, checks the rows, then
// rebuilds the projection from the log and compares.
func TestLiveEqualsRebuildThroughAThreadsLife(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	all := append(testkit.All(), discussions.New(env.Registry))
	started := env.Start(t, env.Config(t, all...))

	orgA, orgB := uuid.New(), uuid.New()
	planner := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner, OrganisationID: orgA}
	reviewer := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: orgB}
	admin := testkit.Actor(uuid.Nil)
	people := map[uuid.UUID]uuid.UUID{planner.ID: orgA, reviewer.ID: orgB}

	sid, _ := testkit.Exec(t, env, testkit.Strategies, uuid.Nil, admin, strategy.CreateStrategy{Title: "Baltic 2035", StartYear: 2027,
		LocationIDs: []uuid.UUID{uuid.New()}, PartnerIDs: []uuid.UUID{orgA, orgB}})
	priority, objective, measure := uuid.New(), uuid.New(), uuid.New()
	testkit.Exec(t, env, testkit.Strategies, sid, planner, strategy.AddPriority{PriorityID: &priority, Title: "Skills"})
	testkit.Exec(t, env, testkit.Strategies, sid, planner, strategy.AddObjective{PriorityID: priority, ObjectiveID: &objective, Title: "Train"})
	testkit.Exec(t, env, testkit.Strategies, sid, planner, strategy.AddMeasure{ObjectiveID: objective, MeasureID: &measure,
		Title: "Workshops", StartYear: 2027, EndYear: 2028})

	tid, _ := testkit.Exec(t, env, testkit.Discussions, uuid.Nil, planner, discussion.StartDiscussion{DocumentType: domain.SubjectStrategy,
		DocumentID: sid, ItemKey: measure, Body: "How did Szczecin run these?", Mentions: []uuid.UUID{reviewer.ID}, Facts: facts(t, env, sid, people)})
	_, rev := testkit.Exec(t, env, testkit.Discussions, tid, reviewer, discussion.PostDiscussionMessage{Body: "Two days each", Facts: facts(t, env, sid, people)})
	loaded, err := eventstore.Load(ctx, env.Store, testkit.Discussions, tid, 0)
	if err != nil {
		t.Fatal(err)
	}
	first, reply := loaded.State.Messages[0].ID, loaded.State.Messages[1].ID
	testkit.Exec(t, env, testkit.Discussions, tid, planner, discussion.PostDiscussionMessage{ReplyTo: reply, Body: "Thanks, idiot", Facts: facts(t, env, sid, people)})
	loaded, err = eventstore.Load(ctx, env.Store, testkit.Discussions, tid, 0)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Exec(t, env, testkit.Discussions, tid, admin, discussion.HideDiscussionMessage{MessageID: loaded.State.Messages[2].ID, Reason: "insult"})
	testkit.Exec(t, env, testkit.Discussions, tid, planner, discussion.EditDiscussionMessage{MessageID: first, Body: "How did Szczecin run the workshops?", Facts: facts(t, env, sid, people)})
	testkit.Exec(t, env, testkit.Discussions, tid, reviewer, discussion.DeleteDiscussionMessage{MessageID: reply})
	testkit.Exec(t, env, testkit.Discussions, tid, reviewer, discussion.ResolveDiscussion{})
	testkit.Exec(t, env, testkit.Discussions, tid, planner, discussion.ReopenDiscussion{})
	testkit.Exec(t, env, testkit.Strategies, sid, planner, strategy.RemoveItem{ItemID: measure})
	env.WaitCaughtUp(t, 20*time.Second, all...)

	var (
		status, path string
		visible      int
	)
	if err := env.Pool.QueryRow(ctx, `SELECT status, item_path, messages FROM proj_discussions.threads WHERE thread_id = $1`, tid).
		Scan(&status, &path, &visible); err != nil {
		t.Fatal(err)
	}
	if status != "OPEN" || visible != 1 || !strings.HasSuffix(path, "/measures/"+measure.String()) {
		t.Fatalf("thread row: %s %s %d", status, path, visible)
	}
	var (
		body    *string
		deleted bool
		pos     int64
		edits   []byte
	)
	if err := env.Pool.QueryRow(ctx, `SELECT body, deleted, position FROM proj_discussions.messages WHERE message_id = $1`, reply).
		Scan(&body, &deleted, &pos); err != nil {
		t.Fatal(err)
	}
	if body != nil || !deleted || pos != rev.Position() {
		t.Fatalf("deleted reply: body %v deleted %v position %d (want %d)", body, deleted, pos, rev.Position())
	}
	if err := env.Pool.QueryRow(ctx, `SELECT body, edits FROM proj_discussions.messages WHERE message_id = $1`, first).Scan(&body, &edits); err != nil {
		t.Fatal(err)
	}
	var history []discussions.Edit
	if err := json.Unmarshal(edits, &history); err != nil || body == nil || *body != "How did Szczecin run the workshops?" ||
		len(history) != 1 || history[0].Body != "How did Szczecin run these?" {
		t.Fatalf("edited message: %v %s %v", body, edits, err)
	}
	var kinds string
	if err := env.Pool.QueryRow(ctx, `SELECT string_agg(kind, ',' ORDER BY seq) FROM proj_discussions.activity WHERE document_id = $1`, sid).
		Scan(&kinds); err != nil {
		t.Fatal(err)
	}
	if want := "REVISION,REVISION,REVISION,REVISION" + strings.Repeat(",DISCUSSION", 8) + ",REVISION"; kinds != want {
		t.Fatalf("activity kinds %s, want %s", kinds, want)
	}

	live := env.DumpAll(t, all...)
	if !strings.Contains(live[discussions.Name]["messages"], `"hidden_reason": "insult"`) || live[discussions.Name]["activity"] == "" {
		t.Fatalf("dump misses the thread: %v", live[discussions.Name])
	}
	started.Stop(t)
	if err := started.Runner.Rebuild(ctx, discussions.Name); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, live, env.DumpAll(t, all...))
}
