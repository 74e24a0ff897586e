package testkit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
)

// Env is a migrated database of its own with an event store that knows the
// real aggregates and Note.
type Env struct {
	Pool     *pgxpool.Pool
	Store    *eventstore.Store
	Registry *domain.Registry
	clock    atomic.Int64
}

// New returns an Env for t.
func New(t testing.TB) *Env {
	t.Helper()
	pool := pgtest.NewPool(t)
	reg := catalog.Registry()
	RegisterNoteEvents(reg)
	e := &Env{Pool: pool, Store: eventstore.New(pool, reg), Registry: reg}
	e.clock.Store(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).UnixMicro())
	return e
}

// NewAggregate is the factory the runner gets: the catalog plus Note.
func NewAggregate(t domain.SubjectType) (domain.Aggregate, error) {
	if t == NoteType {
		return &Note{}, nil
	}
	return catalog.New(t)
}

// All returns the planner's projections.
func All() []projections.Projection {
	return []projections.Projection{documents.New(), history.New(), dashboard.New()}
}

// Config returns a runner configuration for ps (default: All()).
func (e *Env) Config(t testing.TB, ps ...projections.Projection) projections.Config {
	if len(ps) == 0 {
		ps = All()
	}
	return projections.Config{
		Pool: e.Pool, Registry: e.Registry, NewAggregate: NewAggregate, Projections: ps,
		Logger: Logger(t),
	}
}

// Logger logs warnings and errors through t.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Start runs a runner until the test ends (or Stop).
func (e *Env) Start(t testing.TB, cfg projections.Config) *Started {
	t.Helper()
	r, err := projections.NewRunner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &Started{Runner: r, done: make(chan error, 1)}
	go func() { s.done <- r.Run(context.Background()) }()
	select {
	case <-r.Running():
	case err := <-s.done:
		t.Fatalf("runner stopped at start: %v", err)
	case <-time.After(Patience):
		t.Fatal("runner did not start")
	}
	t.Cleanup(func() { s.Stop(t) })
	return s
}

// Started is a running runner.
type Started struct {
	Runner  *projections.Runner
	done    chan error
	stopped atomic.Bool
}

// Stop closes the runner and waits for Run to return.
func (s *Started) Stop(t testing.TB) {
	if s.stopped.Swap(true) {
		return
	}
	if err := s.Runner.Close(); err != nil {
		t.Errorf("close runner: %v", err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("runner: %v", err)
		}
	case <-time.After(Patience):
		t.Error("runner did not stop")
	}
}

// Now returns a strictly increasing test clock (a minute per call), so that
// revisions spread over weeks.
func (e *Env) Now() time.Time {
	return time.UnixMicro(e.clock.Add(time.Minute.Microseconds())).UTC()
}

// Actor returns an admin of the given organisation.
func Actor(org uuid.UUID) domain.Actor {
	return domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RoleAdmin, OrganisationID: org}
}

// Append appends one revision of events to a Note stream, deciding its
// version from the log; concurrent appends to the same stream retry.
func (e *Env) Append(t testing.TB, stream uuid.UUID, actor domain.Actor, events ...domain.Event) eventstore.Revision {
	t.Helper()
	rev, err := e.TryAppend(context.Background(), NoteType, stream, actor, "write", events...)
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// TryAppend appends events to a stream of any type after its last revision.
func (e *Env) TryAppend(ctx context.Context, typ domain.SubjectType, stream uuid.UUID, actor domain.Actor, action string, events ...domain.Event) (eventstore.Revision, error) {
	for {
		var version, revision int
		if err := e.Pool.QueryRow(ctx, `SELECT COALESCE(max(version), 0), COALESCE(max(revision), 0) FROM events WHERE stream_id = $1`,
			stream).Scan(&version, &revision); err != nil {
			return eventstore.Revision{}, err
		}
		rev, err := e.Store.Append(ctx, eventstore.AppendRequest{
			StreamType: typ, StreamID: stream, ExpectedVersion: version, Revision: revision + 1, Events: events,
			InputHash: []byte{1},
			Metadata: eventstore.Metadata{ActorID: actor.ID, ActorOrganisationID: actor.OrganisationID,
				CommandID: uuid.New(), CorrelationID: uuid.New(), Action: action, RecordedAt: e.Now()},
		})
		if errors.Is(err, eventstore.ErrStreamChanged) {
			continue
		}
		return rev, err
	}
}

// Exec runs a command of a real aggregate the way the application does
// (load, decide, append) and returns the subject's id and the revision.
func Exec[S domain.Aggregate](t testing.TB, e *Env, kind eventstore.StreamKind[S], id uuid.UUID, actor domain.Actor, cmd domain.Command[S]) (uuid.UUID, eventstore.Revision) {
	t.Helper()
	ctx := context.Background()
	desc := cmd.Describe()
	if desc.Creates {
		id = uuid.New()
	}
	loaded, err := eventstore.Load(ctx, e.Store, kind, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	first := desc.Creates
	newID := func() uuid.UUID {
		if first {
			first = false
			return id
		}
		return uuid.New()
	}
	events, err := cmd.Decide(loaded.State, domain.Context{Actor: actor, Now: e.Now(), NewID: newID})
	if err != nil {
		t.Fatalf("%s: %v", desc.Action, err)
	}
	// The digest the command path computes (projections apply from it).
	start, err := domain.StartDigest(loaded.State, loaded.Revision)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		loaded.State.Apply(ev, loaded.Revision+1)
	}
	digest, err := start.Finish(loaded.State.Document(), loaded.State)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := e.Store.Append(ctx, eventstore.AppendRequest{
		StreamType: kind.Type, StreamID: id, ExpectedVersion: loaded.Version, Revision: loaded.Revision + 1,
		Events: events, InputHash: []byte{1}, Digest: digest,
		Metadata: eventstore.Metadata{ActorID: actor.ID, ActorOrganisationID: actor.OrganisationID,
			CommandID: uuid.New(), Action: desc.Action, Reason: "because", RecordedAt: e.Now()},
	})
	if err != nil {
		t.Fatalf("%s: %v", desc.Action, err)
	}
	return id, rev
}

// Lagging returns how many streams a projection has not fully applied.
func (e *Env) Lagging(ctx context.Context, p projections.Projection) (int, error) {
	var n int
	err := e.Pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT stream_id, max(revision) AS revision FROM events GROUP BY stream_id) e
		LEFT JOIN `+p.Schema()+`.streams s USING (stream_id) WHERE COALESCE(s.revision, 0) < e.revision`).Scan(&n)
	return n, err
}

// WaitCaughtUp waits until every projection applied every revision in the
// log (a condition polled until the deadline).
func (e *Env) WaitCaughtUp(t testing.TB, timeout time.Duration, ps ...projections.Projection) {
	t.Helper()
	if len(ps) == 0 {
		ps = All()
	}
	Eventually(t, timeout, func() (bool, string) {
		for _, p := range ps {
			n, err := e.Lagging(context.Background(), p)
			if err != nil {
				return false, err.Error()
			}
			if n > 0 {
				return false, fmt.Sprintf("%s lags on %d streams", p.Name(), n)
			}
		}
		return true, ""
	})
}

// Patience is the least time a test waits for something before it gives
// up. Deadlines here only decide when a broken test stops: a passing test
// never waits for them, and a CI machine running other builds can be many
// times slower than a quiet one (a 10 s deadline failed at load 26 on two
// cores), so no wait gives up sooner than this.
const Patience = 2 * time.Minute

// Eventually polls cond until it holds or the deadline (timeout, at least
// Patience) passes.
func Eventually(t testing.TB, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	timeout = max(timeout, Patience)
	deadline := time.Now().Add(timeout)
	for {
		ok, why := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not reached within %s: %s", timeout, why)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Dump returns every table of schema as sorted JSON rows, without the
// apply times and the history's seq (the order revisions were applied in,
// which a rebuild renumbers in log order): both differ between an
// incremental run and a rebuild.
func (e *Env) Dump(t testing.TB, schema string) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := e.Pool.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'r'`, schema)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(tables)
	out := map[string]string{}
	for _, table := range tables {
		var dump *string
		if err := e.Pool.QueryRow(ctx, `SELECT string_agg(r, E'\n' ORDER BY r) FROM
			(SELECT (to_jsonb(t) - 'applied_at' - 'seq')::text AS r FROM `+schema+`.`+table+` t) rows`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		if dump != nil {
			out[table] = *dump
		} else {
			out[table] = ""
		}
	}
	return out
}

// DumpAll dumps every projection's schema.
func (e *Env) DumpAll(t testing.TB, ps ...projections.Projection) map[string]map[string]string {
	if len(ps) == 0 {
		ps = All()
	}
	out := map[string]map[string]string{}
	for _, p := range ps {
		out[p.Name()] = e.Dump(t, p.Schema())
	}
	return out
}

// SameDumps reports the first difference between two dumps.
func SameDumps(t testing.TB, want, got map[string]map[string]string) {
	t.Helper()
	for name, tables := range want {
		for table, rows := range tables {
			if got[name][table] != rows {
				t.Errorf("%s.%s differs:\n%s", name, table, firstDifference(rows, got[name][table]))
			}
		}
		if len(got[name]) != len(tables) {
			t.Errorf("%s: %d tables, want %d", name, len(got[name]), len(tables))
		}
	}
}

func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("row %d (of %d vs %d):\n  want %s\n  got  %s", i, len(la), len(lb), x, y)
		}
	}
	return "same"
}
