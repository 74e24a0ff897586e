package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// The operator commands, end to end on a fresh database: migrate (again),
// seed, add a user whose token is the last line, list, status.
func TestOperatorCommands(t *testing.T) {
	url := pgtest.NewDatabase(t)
	t.Setenv("DATABASE_URL", url)
	ctx := context.Background()
	cmd := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, &out); err != nil {
			t.Fatalf("planner %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	cmd("migrate")
	if out := cmd("seed"); !strings.Contains(out, "52 commands applied") {
		t.Fatalf("seed: %q", out)
	}
	if out := cmd("seed"); !strings.Contains(out, "0 commands applied, 52 already seeded") {
		t.Fatalf("second seed: %q", out)
	}
	out := cmd("user", "add", "--name", "Paula Planner", "--email", "paula@example.org", "--org", "Media Dizajn", "--role", "planner")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := strings.TrimSpace(lines[len(lines)-1])

	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	users := auth.NewUsers(pool, auth.NewNetworkResolver(eventstore.New(pool, catalog.Registry()), auth.NetworkResolverConfig{}))
	actor, err := users.Authenticate(ctx, token)
	if err != nil || actor.Role != domain.RolePlanner || actor.Country != "PL" {
		t.Fatalf("the printed token authenticates as %+v, %v; want a PLANNER in PL", actor, err)
	}
	if out := cmd("user", "list"); !strings.Contains(out, "Paula Planner") {
		t.Fatalf("user list: %q", out)
	}
	if out := cmd("projections", "status"); !strings.Contains(out, "event log head") || !strings.Contains(out, "history") {
		t.Fatalf("projections status: %q", out)
	}
	var bad bytes.Buffer
	if err := run(ctx, []string{"nope"}, &bad); err == nil {
		t.Fatal("an unknown command succeeded")
	}
}

// The organisations as the CLI shows them, and --org as an operator types
// it: a name as printed in the demo token table, in any case.
func TestOrganisationsByPrintedName(t *testing.T) {
	url := pgtest.NewDatabase(t)
	t.Setenv("DATABASE_URL", url)
	ctx := context.Background()
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, args, &out)
		return out.String(), err
	}
	for _, c := range [][]string{{"migrate"}, {"seed"}} {
		if out, err := cmd(c...); err != nil {
			t.Fatalf("%v: %v\n%s", c, err, out)
		}
	}
	list, err := cmd("orgs", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(list, "ID ") || !regexp.MustCompile(`(?m)^[0-9a-f-]{36}\s+Chamber of Industry and Commerce Rostock \(IHK\)\s+DE$`).MatchString(list) {
		t.Fatalf("orgs list:\n%s", list)
	}

	out, err := cmd("user", "add", "--name", "Rita Reviewer", "--email", "rita@example.org",
		"--org", "chamber of industry and commerce rostock (IHK) (DE)", "--role", "REVIEWER")
	if err != nil || !strings.Contains(out, "organisation  Chamber of Industry and Commerce Rostock (IHK) (DE)") {
		t.Fatalf("user add with the printed name: %v\n%s", err, out)
	}
	users, err := cmd("user", "list")
	if err != nil || !regexp.MustCompile(`Rita Reviewer\s+rita@example.org\s+REVIEWER\s+Chamber of Industry and Commerce Rostock \(IHK\) \(DE\)`).MatchString(users) {
		t.Fatalf("user list shows the organisation's name: %v\n%s", err, users)
	}

	_, err = cmd("user", "add", "--name", "Nobody", "--email", "nobody@example.org", "--org", "Chamber Rostock", "--role", "REVIEWER")
	if err == nil || !strings.Contains(err.Error(), `did you mean "Chamber of Industry and Commerce Rostock (IHK) (DE)"`) ||
		!strings.Contains(err.Error(), "planner orgs list") {
		t.Fatalf("an unknown --org must list close matches: %v", err)
	}
}

func TestEnvFileFillsWhatTheEnvironmentLeavesUnset(t *testing.T) {
	path := t.TempDir() + "/.env"
	content := "# written by scripts/ensure-postgres.sh\nDATABASE_URL='postgres://x@127.0.0.1:55433/planner'\n\nexport PLANNER_TEST_DOTENV_A=from-file\nPLANNER_TEST_DOTENV_B=\"quoted\"\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", "postgres://from-env/db")
	t.Setenv("PLANNER_TEST_DOTENV_A", "")
	if err := os.Unsetenv("PLANNER_TEST_DOTENV_A"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PLANNER_TEST_DOTENV_B", "")
	if err := os.Unsetenv("PLANNER_TEST_DOTENV_B"); err != nil {
		t.Fatal(err)
	}
	if err := loadEnvFile(path); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("DATABASE_URL"); got != "postgres://from-env/db" {
		t.Errorf("the environment must win: DATABASE_URL=%q", got)
	}
	if a, b := os.Getenv("PLANNER_TEST_DOTENV_A"), os.Getenv("PLANNER_TEST_DOTENV_B"); a != "from-file" || b != "quoted" {
		t.Errorf("from the file: %q, %q", a, b)
	}
	t.Setenv("PLANNER_ENV_FILE", path)
	if got := findEnvFile(); got != path {
		t.Errorf("PLANNER_ENV_FILE: %q", got)
	}
	if err := os.WriteFile(path, []byte("not a pair\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := loadEnvFile(path); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("a malformed line must be reported with its number: %v", err)
	}
}

func TestLogFormat(t *testing.T) {
	for _, tt := range []struct {
		env      string
		terminal bool
		want     string
	}{
		{"", true, "text"}, {"", false, "json"}, {"auto", true, "text"},
		{"json", true, "json"}, {"TEXT", false, "text"},
	} {
		t.Setenv("PLANNER_LOG_FORMAT", tt.env)
		if got, err := logFormat(tt.terminal); err != nil || got != tt.want {
			t.Errorf("PLANNER_LOG_FORMAT=%q terminal=%v: %q, %v; want %q", tt.env, tt.terminal, got, err, tt.want)
		}
	}
	t.Setenv("PLANNER_LOG_FORMAT", "xml")
	if _, err := logFormat(true); err == nil {
		t.Error("an unknown format must be refused")
	}
	var buf bytes.Buffer
	quiet := quietLogger(slog.New(newLogHandler(&buf, "text", slog.LevelDebug)))
	quiet.Info("Adding handler")
	quiet.Warn("slow", "ms", 3)
	if got := buf.String(); strings.Contains(got, "Adding handler") || !strings.Contains(got, "level=WARN msg=slow ms=3") {
		t.Errorf("quiet logger wrote %q", got)
	}
}

func TestUnmigratedDatabaseGetsAHint(t *testing.T) {
	// An empty database: a migrated one with its tables dropped.
	url := pgtest.NewDatabase(t)
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(context.Background(), `DROP TABLE users CASCADE`); err != nil {
		t.Fatal(err)
	}
	pool.Close()
	t.Setenv("DATABASE_URL", url)
	err = run(context.Background(), []string{"user", "list"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(errorHint(err), "bin/planner migrate") {
		t.Fatalf("user list on an empty database: %v, hint %q", err, errorHint(err))
	}
	if errorHint(errUsage) != "" {
		t.Fatal("a usage error needs no hint")
	}
}
