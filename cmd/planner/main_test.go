package main

import (
	"bytes"
	"context"
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
