package auth_test

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

var pseudonym = regexp.MustCompile(`^Former user [0-9a-f]{4}…$`)

func TestAnErasedUserBecomesAPseudonymEverywhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	org := f.addOrganisation(t, "Media Dizajn", f.addLocation(t, "Szczecin", "PL"))
	u, token := f.addUser(t, auth.NewUser{Name: "Katarzyna", Email: "kz@example.org", Org: "Media Dizajn"})
	second, err := f.users.IssueToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}

	if err := f.users.Erase(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	f.mustFailAuthentication(t, token)
	f.mustFailAuthentication(t, second)

	// The directory the API resolves revision actors with shows the
	// pseudonym under the same id.
	actors, err := f.users.Actors(ctx, []uuid.UUID{u.ID})
	if err != nil {
		t.Fatal(err)
	}
	info := actors[u.ID]
	if !pseudonym.MatchString(info.Name) || !info.Erased || info.ID != u.ID || info.Kind != domain.ActorPerson ||
		info.Role != domain.RolePlanner || info.OrganisationID != org {
		t.Fatalf("erased actor %+v", info)
	}

	// The personal data is gone from the database, not just hidden.
	var name, email *string
	var live int
	if err := f.pool.QueryRow(ctx, `SELECT name, email, (SELECT count(*) FROM tokens WHERE user_id = $1 AND revoked_at IS NULL)
		FROM users WHERE id = $1`, u.ID).Scan(&name, &email, &live); err != nil {
		t.Fatal(err)
	}
	if name != nil || email != nil || live != 0 {
		t.Fatalf("after erasure: name %v, email %v, %d live tokens", name, email, live)
	}
	users, err := f.users.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Name != info.Name || users[0].Email != "" || !users[0].Erased() {
		t.Fatalf("list after erasure: %+v", users)
	}

	// Erasure is final: no new token, and erasing again keeps the pseudonym.
	if _, err := f.users.IssueToken(ctx, u.ID); !errors.Is(err, auth.ErrUserErased) {
		t.Fatalf("issue after erasure: %v, want ErrUserErased", err)
	}
	if err := f.users.Erase(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	again, err := f.users.Get(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.Name != info.Name {
		t.Fatalf("second erasure changed the pseudonym from %q to %q", info.Name, again.Name)
	}

	// The address is free for someone new.
	f.addUser(t, auth.NewUser{Email: "kz@example.org"})
}

func TestErasedUsersGetDistinctPseudonyms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	seen := map[string]bool{}
	for range 20 {
		u, _ := f.addUser(t, auth.NewUser{})
		if err := f.users.Erase(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.users.Get(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if seen[got.Name] {
			t.Fatalf("pseudonym %q given twice", got.Name)
		}
		seen[got.Name] = true
	}
}

func TestEraseAnUnknownUserIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if err := f.users.Erase(context.Background(), uuid.New()); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("got %v, want not found", err)
	}
}
