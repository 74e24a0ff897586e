package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/internal/pgtest"
)

// scripts/ensure-postgres.sh is how make run, make db and make test find
// their database; these tests run it as those targets do.

// ensurePostgres runs the script (script: its path) with args and extra
// environment; stdin is not a terminal, as in CI.
func ensurePostgres(t *testing.T, script string, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return strings.TrimSpace(out.String()), errOut.String(), err
}

func withDB(t *testing.T, server, name string) string {
	t.Helper()
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestEnsurePostgresWithDatabaseURL(t *testing.T) {
	script, err := filepath.Abs("../../scripts/ensure-postgres.sh")
	if err != nil {
		t.Fatal(err)
	}
	server := pgtest.ServerURL()
	existing := pgtest.NewDatabase(t)
	existingName := strings.TrimPrefix(mustParse(t, existing).Path, "/")

	// The database DATABASE_URL names is the one used (make db used to
	// replace it by "planner").
	out, stderr, err := ensurePostgres(t, script, []string{"DATABASE_URL=" + existing}, "--default", "planner")
	if err != nil || strings.TrimPrefix(mustParse(t, out).Path, "/") != existingName {
		t.Fatalf("--default planner with DATABASE_URL naming %s: %q, %v\n%s", existingName, out, err, stderr)
	}

	// A database that does not exist is reported, not created silently.
	missing := "planner_missing_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	_, stderr, err = ensurePostgres(t, script, []string{"DATABASE_URL=" + withDB(t, server, missing)}, "--default", "planner")
	if err == nil || !strings.Contains(stderr, `database "`+missing+`" does not exist`) || !strings.Contains(stderr, "PLANNER_CREATE_DB=1") {
		t.Fatalf("missing database: %v\n%s", err, stderr)
	}
	if databaseExists(t, server, missing) {
		t.Fatal("the missing database was created without asking")
	}
	// ... and created when asked to.
	t.Cleanup(func() { dropDatabase(t, server, missing) })
	out, stderr, err = ensurePostgres(t, script, []string{"DATABASE_URL=" + withDB(t, server, missing), "PLANNER_CREATE_DB=1"}, "--default", "planner")
	if err != nil || !databaseExists(t, server, missing) || !strings.Contains(out, "/"+missing) {
		t.Fatalf("PLANNER_CREATE_DB=1: %q, %v\n%s", out, err, stderr)
	}

	// No server on the port: the reason, at once.
	dead := "postgres://postgres@127.0.0.1:" + strconv.Itoa(freePort(t)) + "/planner"
	_, stderr, err = ensurePostgres(t, script, []string{"DATABASE_URL=" + dead}, "--default", "planner")
	if err == nil || !strings.Contains(stderr, "no PostgreSQL server answers at 127.0.0.1:") {
		t.Fatalf("dead port: %v\n%s", err, stderr)
	}

	// A refused login: the server's reason.
	u := mustParse(t, server)
	u.User = url.User("nobody_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:8])
	_, stderr, err = ensurePostgres(t, script, []string{"DATABASE_URL=" + u.String()}, "--default", "planner")
	if err == nil || !strings.Contains(stderr, "refuses the login") {
		t.Fatalf("refused login: %v\n%s", err, stderr)
	}
}

// The private server: started on a free port when none answers on the
// shared one, recognised by its data directory and pid, stopped by --stop.
// It runs in a copy of the scripts so that the repository's .data is left
// alone.
func TestEnsurePostgresPrivateServer(t *testing.T) {
	if _, err := os.Stat("/usr/lib/postgresql"); err != nil {
		t.Fatalf("the PostgreSQL binaries are needed under /usr/lib/postgresql: %v", err)
	}
	// Not t.TempDir: as root the server runs as postgres, which must reach
	// its data directory through every parent.
	root, err := os.MkdirTemp("", "planner-ensure-postgres-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../scripts/ensure-postgres.sh")
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "scripts", "ensure-postgres.sh")
	if err := os.WriteFile(script, src, 0o755); err != nil {
		t.Fatal(err)
	}
	// Nothing answers on the "shared" port; someone else holds 55432 when
	// it is free, so the script must move on.
	env := []string{"DATABASE_URL=", "PLANNER_PG_PORT=" + strconv.Itoa(freePort(t))}
	if l, err := net.Listen("tcp", "127.0.0.1:55432"); err == nil {
		defer func() { _ = l.Close() }()
	}
	started := filepath.Join(root, "started")
	t.Cleanup(func() { _, _, _ = ensurePostgres(t, script, env, "--stop") })

	out, stderr, err := ensurePostgres(t, script, env, "--started-file", started, "--default", "planner")
	if err != nil {
		t.Fatalf("private server: %v\n%s", err, stderr)
	}
	u := mustParse(t, out)
	if u.Port() == "55432" || u.Path != "/planner" {
		t.Fatalf("private server URL %s: want database planner on a free port other than 55432", out)
	}
	if b, err := os.ReadFile(started); err != nil || strings.TrimSpace(string(b)) != filepath.Join(root, ".data", "postgres") {
		t.Fatalf("--started-file: %q, %v", b, err)
	}
	if strings.Contains(stderr, "Success. You can now start") {
		t.Errorf("initdb's chatter reached the terminal:\n%s", stderr)
	}
	conn, err := pgx.Connect(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.Close(context.Background())

	// A second run finds it by its pid file and starts nothing.
	_ = os.Remove(started)
	again, stderr, err := ensurePostgres(t, script, env, "--started-file", started, "--default", "planner")
	if err != nil || again != out || !strings.Contains(stderr, "using the private server") {
		t.Fatalf("second run: %q, %v\n%s", again, err, stderr)
	}
	if _, err := os.Stat(started); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the second run claims to have started the server: %v", err)
	}

	if _, stderr, err := ensurePostgres(t, script, env, "--stop"); err != nil || !strings.Contains(stderr, "stopping the private server") {
		t.Fatalf("--stop: %v\n%s", err, stderr)
	}
	if status, _, _ := ensurePostgres(t, script, env, "--status"); !strings.HasPrefix(status, "none running") {
		t.Fatalf("after --stop: %q", status)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return u
}

func databaseExists(t *testing.T, server, name string) bool {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), server)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(context.Background()) }()
	var exists bool
	if err := conn.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	return exists
}

func dropDatabase(t *testing.T, server, name string) {
	conn, err := pgx.Connect(context.Background(), server)
	if err != nil {
		t.Error(err)
		return
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(context.Background(), `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
		t.Error(err)
	}
}

// make run checks its address before it builds, migrates, seeds or issues
// demo tokens: a second make run while one serves changes nothing.
func TestMakeRunRefusesABusyAddress(t *testing.T) {
	script, err := filepath.Abs("../../scripts/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	run := func(addr string) (string, error) {
		cmd := exec.Command("bash", script)
		// A DATABASE_URL that would fail: the script must stop before it.
		cmd.Env = append(os.Environ(), "PLANNER_ADDR="+addr, "DATABASE_URL=postgres://nobody@127.0.0.1:1/none", "GO=false")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// A planner answering /healthz.
	planner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			fmt.Fprintln(w, "ok")
			return
		}
		http.NotFound(w, r)
	}))
	defer planner.Close()
	addr := strings.TrimPrefix(planner.URL, "http://")
	out, err := run(addr)
	if err == nil || !strings.Contains(out, "a planner already serves on http://"+addr+"/graphql; its tokens still work") ||
		!strings.Contains(out, "make run ADDR=") || strings.Contains(out, "building") {
		t.Fatalf("second make run: %v\n%s", err, out)
	}

	// Something else on the port.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
	out, err = run(l.Addr().String())
	if err == nil || !strings.Contains(out, "something else listens on "+l.Addr().String()) || strings.Contains(out, "building") {
		t.Fatalf("busy port: %v\n%s", err, out)
	}

	// A free address gets past the check (and then fails at the build,
	// GO=false).
	free := "127.0.0.1:" + strconv.Itoa(freePort(t))
	if out, err := run(free); err == nil || !strings.Contains(out, "==> building bin/planner") {
		t.Fatalf("free address: %v\n%s", err, out)
	}
}
