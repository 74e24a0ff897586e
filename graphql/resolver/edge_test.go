package resolver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// serveHTTP serves f's schema through the transport, as the service does,
// with every request authenticated as actor.
func (f *fixture) serveHTTP(actor domain.Actor) *httptest.Server {
	f.T.Helper()
	auth := transport.AuthenticatorFunc(func(context.Context, string) (domain.Actor, error) { return actor, nil })
	srv := httptest.NewServer(transport.NewHandler(transport.Config{RateLimit: transport.RateLimitConfig{Disabled: true}}, f.Schema, auth, resolvertest.Logger(f.T)))
	f.T.Cleanup(srv.Close)
	return srv
}

func postGraphQL(t *testing.T, srv *httptest.Server, body string) (int, resolvertest.Result) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	req.Header.Set("Authorization", "Bearer any")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out resolvertest.Result
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return res.StatusCode, out
}

// Issue 11, case 3: a NUL byte in personal data, filters or a pathPrefix is
// VALIDATION_FAILED at the edge (not INTERNAL from SQL), and nothing is
// appended.
func TestControlCharactersAreRefusedAtTheEdge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv := f.serveHTTP(f.Admin)
	sid, _ := f.QuickStrategy("Edge", false)
	id := sid.String()
	before := f.Events()
	for _, body := range []string{
		`{"query":"mutation($o: ID!, $n: String!) { setContactPerson(input: {organisationId: $o, name: $n}) { organisation { id } } }","variables":{"o":"` + f.OrgA.String() + `","n":"a\u0000b"}}`,
		`{"query":"mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: \"a\\u0000b\"}) { organisation { id } } }","variables":{"o":"` + f.OrgA.String() + `"}}`,
		`{"query":"query($s: String) { strategies(filter: {search: $s}) { totalCount } }","variables":{"s":"x\u0000"}}`,
		`{"query":"query($id: ID!, $p: String) { strategy(id: $id) { blame(pathPrefix: $p) { path } } }","variables":{"id":"` + id + `","p":"/\u0000"}}`,
		`{"query":"query($c: String) { strategies(after: $c) { totalCount } }","variables":{"c":"\u0000"}}`,
	} {
		status, res := postGraphQL(t, srv, body)
		if status != http.StatusBadRequest || res.Code(0) != "VALIDATION_FAILED" {
			t.Errorf("status %d, errors %+v for %s", status, res.Errors, body)
		}
	}
	// Issue 11, case 5: variables of the wrong type are request errors.
	for _, body := range []string{
		`{"query":"query($f: Int) { strategies(first: $f) { totalCount } }","variables":{"f":1.5}}`,
		`{"query":"query($f: Int) { strategies(first: $f) { totalCount } }","variables":{"f":"10"}}`,
		`{"query":"mutation($s: ID!, $r: Int) { updateStrategy(input: {strategyId: $s, title: \"T\", expectedRevision: $r}) { position } }","variables":{"s":"` + id + `","r":2147483648}}`,
		`{"query":"mutation($s: ID!, $r: Int) { updateStrategy(input: {strategyId: $s, title: \"T\", expectedRevision: $r}) { position } }","variables":{"s":"` + id + `","r":"5"}}`,
	} {
		status, res := postGraphQL(t, srv, body)
		if status != http.StatusBadRequest || res.Code(0) != "VALIDATION_FAILED" || res.Data != nil {
			t.Errorf("status %d, errors %+v for %s", status, res.Errors, body)
		}
	}
	if after := f.Events(); after != before {
		t.Errorf("%d events appended by refused requests", after-before)
	}
	// The domain refuses it too, for commands that do not come through the
	// transport.
	res := f.Exec(&f.Admin, `mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: "a\u0000b"}) { organisation { id } } }`,
		"o", f.OrgA.String())
	if res.Code(0) != "VALIDATION_FAILED" {
		t.Errorf("domain: %+v", res.Errors)
	}
	if after := f.Events(); after != before {
		t.Errorf("%d events appended by a refused command", after-before)
	}
}

// commitBreaker fails every statement after the first append once armed:
// the database "goes away" between a command's commit (the append is one
// pipelined batch in an implicit transaction) and the read-back of its
// answer.
type commitBreaker struct {
	armed, appending, broken atomic.Bool
}

func (b *commitBreaker) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return b.fail(ctx)
}

func (b *commitBreaker) fail(ctx context.Context) context.Context {
	if !b.broken.Load() {
		return ctx
	}
	gone, cancel := context.WithCancelCause(ctx)
	cancel(errors.New("database went away"))
	return gone
}

func (b *commitBreaker) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (b *commitBreaker) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return b.fail(ctx)
}

func (b *commitBreaker) TraceBatchQuery(_ context.Context, _ *pgx.Conn, data pgx.TraceBatchQueryData) {
	if b.armed.Load() && strings.Contains(data.SQL, "INSERT INTO events") {
		b.appending.Store(true)
	}
}

func (b *commitBreaker) TraceBatchEnd(_ context.Context, _ *pgx.Conn, data pgx.TraceBatchEndData) {
	if b.appending.Load() && data.Err == nil {
		b.broken.Store(true)
	}
}

// Issue 11, case 4: a committed mutation whose answer cannot be read back
// says so (UNAVAILABLE, retry with the same commandId), and the retry
// replays the committed answer.
func TestCommittedCommandWhoseAnswerIsLost(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	breaker := &commitBreaker{}
	cfg, err := pgxpool.ParseConfig(f.Pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 3
	cfg.ConnConfig.Tracer = breaker
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store := eventstore.New(pool, catalog.Registry())
	deps := f.Deps
	deps.App = app.NewService(store, app.Config{})
	deps.Pool = pool
	deps.Read = readmodel.New(pool, nil)
	schema, err := resolver.NewSchema(deps)
	if err != nil {
		t.Fatal(err)
	}
	const mutation = `mutation($c: ID!, $l: [ID!]!, $p: [ID!]!) { createStrategy(input: {commandId: $c, title: "Lost answer",
		startYear: 2027, locationIds: $l, partnerIds: $p}) { position replayed revision { number } } }`
	commandID := uuid.Must(uuid.NewV7()).String()
	vars := []any{"c", commandID, "l", []any{f.LocDE.String()}, "p", []any{f.OrgA.String()}}
	before := f.Events()

	breaker.armed.Store(true)
	broken := *f.Fixture // a copy: f keeps its own schema
	broken.Deps, broken.Schema = deps, schema
	res := broken.Exec(&f.PlannerA, mutation, vars...)
	if res.Code(0) != "UNAVAILABLE" || !strings.Contains(res.Errors[0].Message, "commandId") ||
		!strings.Contains(res.Errors[0].Message, "committed") {
		t.Fatalf("errors %+v, data %v", res.Errors, res.Data)
	}
	if f.Events() == before {
		t.Fatal("the command was not committed")
	}

	// The retry with the same commandId gets the committed answer.
	res = f.MustExec(f.PlannerA, mutation, vars...)
	if resolvertest.Get(res.Data, "createStrategy.replayed") != true || resolvertest.Num(resolvertest.Get(res.Data, "createStrategy.revision.number")) != 1 {
		t.Fatalf("retry: %v", res.Data)
	}
}

// Issue 11, case 3: whatever text the command path accepts, every
// projection stores, and a rebuild of every projection replays: nothing is
// sent to the poison queue, and the read model serves the text as given.
func TestAcceptedTextIsProjectedAndRebuilt(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	lines := []string{
		"tab\there", "emoji 🙂 and ZWJ 👩‍👩‍👧", "replacement \uFFFD", `quote ' " backslash \ percent % underscore _`,
		"RTL \u202e mark", "separators \u2028 \u2029", "combining e\u0301", "null", `{"json": [1, "\u0000"]}`,
		"'; DROP TABLE events; --", "\u00a0nbsp\u200b", "last BMP \uffef\ufffd", strings.Repeat("ä", 190),
	}
	multi := []string{"line\nbreak", "CRLF\r\nend", "trailing\n", "\r\n\t mixed \t\r\n"}
	ctx := context.Background()
	type written struct {
		id            uuid.UUID
		title, vision string
	}
	var strategies []written
	for i, line := range lines {
		text := multi[i%len(multi)] + line
		name := fmt.Sprintf("%s %d", line, i)
		loc := f.ID(f.MustExec(f.Admin, `mutation($n: String!, $r: String) { addLocation(input: {name: $n, country: "DE", region: $n, reason: $r}) { location { id } } }`,
			"n", name, "r", text), "addLocation.location.id")
		org := f.ID(f.MustExec(f.Admin, `mutation($n: String!, $l: ID!, $r: String) { registerOrganisation(input: {name: $n, role: PARTNER, locationId: $l, address: $n, reason: $r}) { organisation { id } } }`,
			"n", name, "l", loc.String(), "r", text), "registerOrganisation.organisation.id")
		f.MustExec(f.Admin, `mutation($o: ID!, $n: String!) { setContactPerson(input: {organisationId: $o, name: $n}) { organisation { id } } }`,
			"o", org.String(), "n", name)
		res := f.MustExec(f.Admin, `mutation($t: String!, $v: String, $r: String, $l: [ID!]!, $p: [ID!]!) { createStrategy(input: {title: $t, vision: $v, reason: $r, startYear: 2027, locationIds: $l, partnerIds: $p}) { strategy { id } } }`,
			"t", name, "v", text, "r", text, "l", []any{loc.String()}, "p", []any{org.String()})
		id := f.ID(res, "createStrategy.strategy.id")
		f.MustExec(f.Admin, `mutation($s: ID!, $v: String) { updateStrategy(input: {strategyId: $s, vision: $v}) { position } }`,
			"s", id.String(), "v", text+text)
		strategies = append(strategies, written{id: id, title: name, vision: text + text})
	}
	f.CaughtUp()
	poisoned := func() int {
		var n int
		if err := f.Pool.QueryRow(ctx, `SELECT count(*) FROM watermill_poison`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := poisoned(); n != 0 {
		t.Fatalf("%d revisions in the poison queue", n)
	}
	runner, err := projections.NewRunner(projections.Config{
		Pool: f.BG, Registry: f.Deps.App.Store().Registry(), NewAggregate: catalog.New,
		Projections: resolvertest.AllProjections(), Logger: resolvertest.Logger(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Rebuild(ctx, ""); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if n := poisoned(); n != 0 {
		t.Fatalf("%d revisions in the poison queue after the rebuild", n)
	}
	for _, s := range strategies {
		res := f.MustExec(f.Viewer, `query($id: ID!) { strategy(id: $id) { title vision } }`, "id", s.id.String())
		if resolvertest.Get(res.Data, "strategy.title") != s.title || resolvertest.Get(res.Data, "strategy.vision") != s.vision {
			t.Errorf("served %q / %q, wrote %q / %q", resolvertest.Get(res.Data, "strategy.title"), resolvertest.Get(res.Data, "strategy.vision"), s.title, s.vision)
		}
	}
}
