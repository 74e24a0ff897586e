package auth_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

func TestTheDatabaseHoldsOnlyTokenHashes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, first := f.addUser(t, auth.NewUser{})
	second, err := f.users.IssueToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{first, second} {
		if !strings.HasPrefix(token, auth.TokenPrefix) || len(token) != len(auth.TokenPrefix)+43 {
			t.Fatalf("token %q: want %s and 43 base64url characters (32 bytes)", token, auth.TokenPrefix)
		}
		secret := strings.TrimPrefix(token, auth.TokenPrefix)
		for _, table := range []string{"tokens", "users"} {
			var found bool
			if err := f.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` r WHERE strpos(r::text, $1) > 0)`,
				secret).Scan(&found); err != nil {
				t.Fatal(err)
			}
			if found {
				t.Fatalf("table %s holds the token itself", table)
			}
		}
		sum := sha256.Sum256([]byte(token))
		var n int
		if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM tokens WHERE hash = $1 AND user_id = $2`, sum[:], u.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("want exactly one row with the token's SHA-256, got %d", n)
		}
	}
	if first == second {
		t.Fatal("two tokens are equal")
	}
	// Both tokens work: issuing another leaves the first valid.
	f.mustAuthenticate(t, first)
	f.mustAuthenticate(t, second)
}

func TestAddUserNamesEveryInvalidField(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	loc := f.addLocation(t, "Rostock", "DE")
	f.addOrganisation(t, "Twin", loc)
	f.addOrganisation(t, "Twin", loc)
	valid := auth.NewUser{Name: "Ada", Email: "ada@example.org", Role: domain.RoleViewer}
	tests := []struct {
		name   string
		modify func(*auth.NewUser)
		fields []string
	}{
		{"blank name", func(u *auth.NewUser) { u.Name = "  " }, []string{"name"}},
		{"two-line name", func(u *auth.NewUser) { u.Name = "Ada\nLovelace" }, []string{"name"}},
		{"long name", func(u *auth.NewUser) { u.Name = strings.Repeat("a", domain.MaxNameLength+1) }, []string{"name"}},
		{"blank email", func(u *auth.NewUser) { u.Email = "" }, []string{"email"}},
		{"email without @", func(u *auth.NewUser) { u.Email = "ada.example.org" }, []string{"email"}},
		{"email with two @", func(u *auth.NewUser) { u.Email = "a@b@example.org" }, []string{"email"}},
		{"email without domain", func(u *auth.NewUser) { u.Email = "ada@localhost" }, []string{"email"}},
		{"email with space", func(u *auth.NewUser) { u.Email = "a da@example.org" }, []string{"email"}},
		{"unknown role", func(u *auth.NewUser) { u.Role = "OWNER" }, []string{"role"}},
		{"lower-case role", func(u *auth.NewUser) { u.Role = "planner" }, []string{"role"}},
		{"unknown organisation name", func(u *auth.NewUser) { u.Org = "Nobody Inc." }, []string{"org"}},
		{"unknown organisation id", func(u *auth.NewUser) { u.Org = uuid.NewString() }, []string{"org"}},
		{"ambiguous organisation", func(u *auth.NewUser) { u.Org = "Twin" }, []string{"org"}},
		{"everything", func(u *auth.NewUser) { *u = auth.NewUser{Org: "Nobody"} }, []string{"name", "email", "role", "org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.modify(&in)
			_, token, err := f.users.AddUser(context.Background(), in)
			var verr *domain.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("got %v, want a *domain.ValidationError", err)
			}
			if token != "" {
				t.Fatal("a refused user got a token")
			}
			var fields []string
			for _, fe := range verr.Fields {
				fields = append(fields, strings.Join(fe.Path, "."))
			}
			if !slices.Equal(fields, tt.fields) {
				t.Fatalf("fields %v, want %v (%v)", fields, tt.fields, err)
			}
			if domain.CodeOf(err) != domain.CodeValidationFailed {
				t.Fatalf("code %s", domain.CodeOf(err))
			}
		})
	}
	users, err := f.users.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 0 {
		t.Fatalf("refused users were stored: %+v", users)
	}
}

func TestAddUserRefusesAnAddressInUse(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addUser(t, auth.NewUser{Email: "ada@example.org"})
	_, _, err := f.users.AddUser(context.Background(), auth.NewUser{Name: "Other", Email: "ADA@example.org", Role: domain.RoleViewer})
	var verr *domain.ValidationError
	if !errors.As(err, &verr) || len(verr.Fields) != 1 || verr.Fields[0].Path[0] != "email" {
		t.Fatalf("got %v, want a validation error on email", err)
	}
}

func TestAddUserResolvesTheOrganisationByIDOrName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	org := f.addOrganisation(t, "Media Dizajn", f.addLocation(t, "Szczecin", "PL"))
	byName, _ := f.addUser(t, auth.NewUser{Org: "Media Dizajn"})
	byID, _ := f.addUser(t, auth.NewUser{Org: org.String()})
	none, _ := f.addUser(t, auth.NewUser{Role: domain.RoleAdmin})
	if byName.OrganisationID != org || byID.OrganisationID != org || none.OrganisationID != uuid.Nil {
		t.Fatalf("organisations %s %s %s, want %s %s none", byName.OrganisationID, byID.OrganisationID, none.OrganisationID, org, org)
	}
}

func TestListShowsEveryUserWithItsLiveTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	org := f.addOrganisation(t, "Kreativum Science Center", f.addLocation(t, "Karlshamn", "SE"))
	ada, _ := f.addUser(t, auth.NewUser{Name: "Ada", Email: "ada@example.org", Org: "Kreativum Science Center", Role: domain.RoleReviewer})
	bob, _ := f.addUser(t, auth.NewUser{Name: "Bob", Email: "bob@example.org", Role: domain.RoleAdmin})
	if _, err := f.users.IssueToken(ctx, ada.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.users.Revoke(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	users, err := f.users.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 {
		t.Fatalf("%d users, want 2", len(users))
	}
	got := users[0]
	if got.ID != ada.ID || got.Name != "Ada" || got.Email != "ada@example.org" || got.Role != domain.RoleReviewer ||
		got.OrganisationID != org || got.LiveTokens != 2 || got.Erased() || got.CreatedAt.IsZero() {
		t.Fatalf("first user %+v", got)
	}
	if users[1].ID != bob.ID || users[1].LiveTokens != 0 {
		t.Fatalf("second user %+v", users[1])
	}
}

func TestIssueTokenForAnUnknownUserIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.users.IssueToken(context.Background(), uuid.New()); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("got %v, want not found", err)
	}
	if _, err := f.users.Revoke(context.Background(), uuid.New()); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("revoke: got %v, want not found", err)
	}
}
