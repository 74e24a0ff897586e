package sso_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/auth/sso"
	"github.com/creativeclusters/planner/auth/sso/ssotest"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

const audience = "planner-web"

func newUsers(t *testing.T) *auth.Users {
	pool := pgtest.NewPool(t)
	return auth.NewUsers(pool, auth.NewNetworkResolver(eventstore.New(pool, catalog.Registry()), auth.NetworkResolverConfig{}))
}

func TestTokensOfTheIssuer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	users := newUsers(t)
	issuer := ssotest.NewIssuer(t)
	registered, plannerToken, err := users.AddUser(ctx, auth.NewUser{Name: "Rita Registered", Email: "rita@example.org", Role: domain.RoleReviewer})
	if err != nil {
		t.Fatal(err)
	}
	a, err := sso.New(sso.Config{Issuer: issuer.URL, Audience: audience}, users)
	if err != nil {
		t.Fatal(err)
	}

	valid := issuer.Claims(audience, "RITA@example.org")
	actor, err := a.Authenticate(ctx, issuer.Token(t, valid))
	if err != nil || actor.ID != registered.ID || actor.Role != domain.RoleReviewer {
		t.Fatalf("a valid token of a registered user: %+v, %v", actor, err)
	}
	// The planner's own tokens still work beside the issuer's.
	if actor, err := a.Authenticate(ctx, plannerToken); err != nil || actor.ID != registered.ID {
		t.Fatalf("the planner's own token: %+v, %v", actor, err)
	}

	with := func(change func(map[string]any)) map[string]any {
		c := issuer.Claims(audience, "rita@example.org")
		change(c)
		return c
	}
	refused := map[string]string{
		"expired": issuer.Token(t, with(func(c map[string]any) {
			c["iat"] = time.Now().Add(-2 * time.Hour).Unix()
			c["exp"] = time.Now().Add(-time.Hour).Unix()
		})),
		"wrong audience":       issuer.Token(t, with(func(c map[string]any) { c["aud"] = "another-client" })),
		"wrong issuer":         issuer.Token(t, with(func(c map[string]any) { c["iss"] = "https://evil.example.org" })),
		"bad signature":        issuer.ForgedToken(t, valid),
		"email not verified":   issuer.Token(t, with(func(c map[string]any) { c["email_verified"] = false })),
		"no email":             issuer.Token(t, with(func(c map[string]any) { delete(c, "email") })),
		"not registered":       issuer.Token(t, issuer.Claims(audience, "stranger@example.org")),
		"another issuer's key": ssotest.Sign(t, ssotest.NewKey(t), "other-key", valid),
		"not a JWT at all":     "aaa.bbb.ccc",
	}
	for name, token := range refused {
		if _, err := a.Authenticate(ctx, token); domain.CodeOf(err) != domain.CodeUnauthenticated {
			t.Errorf("%s: %v, want UNAUTHENTICATED", name, err)
		}
	}
	if list, err := users.List(ctx); err != nil || len(list) != 1 {
		t.Errorf("refused sign-ins created users: %d, %v", len(list), err)
	}
}

func TestFirstSignInCreatesTheUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	users := newUsers(t)
	issuer := ssotest.NewIssuer(t)
	a, err := sso.New(sso.Config{Issuer: issuer.URL, Audience: audience,
		Policy: auth.SignInPolicy{CreateUsers: true, DefaultRole: domain.RoleViewer}}, users)
	if err != nil {
		t.Fatal(err)
	}
	token := issuer.Token(t, issuer.Claims(audience, "nina@example.org"))
	first, err := a.Authenticate(ctx, token)
	if err != nil || first.Role != domain.RoleViewer {
		t.Fatalf("first sign-in: %+v, %v", first, err)
	}
	again, err := a.Authenticate(ctx, token)
	if err != nil || again.ID != first.ID {
		t.Fatalf("second sign-in: %+v, %v; want the same user %s", again, err, first.ID)
	}
	list, err := users.List(ctx)
	if err != nil || len(list) != 1 || list[0].Email != "nina@example.org" || list[0].Name != "Test nina@example.org" || list[0].LiveTokens != 0 {
		t.Fatalf("users after sign-in: %+v, %v", list, err)
	}
	// An erased user's address is nobody's: signing in makes a new user.
	if err := users.Erase(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	after, err := a.Authenticate(ctx, token)
	if err != nil || after.ID == first.ID {
		t.Fatalf("sign-in after erasure: %+v, %v; want a new user", after, err)
	}
}

func TestIssuerDownIsUnavailableNotUnauthenticated(t *testing.T) {
	t.Parallel()
	users := newUsers(t)
	issuer := ssotest.NewIssuer(t)
	a, err := sso.New(sso.Config{Issuer: "http://127.0.0.1:1/nobody", Audience: audience}, users)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Authenticate(context.Background(), issuer.Token(t, issuer.Claims(audience, "x@example.org")))
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Fatalf("issuer unreachable: %v, want UNAVAILABLE", err)
	}
}

func TestConfigIsValidated(t *testing.T) {
	for name, cfg := range map[string]sso.Config{
		"no issuer":   {Audience: audience},
		"no audience": {Issuer: "https://id.example.org"},
		"bad role":    {Issuer: "https://id.example.org", Audience: audience, Policy: auth.SignInPolicy{CreateUsers: true, DefaultRole: "BOSS"}},
	} {
		if _, err := sso.New(cfg, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
