package resolvertest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
)

// The read side's tests run the real projections: the runner consumes the
// outbox into the read models and the Feed announces what they applied.
// They synchronise on conditions (Feed.WaitFor, a subscription's next
// event) with deadlines, never on sleeps.

// CatchUpDeadline bounds waiting for the projections; generous, because
// every open transaction in the cluster (other tests' databases included)
// holds outbox delivery back.
const CatchUpDeadline = 30 * time.Second

func AllProjections() []projections.Projection {
	return []projections.Projection{documents.New(), history.New(), dashboard.New()}
}

// Logger sends warnings and errors to the test's log, until the
// test's cleanups are done (a late line from a stopping goroutine must
// not panic the test binary).
func Logger(t testing.TB) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(func() { w.done.Store(true) })
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct {
	t    testing.TB
	done atomic.Bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	if !w.done.Load() {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// project runs the projections runner and the Feed until the test ends.
func (f *Fixture) project() {
	f.T.Helper()
	runner, err := projections.NewRunner(projections.Config{
		Pool: f.BG, Registry: f.Deps.App.Store().Registry(), NewAggregate: catalog.New,
		Projections: f.Deps.Projections, Logger: Logger(f.T),
	})
	if err != nil {
		f.T.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runnerDone, feedDone := make(chan error, 1), make(chan error, 1)
	go func() { runnerDone <- runner.Run(ctx) }()
	go func() { feedDone <- f.Deps.Feed.Run(ctx) }()
	f.T.Cleanup(func() {
		cancel()
		_ = runner.Close()
		for _, done := range []chan error{runnerDone, feedDone} {
			select {
			case err := <-done:
				if err != nil && !errors.Is(err, context.Canceled) {
					f.T.Errorf("projections stopped with: %v", err)
				}
			case <-time.After(CatchUpDeadline):
				f.T.Error("projections did not stop")
			}
		}
	})
	deadline := time.After(CatchUpDeadline)
	for _, ready := range []<-chan struct{}{runner.Running(), f.Deps.Feed.Ready()} {
		select {
		case <-ready:
		case <-deadline:
			f.T.Fatal("projections did not start")
		}
	}
}

// Head is the log's highest position.
func (f *Fixture) Head() int64 {
	f.T.Helper()
	var head int64
	if err := f.Pool.QueryRow(context.Background(), `SELECT COALESCE(max(position), 0) FROM events`).Scan(&head); err != nil {
		f.T.Fatal(err)
	}
	return head
}

// CaughtUp waits until every read model includes everything appended.
func (f *Fixture) CaughtUp() {
	f.T.Helper()
	ok, err := f.Deps.Feed.WaitFor(context.Background(), f.Head(), CatchUpDeadline)
	if err != nil || !ok {
		f.T.Fatalf("read models did not catch up with position %d: %v", f.Head(), err)
	}
}

// NewProjected is a fixture whose read models are kept.
func NewProjected(t *testing.T) *Fixture {
	f := New(t)
	f.project()
	return f
}

// QuickStrategy creates a strategy of orgA (and orgB) in DE with one
// mutation and returns its id and position.
func (f *Fixture) QuickStrategy(title string, withB bool) (uuid.UUID, string) {
	f.T.Helper()
	orgs := []any{f.OrgA.String()}
	if withB {
		orgs = append(orgs, f.OrgB.String())
	}
	res := f.MustExec(f.PlannerA, `mutation($t: String!, $locs: [ID!]!, $orgs: [ID!]!) {
		createStrategy(input: {title: $t, startYear: 2027, locationIds: $locs, partnerIds: $orgs}) { position strategy { id } } }`,
		"t", title, "locs", []any{f.LocDE.String()}, "orgs", orgs)
	return f.ID(res, "createStrategy.strategy.id"), f.Str(res, "createStrategy.position")
}

// Retitle changes a strategy's title and returns the payload's position.
func (f *Fixture) Retitle(id uuid.UUID, title string) string {
	f.T.Helper()
	res := f.MustExec(f.PlannerA, `mutation($s: ID!, $t: String) { updateStrategy(input: {strategyId: $s, title: $t}) { position } }`,
		"s", id.String(), "t", title)
	return f.Str(res, "updateStrategy.position")
}

// OnlyCode returns the code of the only error, failing unless there is
// exactly one.
func (f *Fixture) OnlyCode(res Result) string {
	f.T.Helper()
	if len(res.Errors) != 1 {
		f.T.Fatalf("want one error, got %+v (data %v)", res.Errors, res.Data)
	}
	return res.Code(0)
}

// Strs collects the strings at path below each element of a list.
func Strs(list any, path string) []string {
	items, _ := list.([]any)
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprint(Get(it, path))
	}
	return out
}

// Num reads a JSON number as an int.
func Num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case string:
		i, _ := strconv.Atoi(n)
		return i
	}
	return -1
}
