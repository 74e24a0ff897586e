package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/creativeclusters/planner/auth/sso/ssotest"
)

// Issue 17: OpenID Connect tokens of the configured issuer are accepted
// beside the planner's own, on HTTP and in connection_init; expired ones,
// ones for another audience or from another issuer, and forged ones are
// refused: UNAUTHENTICATED over HTTP, close 4403 (the graphql-transport-ws
// code for a refused connection_init) on WebSockets.
func TestSingleSignOnOverHTTPAndWebSockets(t *testing.T) {
	url, _, _ := adminDatabase(t)
	issuer := ssotest.NewIssuer(t)

	quietLogs(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PLANNER_OIDC_ISSUER", issuer.URL)
	t.Setenv("PLANNER_OIDC_AUDIENCE", "planner-web")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	base := serveInProcess(t, cfg)

	claims := func(change func(map[string]any)) map[string]any {
		c := issuer.Claims("planner-web", "ada@example.org")
		if change != nil {
			change(c)
		}
		return c
	}
	valid := issuer.Token(t, claims(nil))
	refused := map[string]string{
		"expired": issuer.Token(t, claims(func(c map[string]any) {
			c["iat"], c["exp"] = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
		})),
		"wrong audience": issuer.Token(t, claims(func(c map[string]any) { c["aud"] = "someone-else" })),
		"wrong issuer":   issuer.Token(t, claims(func(c map[string]any) { c["iss"] = "https://id.example.org" })),
		"bad signature":  issuer.ForgedToken(t, claims(nil)),
	}

	viewer := func(token string) (name, code string) {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ viewer { name role } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		raw, _ := io.ReadAll(res.Body)
		var out struct {
			Data *struct {
				Viewer struct{ Name, Role string }
			}
			Errors []struct {
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("not JSON: %s", raw)
		}
		if len(out.Errors) > 0 {
			return "", out.Errors[0].Extensions.Code
		}
		return out.Data.Viewer.Name, ""
	}
	if name, code := viewer(valid); name != "Ada Admin" || code != "" {
		t.Fatalf("HTTP, valid token: viewer %q, code %q", name, code)
	}
	for why, token := range refused {
		if name, code := viewer(token); code != "UNAUTHENTICATED" {
			t.Errorf("HTTP, %s: viewer %q, code %q; want UNAUTHENTICATED", why, name, code)
		}
	}

	connect := func(token string) (acked bool, closed websocket.StatusCode) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql",
			&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conn.CloseNow() }()
		init, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}})
		if err := conn.Write(ctx, websocket.MessageText, init); err != nil {
			t.Fatal(err)
		}
		_, msg, err := conn.Read(ctx)
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				return false, ce.Code
			}
			t.Fatal(err)
		}
		var m struct{ Type string }
		_ = json.Unmarshal(msg, &m)
		return m.Type == "connection_ack", 0
	}
	if acked, closed := connect(valid); !acked {
		t.Fatalf("WebSocket, valid token: not acknowledged (close %d)", closed)
	}
	for why, token := range refused {
		if acked, closed := connect(token); acked || closed != 4403 {
			t.Errorf("WebSocket, %s: acked %v, close %d; want close 4403", why, acked, closed)
		}
	}
}
