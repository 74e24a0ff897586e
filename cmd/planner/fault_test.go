package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
)

// privateServer is a PostgreSQL server of the test's own, in a temporary
// directory on a free port, which the test may stop and start again.
type privateServer struct {
	t       *testing.T
	bin     string
	data    string
	logFile string
	port    int
	asOwner []string // runuser prefix when the test runs as root
}

const postgresBin = "/usr/lib/postgresql/15/bin"

func startPrivateServer(t *testing.T) *privateServer {
	t.Helper()
	if _, err := os.Stat(filepath.Join(postgresBin, "initdb")); err != nil {
		t.Fatalf("PostgreSQL 15 binaries are needed in %s (apt-get install postgresql-15): %v", postgresBin, err)
	}
	dir, err := os.MkdirTemp("", "planner-fault-")
	if err != nil {
		t.Fatal(err)
	}
	s := &privateServer{t: t, bin: postgresBin, data: filepath.Join(dir, "data"), logFile: filepath.Join(dir, "server.log"), port: freePort(t)}
	if err := os.Mkdir(s.data, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		// initdb refuses to run as root: the server runs as postgres.
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs a postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		for _, p := range []string{s.data} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(s.logFile, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(s.logFile, uid, gid); err != nil {
			t.Fatal(err)
		}
		s.asOwner = []string{"runuser", "-u", "postgres", "--"}
	}
	t.Cleanup(func() {
		_ = s.cmd("pg_ctl", "-D", s.data, "-m", "immediate", "-w", "stop").Run()
		_ = os.RemoveAll(dir)
	})
	if out, err := s.cmd("initdb", "-D", s.data, "-U", "postgres", "--auth=trust", "-E", "UTF8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	s.start()
	return s
}

func (s *privateServer) cmd(name string, args ...string) *exec.Cmd {
	argv := append(append([]string{}, s.asOwner...), append([]string{filepath.Join(s.bin, name)}, args...)...)
	return exec.Command(argv[0], argv[1:]...)
}

func (s *privateServer) start() {
	s.t.Helper()
	out, err := s.cmd("pg_ctl", "-D", s.data, "-l", s.logFile, "-w", "-t", "60",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", s.port, s.data), "start").CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(s.logFile)
		s.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// crash stops the server the hard way, as kill -9 of the postmaster would:
// no shutdown checkpoint, connections cut.
func (s *privateServer) crash() {
	s.t.Helper()
	if out, err := s.cmd("pg_ctl", "-D", s.data, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
		s.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (s *privateServer) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

type answer struct {
	status    int
	codes     []string
	commandID string
}

// Issue 11, case 4: with PostgreSQL crashing under load, the service
// answers UNAVAILABLE (503 with Retry-After), never INTERNAL; /readyz goes
// 503 and back to 200 with the database; and every command it
// acknowledged is still there after the restart.
func TestDatabaseCrashUnderLoad(t *testing.T) {
	pg := startPrivateServer(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, pg.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE planner"); err != nil {
		t.Fatal(err)
	}
	_ = admin.Close(ctx)
	t.Setenv("DATABASE_URL", pg.url("planner"))
	if err := run(ctx, []string{"migrate"}, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	pool, err := pgxpool.New(ctx, pg.url("planner"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	users := auth.NewUsers(pool, auth.NewNetworkResolver(eventstore.New(pool, catalog.Registry()), auth.NetworkResolverConfig{}))
	_, token, err := users.AddUser(ctx, auth.NewUser{Name: "Ada Admin", Email: "ada@example.org", Role: domain.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}

	quietLogs(t)
	t.Setenv("PLANNER_STATEMENT_TIMEOUT", "2s")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cfg.RatePerSecond, cfg.RateBurst = 10_000, 10_000
	serveCtx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- runServe(serveCtx, cfg, nil) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := "http://" + cfg.Addr
	client := &http.Client{Timeout: 30 * time.Second}
	status := func(path string) int {
		res, err := client.Get(base + path)
		if err != nil {
			return 0
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	eventually(t, "/readyz 200 at start", func() bool { return status("/readyz") == http.StatusOK })

	var (
		mu      sync.Mutex
		answers []answer
	)
	mutate := func(n int) answer {
		commandID := uuid.Must(uuid.NewV7()).String()
		body, _ := json.Marshal(map[string]any{
			"query":     `mutation($c: ID!, $n: String!) { addLocation(input: {commandId: $c, name: $n, country: "DE"}) { location { id } } }`,
			"variables": map[string]any{"c": commandID, "n": fmt.Sprintf("Town %d", n)},
		})
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			return answer{commandID: commandID}
		}
		defer func() { _ = res.Body.Close() }()
		var out struct {
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		raw, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Errorf("status %d, not JSON: %s", res.StatusCode, raw)
		}
		a := answer{status: res.StatusCode, commandID: commandID}
		for _, e := range out.Errors {
			code, _ := e.Extensions["code"].(string)
			a.codes = append(a.codes, code)
		}
		if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") == "" {
			t.Errorf("503 without Retry-After: %s", raw)
		}
		return a
	}
	count := func(ok func(answer) bool) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, a := range answers {
			if ok(a) {
				n++
			}
		}
		return n
	}
	acked := func(a answer) bool { return a.status == http.StatusOK && len(a.codes) == 0 }
	unavailable := func(a answer) bool {
		return a.status == http.StatusServiceUnavailable && len(a.codes) > 0 && a.codes[0] == "UNAVAILABLE"
	}

	loadCtx, stopLoad := context.WithCancel(ctx)
	var load sync.WaitGroup
	for w := range 4 {
		load.Add(1)
		go func() {
			defer load.Done()
			for i := 0; loadCtx.Err() == nil; i++ {
				a := mutate(w*1_000_000 + i)
				mu.Lock()
				answers = append(answers, a)
				mu.Unlock()
			}
		}()
	}
	eventually(t, "commands acknowledged before the crash", func() bool { return count(acked) >= 40 })
	pg.crash()
	eventually(t, "UNAVAILABLE answers while the database is down", func() bool { return count(unavailable) >= 10 })
	eventually(t, "/readyz 503 while the database is down", func() bool { return status("/readyz") == http.StatusServiceUnavailable })
	before := count(acked)
	pg.start()
	eventually(t, "/readyz 200 after the restart", func() bool { return status("/readyz") == http.StatusOK })
	eventually(t, "commands acknowledged after the restart", func() bool { return count(acked) >= before+20 })
	stopLoad()
	load.Wait()

	var ids []string
	for _, a := range answers {
		switch {
		case acked(a):
			ids = append(ids, a.commandID)
		case a.status == 0:
			// The connection broke; the client does not know the outcome.
		case unavailable(a):
		default:
			t.Errorf("status %d with codes %v: only success or UNAVAILABLE (503) are acceptable", a.status, a.codes)
		}
	}
	// A fresh connection: the pool's idle ones died with the server.
	check, err := pgx.Connect(ctx, pg.url("planner"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = check.Close(ctx) }()
	var stored int
	if err := check.QueryRow(ctx, `SELECT count(*) FROM commands WHERE command_id = ANY($1::uuid[])`, ids).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != len(ids) {
		t.Fatalf("%d of %d acknowledged commands are stored", stored, len(ids))
	}
	t.Logf("%d answers: %d acknowledged (all stored), %d UNAVAILABLE", len(answers), len(ids), count(unavailable))
}
