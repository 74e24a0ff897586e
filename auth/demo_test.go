package auth_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// seedNetwork registers the organisations the demo users belong to, under
// the names the seeder uses.
func seedNetwork(t *testing.T, f *fixture) map[string]uuid.UUID {
	t.Helper()
	return map[string]uuid.UUID{
		"Media Dizajn": f.addOrganisation(t, "Media Dizajn", f.addLocation(t, "Szczecin", "PL")),
		"Chamber of Industry and Commerce Rostock (IHK)": f.addOrganisation(t,
			"Chamber of Industry and Commerce Rostock (IHK)", f.addLocation(t, "Rostock", "DE")),
		"Kreativum Science Center": f.addOrganisation(t, "Kreativum Science Center", f.addLocation(t, "Karlshamn", "SE")),
	}
}

func TestEnsureDemoUsersTwiceReplacesTheTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	orgs := seedNetwork(t, f)

	first, err := f.users.EnsureDemoUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.users.EnsureDemoUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 5 || len(second) != 5 {
		t.Fatalf("%d and %d demo users, want 5", len(first), len(second))
	}
	roles := map[domain.Role]int{}
	reviewerCountries := map[string]bool{}
	for i, d := range second {
		if d.UserID != first[i].UserID {
			t.Fatalf("%s: a second run made a new user", d.Name)
		}
		if d.Note != "" || (d.Organisation != "" && d.OrganisationID != orgs[d.Organisation]) {
			t.Fatalf("%+v: organisation not resolved", d)
		}
		f.mustFailAuthentication(t, first[i].Token)
		actor := f.mustAuthenticate(t, d.Token)
		if actor.ID != d.UserID || actor.Role != d.Role || actor.OrganisationID != d.OrganisationID || actor.Country != d.Country {
			t.Fatalf("%s authenticates as %+v", d.Name, actor)
		}
		roles[d.Role]++
		if d.Role == domain.RoleReviewer {
			reviewerCountries[actor.Country] = true
		}
	}
	if roles[domain.RoleAdmin] != 1 || roles[domain.RolePlanner] != 1 || roles[domain.RoleReviewer] != 2 || roles[domain.RoleViewer] != 1 {
		t.Fatalf("roles %v", roles)
	}
	if !reviewerCountries["DE"] || !reviewerCountries["SE"] {
		t.Fatalf("reviewer countries %v, want DE and SE", reviewerCountries)
	}
	users, err := f.users.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.LiveTokens != 1 {
			t.Fatalf("%s has %d live tokens, want 1", u.Name, u.LiveTokens)
		}
	}
	if len(users) != 5 {
		t.Fatalf("%d users, want 5", len(users))
	}
}

func TestEnsureDemoUsersBeforeSeedingSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	demo, err := f.users.EnsureDemoUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range demo {
		if d.OrganisationID != uuid.Nil || (d.Role != domain.RoleViewer && d.Note == "") {
			t.Fatalf("%+v: want no organisation and a note", d)
		}
		f.mustAuthenticate(t, d.Token)
	}
	// Seeding later and running again gives the users their organisations.
	orgs := seedNetwork(t, f)
	demo, err = f.users.EnsureDemoUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range demo {
		if d.Note != "" || (d.Organisation != "" && f.mustAuthenticate(t, d.Token).OrganisationID != orgs[d.Organisation]) {
			t.Fatalf("%+v: organisation not set on the second run", d)
		}
	}
}

func TestConcurrentDemoRunsMakeEachUserOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	seedNetwork(t, f)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() { _, errs[i] = f.users.EnsureDemoUsers(context.Background()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	users, err := f.users.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 5 {
		t.Fatalf("%d users, want 5", len(users))
	}
}
