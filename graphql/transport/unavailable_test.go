package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coder/websocket"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// closedPortURL names a PostgreSQL server that is not there: a port that
// was free a moment ago.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "postgres://postgres@" + addr + "/planner?sslmode=disable&connect_timeout=5"
}

// driverErrors are real errors of pgx for a database that is unavailable.
func driverErrors(t *testing.T) map[string]error {
	t.Helper()
	ctx := context.Background()
	out := map[string]error{}
	_, out["connect refused"] = pgx.Connect(ctx, closedPortURL(t))
	pool, err := pgxpool.New(ctx, closedPortURL(t))
	if err != nil {
		t.Fatal(err)
	}
	_, out["pool query"] = pool.Exec(ctx, "SELECT 1")
	pool.Close()
	_, out["closed pool"] = pool.Exec(ctx, "SELECT 1")

	// A statement timeout and an exhausted pool, on the real server.
	real, err := pgxpool.New(ctx, pgtest.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	_, out["statement timeout"] = real.Exec(ctx, "SET statement_timeout = 1; SELECT pg_sleep(1)")
	cfg := real.Config()
	cfg.MaxConns = 1
	one, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	held, err := one.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	waitCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, out["pool exhausted"] = one.Exec(waitCtx, "SELECT 1")

	out["admin shutdown"] = fmt.Errorf("load: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"})
	out["cannot connect now"] = &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}
	out["too many connections"] = &pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"}
	for name, err := range out {
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
	}
	return out
}

// Issue 11, case 4: driver and network errors of an unavailable database
// are UNAVAILABLE, in one place; bugs stay INTERNAL.
func TestUnavailableDatabaseErrorsAreClassified(t *testing.T) {
	for name, err := range driverErrors(t) {
		if code := domain.CodeOf(classify(err)); code != domain.CodeUnavailable {
			t.Errorf("%s (%v): %s", name, err, code)
		}
		if ext := ErrorExtensions(fmt.Errorf("resolver: %w", err)); ext["code"] != "UNAVAILABLE" {
			t.Errorf("%s: extensions %v", name, ext)
		}
		if msg := PublicMessage(err); msg != ErrDependencyUnavailable.Message {
			t.Errorf("%s: message %q", name, msg)
		}
	}
	for _, err := range []error{
		errors.New(`ERROR: syntax error at or near "SELEC" (SQLSTATE 42601)`),
		&pgconn.PgError{Code: "22P05", Message: "unsupported Unicode escape sequence"},
		&pgconn.PgError{Code: "23505", Message: "duplicate key"},
		context.Canceled,
	} {
		if code := domain.CodeOf(classify(err)); code != domain.CodeInternal {
			t.Errorf("%v: %s", err, code)
		}
	}
	// Domain codes are never overridden.
	if code := domain.CodeOf(classify(fmt.Errorf("%w: %w", domain.ErrForbidden, context.DeadlineExceeded))); code != domain.CodeForbidden {
		t.Errorf("forbidden became %s", code)
	}
}

// Over HTTP and WebSocket: an authenticator (or resolver) whose database
// is down answers 503 with Retry-After and UNAVAILABLE, and a websocket
// connection_init is closed with 1013 (try again later).
func TestUnavailableDatabaseOverHTTPAndWebSocket(t *testing.T) {
	down := driverErrors(t)["pool query"]
	auth := AuthenticatorFunc(func(_ context.Context, token string) (domain.Actor, error) {
		if token == "good" {
			return goodActor, nil
		}
		return domain.Actor{}, fmt.Errorf("look up token: %w", down)
	})
	cfg := Config{RateLimit: RateLimitConfig{Disabled: true}, RequestTimeout: 100 * time.Millisecond}
	schema := graphql.MustParseSchema(`schema { query: Query subscription: Subscription }
type Query { down: String slow: String }
type Subscription { lost: Int! }`, &downResolver{err: down}, SchemaOptions(cfg, slog.Default())...)
	srv := httptest.NewServer(NewHandler(cfg, schema, auth, slog.Default()))
	t.Cleanup(srv.Close)
	f := &fixture{srv: srv}

	for _, media := range []string{"application/graphql-response+json", "application/json"} {
		res := f.do(t, http.MethodPost, "/graphql", `{"query":"{ __typename }"}`,
			"Content-Type", "application/json", "Accept", media, "Authorization", "Bearer other")
		if res.status != http.StatusServiceUnavailable || res.header.Get("Retry-After") == "" || res.resp.codes()[0] != "UNAVAILABLE" {
			t.Errorf("authenticator down, %s: status %d: %s", media, res.status, res.body)
		}
		res = f.do(t, http.MethodPost, "/graphql", `{"query":"{ down }"}`,
			"Content-Type", "application/json", "Accept", media, "Authorization", "Bearer good")
		if res.status != http.StatusServiceUnavailable || res.header.Get("Retry-After") == "" || res.resp.codes()[0] != "UNAVAILABLE" {
			t.Errorf("resolver down, %s: status %d: %s", media, res.status, res.body)
		}
	}

	// A request that waits longer than RequestTimeout (for a connection of
	// an exhausted pool, say) ends as UNAVAILABLE.
	res := f.do(t, http.MethodPost, "/graphql", `{"query":"{ slow }"}`,
		"Content-Type", "application/json", "Accept", "application/graphql-response+json", "Authorization", "Bearer good")
	if res.status != http.StatusServiceUnavailable || res.resp.codes()[0] != "UNAVAILABLE" {
		t.Errorf("timed out: status %d: %s", res.status, res.body)
	}

	c := f.dial(t, nil)
	c.send(map[string]any{"type": "connection_init", "payload": map[string]any{"token": "other"}})
	c.expectClose(websocket.StatusTryAgainLater)

	// A subscription whose source loses the database ends with
	// UNAVAILABLE: the client resumes later with afterRevision.
	c = f.connect(t, goodInit)
	c.subscribe("1", "subscription { lost }", nil)
	m := c.read()
	if m.Type != "next" || len(m.result(t).Errors) != 1 || m.result(t).codes()[0] != "UNAVAILABLE" {
		t.Fatalf("got %s %s", m.Type, m.Payload)
	}
	if m := c.read(); m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}
	// The same timeout over WebSocket: the answer still comes.
	c.subscribe("2", "{ slow }", nil)
	if m := c.read(); m.Type != "next" || m.result(t).codes()[0] != "UNAVAILABLE" {
		t.Fatalf("got %s %s", m.Type, m.Payload)
	}
}

type downResolver struct{ err error }

func (r *downResolver) Down() (*string, error) { return nil, fmt.Errorf("select: %w", r.err) }

// Slow waits for a connection that never comes free, as a query on an
// exhausted pool does.
func (r *downResolver) Slow(ctx context.Context) (*string, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("acquire connection: %w", ctx.Err())
}

func (r *downResolver) Lost(ctx context.Context) <-chan int32 {
	ch := make(chan int32)
	EndSubscription(ctx, fmt.Errorf("catch up: %w", r.err))
	close(ch)
	return ch
}
