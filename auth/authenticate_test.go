package auth_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

func TestAuthenticateReturnsThePersonWithItsOrganisationsCountry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	org := f.addOrganisation(t, "Chamber of Industry and Commerce Rostock (IHK)", f.addLocation(t, "Rostock", "DE"))
	u, token := f.addUser(t, auth.NewUser{Org: "Chamber of Industry and Commerce Rostock (IHK)", Role: domain.RoleReviewer})
	want := domain.Actor{ID: u.ID, Kind: domain.ActorPerson, Role: domain.RoleReviewer, OrganisationID: org, Country: "DE"}
	if got := f.mustAuthenticate(t, token); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}

	admin, token := f.addUser(t, auth.NewUser{Role: domain.RoleAdmin})
	want = domain.Actor{ID: admin.ID, Kind: domain.ActorPerson, Role: domain.RoleAdmin}
	if got := f.mustAuthenticate(t, token); got != want {
		t.Fatalf("without organisation: got %+v, want %+v", got, want)
	}
}

func TestAuthenticateRefusesWhatItDidNotIssue(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, token := f.addUser(t, auth.NewUser{})
	for _, bad := range []string{
		"",
		"pln_",
		token[:len(token)-1],
		token + "A",
		strings.ToUpper(token),
		"pln_" + strings.Repeat("A", 43), // well-formed, never issued
		"pln_" + strings.Repeat("*", 43), // not base64url
		"Bearer " + token,                // the header, not the token
	} {
		f.mustFailAuthentication(t, bad)
	}
}

func TestARevokedTokenFailsAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, first := f.addUser(t, auth.NewUser{})
	second, err := f.users.IssueToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.mustAuthenticate(t, first)
	f.mustAuthenticate(t, second)

	// Revoking one token by its id leaves the user's other token working.
	tokens, err := f.users.Tokens(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tokens) != 2 || tokens[1].CreatedAt.After(tokens[0].CreatedAt) {
		t.Fatalf("tokens %+v, want two, newest first", tokens)
	}
	oldest := tokens[1]
	revoked, err := f.users.Revoke(ctx, oldest.ID)
	if err != nil {
		t.Fatal(err)
	}
	if revoked != (auth.Revoked{UserID: u.ID, Tokens: 1}) {
		t.Fatalf("revoked %+v", revoked)
	}
	f.mustFailAuthentication(t, first)
	f.mustAuthenticate(t, second)
	// Again: nothing left to revoke, not an error.
	if revoked, err := f.users.Revoke(ctx, oldest.ID); err != nil || revoked.Tokens != 0 {
		t.Fatalf("second revocation: %+v, %v", revoked, err)
	}

	// Revoking the user revokes every token it has.
	third, err := f.users.IssueToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	revoked, err = f.users.Revoke(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if revoked != (auth.Revoked{UserID: u.ID, Tokens: 2}) {
		t.Fatalf("revoked %+v", revoked)
	}
	f.mustFailAuthentication(t, second)
	f.mustFailAuthentication(t, third)
	tokens, err = f.users.Tokens(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range tokens {
		if tok.RevokedAt.IsZero() {
			t.Fatalf("token %s still live", tok.ID)
		}
	}
}

func TestRevocationWinsOverConcurrentAuthentication(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, token := f.addUser(t, auth.NewUser{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, _ = f.users.Authenticate(ctx, token)
			}
		})
	}
	if _, err := f.users.Revoke(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	// The first request after the revocation returned fails.
	f.mustFailAuthentication(t, token)
	close(stop)
	wg.Wait()
}

func TestTheCountryCacheExpires(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := newFixtureWith(t, auth.NetworkResolverConfig{CountryTTL: time.Minute, Now: clock})
	rostock, karlshamn := f.addLocation(t, "Rostock", "DE"), f.addLocation(t, "Karlshamn", "SE")
	org := f.addOrganisation(t, "Movers", rostock)
	_, token := f.addUser(t, auth.NewUser{Org: org.String()})
	if got := f.mustAuthenticate(t, token).Country; got != "DE" {
		t.Fatalf("country %q, want DE", got)
	}
	f.updateOrganisation(t, org, "Movers", karlshamn)
	if got := f.mustAuthenticate(t, token).Country; got != "DE" {
		t.Fatalf("country %q within the TTL, want the cached DE", got)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	if got := f.mustAuthenticate(t, token).Country; got != "SE" {
		t.Fatalf("country %q after the TTL, want SE", got)
	}
}

func TestAnOrganisationWithoutAKnownLocationHasNoCountry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	org := f.addOrganisation(t, "Nowhere", uuid.New())
	_, token := f.addUser(t, auth.NewUser{Org: org.String()})
	if got := f.mustAuthenticate(t, token); got.OrganisationID != org || got.Country != "" {
		t.Fatalf("got %+v, want organisation %s without country", got, org)
	}
}

// TestRequestsBackToBackShareOneTokenLookup: the second authentication of
// a token right after the first asks the database nothing.
func TestRequestsBackToBackShareOneTokenLookup(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, token := f.addUser(t, auth.NewUser{})
	counter := &queryCounter{}
	cfg, err := pgxpool.ParseConfig(f.pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	users := auth.NewUsers(pool, f.orgs)
	first, err := users.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	// The cache is trusted once the revocation listener listens.
	waitFor(t, "the revocation listener", func() bool { return auth.CachingTokens(users) })
	if _, err := users.Authenticate(context.Background(), token); err != nil {
		t.Fatal(err)
	}
	before := counter.n.Load()
	second, err := users.Authenticate(context.Background(), token)
	if err != nil || second != first {
		t.Fatalf("second authentication: %+v %v, want %+v", second, err, first)
	}
	if n := counter.n.Load() - before; n != 0 {
		t.Fatalf("the second authentication ran %d statements, want none", n)
	}
}

type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestARevocationByAnotherInstanceReachesTheCache: the CLI or another
// instance revokes; this instance's cache is voided by the notice, not by
// its expiry.
func TestARevocationByAnotherInstanceReachesTheCache(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, token := f.addUser(t, auth.NewUser{})
	f.mustAuthenticate(t, token)
	waitFor(t, "the revocation listener", func() bool { return auth.CachingTokens(f.users) })
	f.mustAuthenticate(t, token)
	seen := auth.CacheGeneration(f.users)
	other := auth.NewUsers(f.pool, f.orgs)
	if _, err := other.Revoke(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the revocation notice", func() bool { return auth.CacheGeneration(f.users) != seen })
	f.mustFailAuthentication(t, token)
}

// waitFor polls cond until it holds, for at most ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: condition not reached within 10s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
