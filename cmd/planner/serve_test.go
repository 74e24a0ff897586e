package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// serveWith serves handler with cfg's timeouts on a free port.
func serveWith(t *testing.T, cfg Config, handler http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(cfg, handler)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String()
}

// Issue 11, case 7: a client trickling its body loses its connection after
// ReadTimeout instead of holding it for as long as it likes. The test's
// own deadline only fails a server that never lets go.
func TestSlowBodyIsCutOff(t *testing.T) {
	cfg := Config{ReadHeaderTimeout: time.Second, ReadTimeout: 200 * time.Millisecond, WriteTimeout: time.Minute, IdleTimeout: time.Minute}
	addr := serveWith(t, cfg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			return // the server cut the body off
		}
		_, _ = w.Write([]byte("read it all"))
	}))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.Write([]byte("POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")); err != nil {
		t.Fatal(err)
	}
	// Never send the rest. The server must close the connection.
	if err := conn.SetReadDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(bufio.NewReader(conn))
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server still holds a connection whose body never came: %q", rest)
	}
}

func TestDefaultServerTimeouts(t *testing.T) {
	for _, name := range []string{"PLANNER_READ_HEADER_TIMEOUT", "PLANNER_READ_TIMEOUT", "PLANNER_WRITE_TIMEOUT", "PLANNER_IDLE_TIMEOUT", "PLANNER_SHUTDOWN_TIMEOUT"} {
		t.Setenv(name, "")
	}
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(cfg, http.NotFoundHandler())
	if srv.ReadHeaderTimeout != 10*time.Second || srv.ReadTimeout != 30*time.Second || srv.WriteTimeout != 60*time.Second || srv.IdleTimeout != 120*time.Second {
		t.Errorf("timeouts %v %v %v %v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}
	t.Setenv("PLANNER_READ_TIMEOUT", "5s")
	t.Setenv("PLANNER_IDLE_TIMEOUT", "0s")
	if _, err := loadConfig(); err == nil {
		t.Error("a zero idle timeout was accepted")
	}
	t.Setenv("PLANNER_IDLE_TIMEOUT", "")
	if cfg, err = loadConfig(); err != nil || cfg.ReadTimeout != 5*time.Second {
		t.Errorf("PLANNER_READ_TIMEOUT: %v %v", cfg.ReadTimeout, err)
	}
}

// Issue 11, case 10: /metrics on the API's address needs the metrics token
// when one is set, and is served to loopback clients only without one.
func TestMetricsGuard(t *testing.T) {
	metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("planner_up 1\n")) })
	get := func(h http.Handler, remote, auth string) int {
		r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		r.RemoteAddr = remote
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	open := guardMetrics(metrics, "")
	for remote, want := range map[string]int{"127.0.0.1:5000": 200, "[::1]:5000": 200, "203.0.113.7:5000": 403, "10.0.0.2:80": 403} {
		if got := get(open, remote, ""); got != want {
			t.Errorf("no token, from %s: %d, want %d", remote, got, want)
		}
	}
	withToken := guardMetrics(metrics, "s3cret")
	for auth, want := range map[string]int{"": 401, "Bearer nope": 401, "Bearer s3cret": 200, "s3cret": 401} {
		if got := get(withToken, "203.0.113.7:5000", auth); got != want {
			t.Errorf("token, %q: %d, want %d", auth, got, want)
		}
	}
}
