package history_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/transport"
)

// subscriber reads a subscription's events; every read has a deadline
// that only fails a test that would otherwise hang.
type subscriber struct {
	f      *fixture
	events <-chan any
	cancel context.CancelFunc
}

func (f *fixture) subscribe(actor domain.Actor, query string, vars ...any) *subscriber {
	f.T.Helper()
	variables := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		variables[vars[i].(string)] = vars[i+1]
	}
	ctx, cancel := context.WithCancel(transport.WithActor(context.Background(), actor))
	events, err := f.Schema.Subscribe(ctx, query, "", variables)
	if err != nil {
		cancel()
		f.T.Fatal(err)
	}
	s := &subscriber{f: f, events: events, cancel: cancel}
	f.T.Cleanup(s.close)
	return s
}

// close ends the subscription and waits for graphql-go to close its
// channel.
func (s *subscriber) close() {
	s.cancel()
	for range s.events {
	}
}

// next returns the next event's data; ok is false when the subscription
// ended.
func (s *subscriber) next() (data map[string]any, errs []resolvertest.GQLError, ok bool) {
	s.f.T.Helper()
	select {
	case v, open := <-s.events:
		if !open {
			return nil, nil, false
		}
		raw, err := json.Marshal(v.(*graphql.Response))
		if err != nil {
			s.f.T.Fatal(err)
		}
		var out resolvertest.Result
		if err := json.Unmarshal(raw, &out); err != nil {
			s.f.T.Fatal(err)
		}
		return out.Data, out.Errors, true
	case <-time.After(resolvertest.CatchUpDeadline):
		s.f.T.Fatal("no subscription event in time")
		return nil, nil, false
	}
}

// numbers reads n events and returns the revision numbers at field.
func (s *subscriber) numbers(field string, n int) []int {
	s.f.T.Helper()
	out := make([]int, 0, n)
	for range n {
		data, errs, ok := s.next()
		if !ok || len(errs) > 0 {
			s.f.T.Fatalf("subscription ended or failed after %v: %+v", out, errs)
		}
		out = append(out, resolvertest.Num(resolvertest.Get(data, field+".number")))
	}
	return out
}

func span(from, to int) []int {
	var out []int
	for n := from; n <= to; n++ {
		out = append(out, n)
	}
	return out
}

const strategyRevised = `subscription($s: ID!, $after: Int) { strategyRevised(id: $s, afterRevision: $after) {
	id number action position subject { ... on Strategy { id } } } }`

// A reconnecting client gets what it missed after afterRevision, then the
// revisions to come, each once and in order; a client re-reading the
// strategy when a revision arrives sees it.
func TestStrategyRevisedReplaysThenGoesLive(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.QuickStrategy("Live", false)
	for i := range 3 {
		f.Retitle(id, fmt.Sprintf("Edit %d", i)) // revisions 2..4
	}
	f.CaughtUp()
	sub := f.subscribe(f.Viewer, strategyRevised, "s", id.String(), "after", 2)
	if got := sub.numbers("strategyRevised", 2); !slices.Equal(got, []int{3, 4}) {
		t.Fatalf("replay %v, want [3 4]", got)
	}
	for n := 5; n <= 8; n++ {
		f.Retitle(id, fmt.Sprintf("Live %d", n))
		data, errs, ok := sub.next()
		if !ok || len(errs) > 0 || resolvertest.Num(resolvertest.Get(data, "strategyRevised.number")) != n || resolvertest.Get(data, "strategyRevised.action") != "updateStrategy" {
			t.Fatalf("live revision %d: %v %+v", n, data, errs)
		}
		// Pushed only once the read models hold it: reading without
		// minPosition sees it.
		res := f.MustExec(f.Viewer, `query($s: ID!, $n: Int!) { strategy(id: $s) { revision title revisionByNumber(number: $n) { number } } }`,
			"s", id.String(), "n", n)
		if resolvertest.Num(resolvertest.Get(res.Data, "strategy.revision")) < n || resolvertest.Num(resolvertest.Get(res.Data, "strategy.revisionByNumber.number")) != n {
			t.Fatalf("revision %d pushed before the read model had it: %v", n, res.Data)
		}
	}
}

// Mutations running while a client subscribes: the replay and the live
// notices overlap, and still every revision arrives once, in order.
func TestStrategyRevisedHasNoGapOrDuplicateWhileRevisionsArrive(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.QuickStrategy("Busy", false)
	const edits = 25
	done := make(chan struct{})
	started := make(chan struct{})
	go func() {
		defer close(done)
		for i := range edits {
			if i == 5 {
				close(started)
			}
			f.Retitle(id, fmt.Sprintf("Edit %d", i))
		}
	}()
	<-started
	sub := f.subscribe(f.PlannerB, strategyRevised, "s", id.String(), "after", 1)
	if got := sub.numbers("strategyRevised", edits); !slices.Equal(got, span(2, edits+1)) {
		t.Fatalf("got %v", got)
	}
	<-done
	// Nothing more was queued: the next event is the next revision.
	f.Retitle(id, "One more")
	if got := sub.numbers("strategyRevised", 1); got[0] != edits+2 {
		t.Fatalf("after the burst: %v", got)
	}
}

// Without afterRevision a subscription starts with the next revision.
func TestStrategyRevisedWithoutAfterRevisionStartsNow(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.QuickStrategy("Now", false)
	f.Retitle(id, "Two")
	f.CaughtUp()
	sub := f.subscribe(f.Viewer, strategyRevised, "s", id.String())
	f.Retitle(id, "Three")
	if got := sub.numbers("strategyRevised", 1); got[0] != 3 {
		t.Fatalf("got %v, want [3]", got)
	}
}

func TestCooperationConceptRevisedFromTheStart(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	s, _ := f.QuickStrategy("S", true)
	c := f.CreateConcept(s) // revisions 1..3
	sub := f.subscribe(f.Viewer, `subscription($c: ID!) { cooperationConceptRevised(id: $c, afterRevision: 0) { number action
		subject { ... on CooperationConcept { id } } } }`, "c", c.ID.String())
	if got := sub.numbers("cooperationConceptRevised", 3); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("got %v", got)
	}
	f.MustExec(f.PlannerA, `mutation($c: ID!, $p: ID!) { startPilot(input: {conceptId: $c, pilotId: $p}) { position } }`,
		"c", c.ID.String(), "p", c.Pilot.String())
	data, _, _ := sub.next()
	if resolvertest.Num(resolvertest.Get(data, "cooperationConceptRevised.number")) != 4 || resolvertest.Get(data, "cooperationConceptRevised.action") != "startPilot" ||
		resolvertest.Get(data, "cooperationConceptRevised.subject.id") != c.ID.String() {
		t.Fatalf("live %v", data)
	}
}

// Refused subscriptions fail at once with the contract's codes.
func TestSubscriptionsRefuse(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.QuickStrategy("S", false)
	for _, c := range []struct {
		name  string
		actor domain.Actor
		query string
		vars  []any
		code  string
	}{
		{"audit for a viewer", f.Viewer, `subscription { auditLogAppended { number } }`, nil, "FORBIDDEN"},
		{"unknown strategy", f.Viewer, strategyRevised, []any{"s", f.OrgA.String()}, "NOT_FOUND"},
		{"malformed id", f.Viewer, strategyRevised, []any{"s", "nope"}, "VALIDATION_FAILED"},
		{"negative afterRevision", f.Viewer, strategyRevised, []any{"s", id.String(), "after", -1}, "VALIDATION_FAILED"},
		{"bad afterPosition", f.Admin, `subscription { auditLogAppended(afterPosition: "x") { number } }`, nil, "VALIDATION_FAILED"},
	} {
		// graphql-go drops the extensions of subscription resolvers'
		// errors; the transport derives them from the error itself.
		if got := resolverCode(f, c.actor, c.query, c.vars...); got != c.code {
			t.Errorf("%s: code %s, want %s", c.name, got, c.code)
		}
	}
}

// resolverCode runs a subscription and returns the code of its first
// error as the transport would serve it.
func resolverCode(f *fixture, actor domain.Actor, query string, vars ...any) string {
	f.T.Helper()
	variables := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		variables[vars[i].(string)] = vars[i+1]
	}
	ctx, cancel := context.WithCancel(transport.WithActor(context.Background(), actor))
	defer cancel()
	events, err := f.Schema.Subscribe(ctx, query, "", variables)
	if err != nil {
		f.T.Fatal(err)
	}
	for v := range events {
		resp := v.(*graphql.Response)
		if len(resp.Errors) > 0 && resp.Errors[0].ResolverError != nil {
			cancel()
			for range events {
			}
			return string(domain.CodeOf(resp.Errors[0].ResolverError))
		}
	}
	return ""
}

// auditLogAppended replays after a position, then follows every subject,
// filtered.
func TestAuditLogAppendedReplaysThenFollowsWithFilter(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	a, afterA := f.QuickStrategy("A", false)
	f.Retitle(a, "A2")
	f.MustExec(f.Admin, `mutation { addLocation(input: {name: "Elsewhere", country: "SE"}) { position } }`)
	b, _ := f.QuickStrategy("B", false)
	f.CaughtUp()
	sub := f.subscribe(f.ReviewerA, `subscription($p: String) { auditLogAppended(filter: {subjectType: STRATEGY}, afterPosition: $p) {
		number action position subject { ... on Strategy { title } } } }`, "p", afterA)
	type rev struct {
		action string
		number int
	}
	read := func(n int) []rev {
		var out []rev
		last := 0
		for range n {
			data, errs, ok := sub.next()
			if !ok || len(errs) > 0 {
				t.Fatalf("ended after %v: %+v", out, errs)
			}
			p := resolvertest.Num(resolvertest.Get(data, "auditLogAppended.position"))
			if p <= last {
				t.Fatalf("position %d after %d", p, last)
			}
			last = p
			out = append(out, rev{resolvertest.Get(data, "auditLogAppended.action").(string), resolvertest.Num(resolvertest.Get(data, "auditLogAppended.number"))})
		}
		return out
	}
	if got := read(2); !slices.Equal(got, []rev{{"updateStrategy", 2}, {"createStrategy", 1}}) {
		t.Fatalf("replay %v", got)
	}
	f.MustExec(f.Admin, `mutation { addLocation(input: {name: "Filtered out", country: "SE"}) { position } }`)
	f.Retitle(b, "B2")
	f.Retitle(a, "A3")
	if got := read(2); !slices.Equal(got, []rev{{"updateStrategy", 2}, {"updateStrategy", 3}}) {
		t.Fatalf("live %v", got)
	}
}

// A client resuming right after its own write subscribes while the read
// models still apply it: what it named as seen (afterRevision,
// afterPosition) is not pushed again, whenever its notice arrives.
func TestResumingRightAfterAWriteSkipsWhatTheClientSaw(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	for round := range 3 {
		id, _ := f.QuickStrategy(fmt.Sprintf("Round %d", round), false)
		seen := f.Retitle(id, "seen")
		revised := f.subscribe(f.Viewer, strategyRevised, "s", id.String(), "after", 2)
		audit := f.subscribe(f.ReviewerA, `subscription($s: ID!, $p: String) { auditLogAppended(filter: {subjectId: $s}, afterPosition: $p) {
			number position } }`, "s", id.String(), "p", seen)
		next := f.Retitle(id, "next")
		if got := revised.numbers("strategyRevised", 1); got[0] != 3 {
			t.Fatalf("round %d: strategyRevised pushed %v first, want 3", round, got)
		}
		data, errs, _ := audit.next()
		if len(errs) > 0 || resolvertest.Num(resolvertest.Get(data, "auditLogAppended.number")) != 3 || resolvertest.Get(data, "auditLogAppended.position") != next {
			t.Fatalf("round %d: auditLogAppended pushed %v %+v first, want revision 3 at %s", round, data, errs, next)
		}
		revised.close()
		audit.close()
	}
}
