package history_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/transport"
)

// wsMessage is one graphql-transport-ws message.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// serve runs the schema behind the real transport, as the binary does.
func (f *fixture) serve(deps resolver.Deps) *httptest.Server {
	f.T.Helper()
	cfg := transport.Config{}
	cfg.RateLimit.Disabled = true
	logger := resolvertest.Logger(f.T)
	schema, err := resolver.NewSchema(deps, transport.SchemaOptions(cfg, logger)...)
	if err != nil {
		f.T.Fatal(err)
	}
	srv := httptest.NewServer(resolver.Middleware(deps, transport.NewHandler(cfg, schema, transport.AuthenticatorFunc(deps.Users.Authenticate), logger)))
	f.T.Cleanup(srv.Close)
	return srv
}

// wsConnect opens an acknowledged graphql-transport-ws connection with a
// token of actor.
func (f *fixture) wsConnect(srv *httptest.Server, actor domain.Actor) *websocket.Conn {
	f.T.Helper()
	token, err := f.Deps.Users.IssueToken(context.Background(), actor.ID)
	if err != nil {
		f.T.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), resolvertest.CatchUpDeadline)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		f.T.Fatal(err)
	}
	f.T.Cleanup(func() { _ = conn.CloseNow() })
	f.wsSend(conn, wsMessage{Type: "connection_init", Payload: json.RawMessage(`{"token": "` + token + `"}`)})
	if m := f.wsRead(conn); m.Type != "connection_ack" {
		f.T.Fatalf("got %+v, want connection_ack", m)
	}
	return conn
}

func (f *fixture) wsSend(conn *websocket.Conn, m wsMessage) {
	f.T.Helper()
	raw, err := json.Marshal(m)
	if err != nil {
		f.T.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), resolvertest.CatchUpDeadline)
	defer cancel()
	if err := conn.Write(ctx, websocket.MessageText, raw); err != nil {
		f.T.Fatal(err)
	}
}

// wsRead reads the next message other than ping/pong, with a deadline.
func (f *fixture) wsRead(conn *websocket.Conn) wsMessage {
	f.T.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), resolvertest.CatchUpDeadline)
		_, raw, err := conn.Read(ctx)
		cancel()
		if err != nil {
			f.T.Fatal(err)
		}
		var m wsMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			f.T.Fatal(err)
		}
		if m.Type != "ping" && m.Type != "pong" {
			return m
		}
	}
}

// A subscriber who loses access (its connection's token revoked, erased,
// or no longer a reviewer for the audit log) gets FORBIDDEN as the last event,
// then complete.
func TestSubscriptionEndsWithForbiddenWhenTheCallerLosesAccess(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	id, _ := f.QuickStrategy("Watched", false)
	f.CaughtUp()
	deps := f.Deps
	deps.AccessRecheck = 50 * time.Millisecond
	srv := f.serve(deps)

	// Each subscription names its starting point. Over a WebSocket the
	// server takes "subscribe" asynchronously: without afterRevision (or
	// afterPosition) it starts at whatever the read models hold when it gets
	// there, which may already include the retitle below, and then waits
	// for a revision that never comes.
	const revised = `subscription($s: ID!, $after: Int) { strategyRevised(id: $s, afterRevision: $after) { number } }`
	revision := 1 // the strategy's latest, before a case's retitle
	for _, c := range []struct {
		name  string
		actor domain.Actor
		query string
		audit bool
		lose  func(domain.Actor)
	}{
		{"revoked", f.Viewer, revised, false, func(a domain.Actor) {
			if _, err := f.Deps.Users.Revoke(context.Background(), a.ID); err != nil {
				t.Fatal(err)
			}
		}},
		{"connection's token revoked, another still valid", f.PlannerB, revised, false, func(a domain.Actor) {
			ctx := context.Background()
			tokens, err := f.Deps.Users.Tokens(ctx, a.ID) // newest first: the connection's
			if err != nil || len(tokens) == 0 {
				t.Fatalf("tokens: %v %v", tokens, err)
			}
			if _, err := f.Deps.Users.IssueToken(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Deps.Users.Revoke(ctx, tokens[0].ID); err != nil {
				t.Fatal(err)
			}
		}},
		{"erased", f.ReviewerB, `subscription($p: String) { auditLogAppended(afterPosition: $p) { number subject { ... on Strategy { title } } } }`, true, func(a domain.Actor) {
			if err := f.Deps.Users.Erase(context.Background(), a.ID); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		conn := f.wsConnect(srv, c.actor)
		vars := fmt.Sprintf(`{"s": %q, "after": %d}`, id.String(), revision)
		if c.audit {
			vars = fmt.Sprintf(`{"p": "%d"}`, f.Head())
		}
		f.wsSend(conn, wsMessage{ID: "1", Type: "subscribe",
			Payload: json.RawMessage(`{"query": ` + resolvertest.MustJSON(t, c.query) + `, "variables": ` + vars + `}`)})
		// Delivered while the caller may read.
		f.Retitle(id, c.name)
		revision++
		if m := f.wsRead(conn); m.Type != "next" || !strings.Contains(string(m.Payload), `"number":`) {
			t.Fatalf("%s: first event %s %s", c.name, m.Type, m.Payload)
		}
		c.lose(c.actor)
		m := f.wsRead(conn)
		var payload struct {
			Errors []resolvertest.GQLError `json:"errors"`
		}
		if err := json.Unmarshal(m.Payload, &payload); err != nil || m.Type != "next" || len(payload.Errors) != 1 ||
			payload.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Fatalf("%s: after losing access %s %s", c.name, m.Type, m.Payload)
		}
		if m := f.wsRead(conn); m.Type != "complete" || m.ID != "1" {
			t.Fatalf("%s: then %+v, want complete", c.name, m)
		}
	}
}
