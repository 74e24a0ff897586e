package transport

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	graphql "github.com/graph-gophers/graphql-go"
)

// Issue 11, case 9: a graceful shutdown closes every WebSocket with 1001
// (going away) instead of dropping it (1006), and refuses new ones.
func TestShutdownClosesWebSocketsWithGoingAway(t *testing.T) {
	cfg := Config{RateLimit: RateLimitConfig{Disabled: true}}
	res := newResolver()
	schema := graphql.MustParseSchema(testSchema, res, SchemaOptions(cfg, slog.Default())...)
	h := NewHandler(cfg, schema, testAuth, slog.Default())
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := &fixture{srv: srv, resolver: res}

	idle := f.connect(t, goodInit)
	idle.subscribe("1", "subscription { idle { seq } }", nil)
	quiet := f.connect(t, goodInit) // no operation at all
	// The subscription is running once its resolver waits: ping-pong proves
	// the socket's reader has dispatched the subscribe before it.
	idle.send(map[string]any{"type": "ping"})
	if m := idle.read(); m.Type != "pong" {
		t.Fatalf("got %+v", m)
	}

	ctx, cancel := context.WithTimeout(context.Background(), wsTestTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.Shutdown(ctx) }()
	idle.expectClose(websocket.StatusGoingAway)
	quiet.expectClose(websocket.StatusGoingAway)
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	<-res.idleStopped // the subscription's resolver saw its context end

	_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{subprotocol}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a socket opened after shutdown: %v %v", err, resp)
	}
}

// A server's read and write timeouts bound HTTP exchanges, not sockets: a
// WebSocket still works after both have passed.
func TestWebSocketOutlivesServerTimeouts(t *testing.T) {
	cfg := Config{RateLimit: RateLimitConfig{Disabled: true}}
	schema := graphql.MustParseSchema(testSchema, newResolver(), SchemaOptions(cfg, slog.Default())...)
	srv := httptest.NewUnstartedServer(NewHandler(cfg, schema, testAuth, slog.Default()))
	srv.Config.ReadTimeout = 50 * time.Millisecond
	srv.Config.WriteTimeout = 50 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	f := &fixture{srv: srv}
	c := f.connect(t, goodInit)
	// Let both timeouts pass: this sleep is the subject of the test, not a
	// stand-in for synchronisation.
	time.Sleep(200 * time.Millisecond)
	c.subscribe("1", "{ hello }", nil)
	if m := c.read(); m.Type != "next" {
		t.Fatalf("got %+v", m)
	}
}
