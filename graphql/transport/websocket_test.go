package transport

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// wsClient speaks graphql-transport-ws for tests. Every read has a deadline
// that only fails a test that would otherwise hang; no test waits for time
// to pass instead of for a message.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
}

const wsTestTimeout = 10 * time.Second

func (f *fixture) dial(t *testing.T, header http.Header, subprotocols ...string) *wsClient {
	t.Helper()
	if subprotocols == nil {
		subprotocols = []string{subprotocol}
	}
	ctx, cancel := context.WithTimeout(context.Background(), wsTestTimeout)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(f.srv.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: subprotocols, HTTPHeader: header})
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(-1)
	t.Cleanup(func() { _ = conn.CloseNow() })
	return &wsClient{t: t, conn: conn}
}

// connect dials and completes connection_init with payload.
func (f *fixture) connect(t *testing.T, payload any) *wsClient {
	t.Helper()
	c := f.dial(t, nil)
	c.send(map[string]any{"type": "connection_init", "payload": payload})
	if m := c.read(); m.Type != "connection_ack" {
		t.Fatalf("got %+v, want connection_ack", m)
	}
	return c
}

func (c *wsClient) send(msg any) {
	c.t.Helper()
	b, err := json.Marshal(msg)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(string(b))
}

func (c *wsClient) sendRaw(msg string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wsTestTimeout)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *wsClient) subscribe(id, query string, variables map[string]any) {
	c.t.Helper()
	c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": variables}})
}

type wsReceived struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
}

func (m wsReceived) result(t *testing.T) gqlResponse {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		t.Fatalf("payload of %s: %v", m.Type, err)
	}
	return r
}

func (m wsReceived) errors(t *testing.T) []gqlError {
	t.Helper()
	var errs []gqlError
	if err := json.Unmarshal(m.Payload, &errs); err != nil {
		t.Fatalf("payload of %s: %v", m.Type, err)
	}
	return errs
}

func (c *wsClient) read() wsReceived {
	c.t.Helper()
	m, err := c.tryRead()
	if err != nil {
		c.t.Fatal(err)
	}
	return m
}

func (c *wsClient) tryRead() (wsReceived, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wsTestTimeout)
	defer cancel()
	_, data, err := c.conn.Read(ctx)
	if err != nil {
		return wsReceived{}, err
	}
	var m wsReceived
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("message is not JSON: %s", data)
	}
	return m, nil
}

// expectClose reads until the server closes the socket and checks the code.
func (c *wsClient) expectClose(code websocket.StatusCode) {
	c.t.Helper()
	for {
		m, err := c.tryRead()
		if err == nil {
			continue
		}
		if got := websocket.CloseStatus(err); got != code {
			c.t.Fatalf("closed with %v (%v), want %v; last message %+v", got, err, code, m)
		}
		return
	}
}

var goodInit = map[string]any{"Authorization": "Bearer good"}

func TestWebSocketInitAndAuth(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name    string
		payload any
		close   websocket.StatusCode // 0: acknowledged
	}{
		{"Authorization", map[string]any{"Authorization": "Bearer good"}, 0},
		{"authorization", map[string]any{"authorization": "bearer good"}, 0},
		{"token", map[string]any{"token": "good"}, 0},
		{"no payload", nil, closeUnauthorized},
		{"no token", map[string]any{"other": 1}, closeUnauthorized},
		{"unknown token", map[string]any{"token": "nope"}, closeForbidden},
		{"authenticator down", map[string]any{"token": "flaky"}, websocket.StatusTryAgainLater},
		{"authenticator broken", map[string]any{"token": "broken"}, closeInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := f.dial(t, nil)
			c.send(map[string]any{"type": "connection_init", "payload": tt.payload})
			if tt.close != 0 {
				c.expectClose(tt.close)
				return
			}
			if m := c.read(); m.Type != "connection_ack" {
				t.Fatalf("got %+v", m)
			}
			c.subscribe("1", "{ viewer }", nil)
			if m := c.read(); m.Type != "next" || string(m.result(t).Data) != `{"viewer":"`+goodActor.ID.String()+`"}` {
				t.Errorf("got %+v", m)
			}
		})
	}

	t.Run("token of the upgrade request", func(t *testing.T) {
		c := f.dial(t, http.Header{"Authorization": {"Bearer other"}})
		c.send(map[string]any{"type": "connection_init"})
		if m := c.read(); m.Type != "connection_ack" {
			t.Fatalf("got %+v", m)
		}
	})
	t.Run("subscribe before init", func(t *testing.T) {
		c := f.dial(t, nil)
		c.subscribe("1", "{ hello }", nil)
		c.expectClose(closeUnauthorized)
	})
	t.Run("second init", func(t *testing.T) {
		c := f.connect(t, goodInit)
		c.send(map[string]any{"type": "connection_init", "payload": goodInit})
		c.expectClose(closeTooManyInitRequests)
	})
	t.Run("wrong subprotocol", func(t *testing.T) {
		c := f.dial(t, nil, "graphql-ws")
		c.expectClose(closeSubprotocol)
	})
}

func TestWebSocketInitTimeout(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.WebSocket.InitTimeout = 20 * time.Millisecond })
	c := f.dial(t, nil)
	c.expectClose(closeInitTimeout)
}

func TestWebSocketBadMessages(t *testing.T) {
	f := newFixture(t, nil)
	for _, msg := range []string{
		`not json`,
		`[]`,
		`{"type": 1}`,
		`{"type": "next", "id": "1", "payload": {}}`,
		`{"type": "what"}`,
		`{"type": "subscribe", "payload": {"query": "{ hello }"}}`,
		`{"type": "subscribe", "id": "", "payload": {"query": "{ hello }"}}`,
		`{"type": "subscribe", "id": 1, "payload": {"query": "{ hello }"}}`,
		`{"type": "subscribe", "id": "1", "payload": {"query": 1}}`,
		`{"type": "subscribe", "id": "1", "payload": {"query": "{ hello }", "variables": []}}`,
		`{"type": "subscribe", "id": "1"}`,
		`{"type": "complete"}`,
		`{"type": "ping", "payload": "string"}`,
	} {
		t.Run(msg, func(t *testing.T) {
			c := f.connect(t, goodInit)
			c.sendRaw(msg)
			c.expectClose(closeBadRequest)
		})
	}
}

func TestWebSocketPingPong(t *testing.T) {
	// Long enough that a busy test machine answers within two intervals.
	f := newFixture(t, func(c *Config) { c.WebSocket.PingInterval = 100 * time.Millisecond })
	c := f.connect(t, goodInit)

	// The server pings; a client that answers stays connected.
	for range 3 {
		if m := c.read(); m.Type != "ping" {
			t.Fatalf("got %+v, want ping", m)
		}
		c.send(map[string]any{"type": "pong"})
	}
	// The client pings; the server answers (its own pings may come between).
	c.send(map[string]any{"type": "ping", "payload": map[string]any{"at": 1}})
	for {
		m := c.read()
		if m.Type == "pong" {
			break
		}
		if m.Type != "ping" {
			t.Fatalf("got %+v, want pong", m)
		}
	}
}

func TestWebSocketSilentClientIsDropped(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.WebSocket.PingInterval = 10 * time.Millisecond })
	c := f.connect(t, goodInit)
	// Never answer the pings.
	c.expectClose(websocket.StatusGoingAway)
}

func TestWebSocketSubscriptionInOrder(t *testing.T) {
	f := newFixture(t, nil)
	c := f.connect(t, goodInit)
	c.subscribe("s1", `subscription S($n: Int!) { events(count: $n) { seq } }`, map[string]any{"n": 5})
	for want := 1; want <= 5; want++ {
		m := c.read()
		if m.ID != "s1" || m.Type != "next" {
			t.Fatalf("got %+v, want next %d", m, want)
		}
		var data struct{ Events struct{ Seq int } }
		if err := json.Unmarshal(m.result(t).Data, &data); err != nil || data.Events.Seq != want {
			t.Fatalf("event %s, want seq %d", m.Payload, want)
		}
	}
	if m := c.read(); m.ID != "s1" || m.Type != "complete" {
		t.Fatalf("got %+v, want complete", m)
	}
	// The id is free again once completed.
	c.subscribe("s1", `subscription { events(count: 1) { seq } }`, nil)
	if m := c.read(); m.Type != "next" {
		t.Fatalf("got %+v", m)
	}
	if m := c.read(); m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}
	if got := f.counter(t, "planner_graphql_requests_total", map[string]string{"transport": "ws", "operation": "subscription"}); got < 1 {
		t.Errorf("subscriptions counted %v", got)
	}
}

func TestWebSocketQueriesAndMutations(t *testing.T) {
	f := newFixture(t, nil)
	c := f.connect(t, goodInit)

	c.subscribe("q", `{ hello }`, nil)
	if m := c.read(); m.ID != "q" || m.Type != "next" || string(m.result(t).Data) != `{"hello":"world"}` {
		t.Fatalf("got %+v", m)
	}
	if m := c.read(); m.ID != "q" || m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}

	c.subscribe("m", `mutation { rename(input: {title: "", expectedRevision: 3}) }`, nil)
	m := c.read()
	if m.Type != "next" {
		t.Fatalf("got %+v", m)
	}
	r := m.result(t)
	if !reflect.DeepEqual(r.codes(), []string{"VALIDATION_FAILED"}) || r.Errors[0].Extensions["fields"] == nil {
		t.Errorf("errors %+v", r.Errors)
	}
	if m := c.read(); m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}

	c.subscribe("p", `{ boom }`, nil)
	if r := c.read().result(t); !reflect.DeepEqual(r.codes(), []string{"INTERNAL"}) || r.Errors[0].Message != "internal error" {
		t.Errorf("panic over ws: %+v", r.Errors)
	}
	c.read() // complete
}

func TestWebSocketRequestErrors(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxCost = 50 })
	c := f.connect(t, goodInit)
	tests := []struct {
		query, code string
	}{
		{`subscription { nope { seq } }`, "VALIDATION_FAILED"},
		{`subscription {`, "VALIDATION_FAILED"},
		{`{ items(first: 100) { edges { node { id } } } }`, "QUERY_TOO_COMPLEX"},
	}
	for i, tt := range tests {
		id := string(rune('a' + i))
		c.subscribe(id, tt.query, nil)
		m := c.read()
		if m.ID != id || m.Type != "error" {
			t.Fatalf("%s: got %+v, want error", tt.query, m)
		}
		errs := m.errors(t)
		if len(errs) == 0 || errs[0].Extensions["code"] != tt.code {
			t.Errorf("%s: errors %+v", tt.query, errs)
		}
	}
	// No "complete" follows an "error": the next message answers this ping.
	c.send(map[string]any{"type": "ping"})
	if m := c.read(); m.Type != "pong" {
		t.Errorf("got %+v, want pong", m)
	}
}

func TestWebSocketSubscriptionEndsForbidden(t *testing.T) {
	f := newFixture(t, nil)
	c := f.connect(t, goodInit)

	c.subscribe("r", `subscription { revoked { seq } }`, nil)
	if m := c.read(); m.Type != "next" || string(m.result(t).Data) != `{"revoked":{"seq":1}}` {
		t.Fatalf("got %+v", m)
	}
	m := c.read()
	if m.Type != "next" {
		t.Fatalf("got %+v", m)
	}
	if r := m.result(t); r.Data != nil || !reflect.DeepEqual(r.codes(), []string{"FORBIDDEN"}) || r.Errors[0].Message != "not allowed for this actor" {
		t.Errorf("end of stream %s", m.Payload)
	}
	if m := c.read(); m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}

	c.subscribe("d", `subscription { denied { seq } }`, nil)
	m = c.read()
	if r := m.result(t); m.Type != "next" || !reflect.DeepEqual(r.codes(), []string{"FORBIDDEN"}) {
		t.Errorf("refused subscription: %+v", m)
	}
	if m := c.read(); m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}
}

func TestWebSocketClientComplete(t *testing.T) {
	f := newFixture(t, nil)
	c := f.connect(t, goodInit)
	c.subscribe("i", `subscription { idle { seq } }`, nil)
	c.send(map[string]any{"type": "complete", "id": "i"})
	select {
	case <-f.resolver.idleStopped:
	case <-time.After(wsTestTimeout):
		t.Fatal("the resolver's context was not cancelled")
	}
	// Nothing is sent for a completed operation; the id can be reused.
	c.subscribe("i", `{ hello }`, nil)
	if m := c.read(); m.ID != "i" || m.Type != "next" {
		t.Fatalf("got %+v", m)
	}
	if m := c.read(); m.Type != "complete" {
		t.Fatalf("got %+v", m)
	}
	// Completing an unknown id is not an error.
	c.send(map[string]any{"type": "complete", "id": "unknown"})
	c.send(map[string]any{"type": "ping"})
	if m := c.read(); m.Type != "pong" {
		t.Fatalf("got %+v", m)
	}
}

func TestWebSocketDuplicateID(t *testing.T) {
	f := newFixture(t, nil)
	c := f.connect(t, goodInit)
	c.subscribe("dup", `subscription { idle { seq } }`, nil)
	c.subscribe("dup", `subscription { idle { seq } }`, nil)
	c.expectClose(closeSubscriberExists)
	select {
	case <-f.resolver.idleStopped:
	case <-time.After(wsTestTimeout):
		t.Fatal("the subscription outlived its socket")
	}
}

func TestWebSocketSlowConsumerIsClosed(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.WebSocket.SubscriberBuffer = 2 })
	c := f.connect(t, goodInit)
	// Events of 256 KiB fill the socket buffers while the client reads
	// nothing; then the server's queue fills and it gives up.
	c.subscribe("flood", `subscription { flood(size: 262144) { seq payload } }`, nil)
	select {
	case <-f.resolver.floodStopped:
	case <-time.After(wsTestTimeout):
		t.Fatal("the server kept feeding a client that does not read")
	}
	// Events already written arrive in order, then the close frame.
	var last int
	for {
		m, err := c.tryRead()
		if err != nil {
			if got := websocket.CloseStatus(err); got != websocket.StatusTryAgainLater {
				t.Fatalf("closed with %v (%v), want 1013", got, err)
			}
			var ce websocket.CloseError
			if errors.As(err, &ce) && !strings.Contains(ce.Reason, "too slow") {
				t.Errorf("close reason %q", ce.Reason)
			}
			break
		}
		var data struct{ Flood struct{ Seq int } }
		if err := json.Unmarshal(m.result(t).Data, &data); err != nil || data.Flood.Seq != last+1 {
			t.Fatalf("event %d after %d", data.Flood.Seq, last)
		}
		last = data.Flood.Seq
	}
	if got := f.counter(t, "planner_graphql_websocket_slow_consumer_closes_total", nil); got != 1 {
		t.Errorf("slow consumer closes counted %v", got)
	}
}

func TestWebSocketRateLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RateLimit = RateLimitConfig{PerSecond: 0.001, Burst: 1} })
	c := f.connect(t, goodInit)
	c.subscribe("1", `{ hello }`, nil)
	if m := c.read(); m.Type != "next" {
		t.Fatalf("got %+v", m)
	}
	c.read() // complete
	c.subscribe("2", `{ hello }`, nil)
	m := c.read()
	if errs := m.errors(t); m.Type != "error" || len(errs) != 1 || errs[0].Extensions["code"] != "RATE_LIMITED" {
		t.Errorf("got %+v", m)
	}
}

func TestWebSocketOperationLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.WebSocket.MaxOperations = 1 })
	c := f.connect(t, goodInit)
	c.subscribe("1", `subscription { idle { seq } }`, nil)
	c.subscribe("2", `subscription { idle { seq } }`, nil)
	m := c.read()
	if errs := m.errors(t); m.ID != "2" || m.Type != "error" || errs[0].Extensions["code"] != "RATE_LIMITED" {
		t.Errorf("got %+v", m)
	}
}
