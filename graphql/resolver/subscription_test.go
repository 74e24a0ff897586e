package resolver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
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
	f.t.Helper()
	variables := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		variables[vars[i].(string)] = vars[i+1]
	}
	ctx, cancel := context.WithCancel(transport.WithActor(context.Background(), actor))
	events, err := f.schema.Subscribe(ctx, query, "", variables)
	if err != nil {
		cancel()
		f.t.Fatal(err)
	}
	s := &subscriber{f: f, events: events, cancel: cancel}
	f.t.Cleanup(s.close)
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
func (s *subscriber) next() (data map[string]any, errs []gqlError, ok bool) {
	s.f.t.Helper()
	select {
	case v, open := <-s.events:
		if !open {
			return nil, nil, false
		}
		raw, err := json.Marshal(v.(*graphql.Response))
		if err != nil {
			s.f.t.Fatal(err)
		}
		var out result
		if err := json.Unmarshal(raw, &out); err != nil {
			s.f.t.Fatal(err)
		}
		return out.Data, out.Errors, true
	case <-time.After(catchUpDeadline):
		s.f.t.Fatal("no subscription event in time")
		return nil, nil, false
	}
}

// numbers reads n events and returns the revision numbers at field.
func (s *subscriber) numbers(field string, n int) []int {
	s.f.t.Helper()
	out := make([]int, 0, n)
	for range n {
		data, errs, ok := s.next()
		if !ok || len(errs) > 0 {
			s.f.t.Fatalf("subscription ended or failed after %v: %+v", out, errs)
		}
		out = append(out, num(get(data, field+".number")))
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
	id, _ := f.quickStrategy("Live", false)
	for i := range 3 {
		f.retitle(id, fmt.Sprintf("Edit %d", i)) // revisions 2..4
	}
	f.caughtUp()
	sub := f.subscribe(f.viewer, strategyRevised, "s", id.String(), "after", 2)
	if got := sub.numbers("strategyRevised", 2); !slices.Equal(got, []int{3, 4}) {
		t.Fatalf("replay %v, want [3 4]", got)
	}
	for n := 5; n <= 8; n++ {
		f.retitle(id, fmt.Sprintf("Live %d", n))
		data, errs, ok := sub.next()
		if !ok || len(errs) > 0 || num(get(data, "strategyRevised.number")) != n || get(data, "strategyRevised.action") != "updateStrategy" {
			t.Fatalf("live revision %d: %v %+v", n, data, errs)
		}
		// Pushed only once the read models hold it: reading without
		// minPosition sees it.
		res := f.mustExec(f.viewer, `query($s: ID!, $n: Int!) { strategy(id: $s) { revision title revisionByNumber(number: $n) { number } } }`,
			"s", id.String(), "n", n)
		if num(get(res.Data, "strategy.revision")) < n || num(get(res.Data, "strategy.revisionByNumber.number")) != n {
			t.Fatalf("revision %d pushed before the read model had it: %v", n, res.Data)
		}
	}
}

// Mutations running while a client subscribes: the replay and the live
// notices overlap, and still every revision arrives once, in order.
func TestStrategyRevisedHasNoGapOrDuplicateWhileRevisionsArrive(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.quickStrategy("Busy", false)
	const edits = 25
	done := make(chan struct{})
	started := make(chan struct{})
	go func() {
		defer close(done)
		for i := range edits {
			if i == 5 {
				close(started)
			}
			f.retitle(id, fmt.Sprintf("Edit %d", i))
		}
	}()
	<-started
	sub := f.subscribe(f.plannerB, strategyRevised, "s", id.String(), "after", 1)
	if got := sub.numbers("strategyRevised", edits); !slices.Equal(got, span(2, edits+1)) {
		t.Fatalf("got %v", got)
	}
	<-done
	// Nothing more was queued: the next event is the next revision.
	f.retitle(id, "One more")
	if got := sub.numbers("strategyRevised", 1); got[0] != edits+2 {
		t.Fatalf("after the burst: %v", got)
	}
}

// Without afterRevision a subscription starts with the next revision.
func TestStrategyRevisedWithoutAfterRevisionStartsNow(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.quickStrategy("Now", false)
	f.retitle(id, "Two")
	f.caughtUp()
	sub := f.subscribe(f.viewer, strategyRevised, "s", id.String())
	f.retitle(id, "Three")
	if got := sub.numbers("strategyRevised", 1); got[0] != 3 {
		t.Fatalf("got %v, want [3]", got)
	}
}

func TestCooperationConceptRevisedFromTheStart(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	s, _ := f.quickStrategy("S", true)
	c := f.createConcept(s) // revisions 1..3
	sub := f.subscribe(f.viewer, `subscription($c: ID!) { cooperationConceptRevised(id: $c, afterRevision: 0) { number action
		subject { ... on CooperationConcept { id } } } }`, "c", c.id.String())
	if got := sub.numbers("cooperationConceptRevised", 3); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("got %v", got)
	}
	f.mustExec(f.plannerA, `mutation($c: ID!, $p: ID!) { startPilot(input: {conceptId: $c, pilotId: $p}) { position } }`,
		"c", c.id.String(), "p", c.pilot.String())
	data, _, _ := sub.next()
	if num(get(data, "cooperationConceptRevised.number")) != 4 || get(data, "cooperationConceptRevised.action") != "startPilot" ||
		get(data, "cooperationConceptRevised.subject.id") != c.id.String() {
		t.Fatalf("live %v", data)
	}
}

// Refused subscriptions fail at once with the contract's codes.
func TestSubscriptionsRefuse(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.quickStrategy("S", false)
	for _, c := range []struct {
		name  string
		actor domain.Actor
		query string
		vars  []any
		code  string
	}{
		{"audit for a viewer", f.viewer, `subscription { auditLogAppended { number } }`, nil, "FORBIDDEN"},
		{"unknown strategy", f.viewer, strategyRevised, []any{"s", f.orgA.String()}, "NOT_FOUND"},
		{"malformed id", f.viewer, strategyRevised, []any{"s", "nope"}, "VALIDATION_FAILED"},
		{"negative afterRevision", f.viewer, strategyRevised, []any{"s", id.String(), "after", -1}, "VALIDATION_FAILED"},
		{"bad afterPosition", f.admin, `subscription { auditLogAppended(afterPosition: "x") { number } }`, nil, "VALIDATION_FAILED"},
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
	f.t.Helper()
	variables := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		variables[vars[i].(string)] = vars[i+1]
	}
	ctx, cancel := context.WithCancel(transport.WithActor(context.Background(), actor))
	defer cancel()
	events, err := f.schema.Subscribe(ctx, query, "", variables)
	if err != nil {
		f.t.Fatal(err)
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
	a, afterA := f.quickStrategy("A", false)
	f.retitle(a, "A2")
	f.mustExec(f.admin, `mutation { addLocation(input: {name: "Elsewhere", country: "SE"}) { position } }`)
	b, _ := f.quickStrategy("B", false)
	f.caughtUp()
	sub := f.subscribe(f.reviewerA, `subscription($p: String) { auditLogAppended(filter: {subjectType: STRATEGY}, afterPosition: $p) {
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
			p := num(get(data, "auditLogAppended.position"))
			if p <= last {
				t.Fatalf("position %d after %d", p, last)
			}
			last = p
			out = append(out, rev{get(data, "auditLogAppended.action").(string), num(get(data, "auditLogAppended.number"))})
		}
		return out
	}
	if got := read(2); !slices.Equal(got, []rev{{"updateStrategy", 2}, {"createStrategy", 1}}) {
		t.Fatalf("replay %v", got)
	}
	f.mustExec(f.admin, `mutation { addLocation(input: {name: "Filtered out", country: "SE"}) { position } }`)
	f.retitle(b, "B2")
	f.retitle(a, "A3")
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
		id, _ := f.quickStrategy(fmt.Sprintf("Round %d", round), false)
		seen := f.retitle(id, "seen")
		revised := f.subscribe(f.viewer, strategyRevised, "s", id.String(), "after", 2)
		audit := f.subscribe(f.reviewerA, `subscription($s: ID!, $p: String) { auditLogAppended(filter: {subjectId: $s}, afterPosition: $p) {
			number position } }`, "s", id.String(), "p", seen)
		next := f.retitle(id, "next")
		if got := revised.numbers("strategyRevised", 1); got[0] != 3 {
			t.Fatalf("round %d: strategyRevised pushed %v first, want 3", round, got)
		}
		data, errs, _ := audit.next()
		if len(errs) > 0 || num(get(data, "auditLogAppended.number")) != 3 || get(data, "auditLogAppended.position") != next {
			t.Fatalf("round %d: auditLogAppended pushed %v %+v first, want revision 3 at %s", round, data, errs, next)
		}
		revised.close()
		audit.close()
	}
}
