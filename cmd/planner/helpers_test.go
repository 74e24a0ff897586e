package main

// What the tests of `planner` share: free ports, polling, quiet logs, a
// database with an administrator, `planner serve` in this process or as a
// child process, and GraphQL over HTTP.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// adminDatabase makes a fresh migrated database with one ADMIN user and
// returns its URL, a pool on it (closed when the test ends) and the
// administrator's bearer token.
func adminDatabase(t *testing.T) (url string, pool *pgxpool.Pool, token string) {
	t.Helper()
	url = pgtest.NewDatabase(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	users := auth.NewUsers(pool, auth.NewNetworkResolver(eventstore.New(pool, catalog.Registry()), auth.NetworkResolverConfig{}))
	_, token, err = users.AddUser(ctx, auth.NewUser{Name: "Ada Admin", Email: "ada@example.org", Role: domain.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return url, pool, token
}

// quietLogs discards the default logger's output until the test ends: the
// in-process service logs through it.
func quietLogs(t *testing.T) {
	previous := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { slog.SetDefault(previous) })
}

// waitReady polls base's /readyz until it answers 200.
func waitReady(t *testing.T, what, base string) {
	t.Helper()
	eventually(t, what+" /readyz 200", func() bool {
		res, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		_ = res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
}

// instance is one `planner serve` process of a test.
type instance struct {
	name  string
	base  string
	cmd   *exec.Cmd
	log   string
	alive atomic.Bool
	done  chan error
}

// startInstance starts `planner serve` (the test binary as planner, see
// TestMain) with env and returns once its /readyz answers 200.
func startInstance(t *testing.T, name string, env []string, args ...string) *instance {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	logFile := filepath.Join(t.TempDir(), name+".log")
	out, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(append(os.Environ(), "PLANNER_TEST_RUN_MAIN=1", "PLANNER_ENV_FILE=none", "PLANNER_LOG_LEVEL=warn"), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{name: name, base: "http://" + addr, cmd: cmd, log: logFile, done: make(chan error, 1)}
	in.alive.Store(true)
	go func() { in.done <- cmd.Wait(); _ = out.Close() }()
	t.Cleanup(func() {
		if in.alive.Load() {
			_ = cmd.Process.Kill()
			if err := <-in.done; err != nil {
				t.Logf("%s stopped at the end: %v", name, err)
			}
		}
		if t.Failed() {
			raw, _ := os.ReadFile(logFile)
			t.Logf("%s log:\n%s", name, lastLines(string(raw), 30))
		}
	})
	waitReady(t, name, in.base)
	return in
}

// kill ends the process as kill -9 would.
func (in *instance) kill(t *testing.T) {
	in.alive.Store(false)
	if err := in.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := <-in.done; err == nil {
		t.Errorf("%s exited with status 0 after SIGKILL", in.name)
	}
}

// stop ends the process gracefully (SIGTERM) and checks it exits cleanly.
func (in *instance) stop(t *testing.T) {
	in.alive.Store(false)
	if err := in.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-in.done; err != nil {
		t.Errorf("%s: %v", in.name, err)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// graphqlPost sends one GraphQL request; err is set when no answer came
// (the instance is gone), errs holds the codes of an answer's errors.
func graphqlPost(base, token, query string, variables map[string]any, data any) (codes []string, err error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{Timeout: 60 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("status %d, not JSON: %s", res.StatusCode, raw)
	}
	for _, e := range out.Errors {
		codes = append(codes, e.Extensions.Code+": "+e.Message)
	}
	if len(codes) == 0 && data != nil {
		if err := json.Unmarshal(out.Data, data); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port
}

// eventually polls cond until it holds; the deadline only fails a test
// that would otherwise hang.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serveInProcess runs `planner serve` with cfg until the test ends and
// returns its base URL once /readyz answers 200.
func serveInProcess(t *testing.T, cfg Config) string {
	t.Helper()
	cfg.Addr = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- runServe(ctx, cfg, nil) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := "http://" + cfg.Addr
	waitReady(t, "serve", base)
	return base
}
