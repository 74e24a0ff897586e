package sso

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

// Config configures single sign-on. Zero values take the documented
// defaults.
type Config struct {
	// Issuer is the provider's issuer URL, exactly as its tokens' "iss"
	// claim says (the discovery document is at
	// Issuer + "/.well-known/openid-configuration"). Required.
	Issuer string
	// Audience is the client id the tokens are issued for (their "aud"
	// must contain it). Required.
	Audience string
	// EmailClaim names the claim holding the user's address. Default
	// "email". With "email", a token whose "email_verified" is false is
	// refused.
	EmailClaim string
	// NameClaim names the claim with the display name of a user created at
	// first sign-in. Default "name".
	NameClaim string
	// OrganisationClaim names the claim holding the organisation (its id
	// or name) of a user created at first sign-in. Default
	// "organisation".
	OrganisationClaim string
	// Policy: register unknown people at first sign-in (with a default
	// role) or refuse them until an administrator adds them.
	Policy auth.SignInPolicy
	// DiscoveryRetry is how long after a failed discovery the next request
	// tries again. Default 5s.
	DiscoveryRetry time.Duration
	// Now is the clock tokens' expiry is checked against; default
	// time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.EmailClaim == "" {
		c.EmailClaim = "email"
	}
	if c.NameClaim == "" {
		c.NameClaim = "name"
	}
	if c.OrganisationClaim == "" {
		c.OrganisationClaim = "organisation"
	}
	if c.DiscoveryRetry <= 0 {
		c.DiscoveryRetry = 5 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Validate reports a configuration that cannot work.
func (c *Config) Validate() error {
	var errs []error
	if c.Issuer == "" {
		errs = append(errs, errors.New("the issuer URL is required"))
	}
	if c.Audience == "" {
		errs = append(errs, errors.New("the audience (client id) is required"))
	}
	if c.Policy.CreateUsers && !c.Policy.DefaultRole.Valid() {
		errs = append(errs, fmt.Errorf("default role %q: want ADMIN, PLANNER, REVIEWER or VIEWER", c.Policy.DefaultRole))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("single sign-on: %w", err)
	}
	return nil
}

// Users is what the Authenticator needs of package auth.
type Users interface {
	Authenticate(ctx context.Context, token string) (domain.Actor, error)
	SignIn(ctx context.Context, id auth.Identity, policy auth.SignInPolicy) (domain.Actor, error)
}

// Authenticator resolves bearer tokens: JWTs through the issuer, the
// planner's own tokens through Users. It satisfies
// transport.Authenticator.
type Authenticator struct {
	cfg   Config
	users Users

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier
	failedAt time.Time
	failure  error
}

// New returns an Authenticator. It does not contact the issuer: discovery
// happens at the first token, so that the service starts while the
// provider is down (its tokens are UNAVAILABLE until it answers; the
// planner's own tokens keep working).
func New(cfg Config, users Users) (*Authenticator, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Authenticator{cfg: cfg, users: users}, nil
}

// Authenticate returns the actor of token.
func (a *Authenticator) Authenticate(ctx context.Context, token string) (domain.Actor, error) {
	if !looksLikeJWT(token) {
		return a.users.Authenticate(ctx, token)
	}
	verifier, err := a.discover(ctx)
	if err != nil {
		return domain.Actor{}, err
	}
	idToken, err := verifier.Verify(ctx, token)
	if err != nil {
		// Expired, wrong issuer or audience, bad signature, unknown key,
		// malformed: the client must get a new token.
		return domain.Actor{}, fmt.Errorf("%w: %v", domain.ErrUnauthenticated, err)
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		return domain.Actor{}, fmt.Errorf("%w: claims: %v", domain.ErrUnauthenticated, err)
	}
	email := stringClaim(claims, a.cfg.EmailClaim)
	if a.cfg.EmailClaim == "email" {
		if verified, ok := claims["email_verified"].(bool); ok && !verified {
			return domain.Actor{}, fmt.Errorf("%w: the provider has not verified this email address", domain.ErrUnauthenticated)
		}
	}
	return a.users.SignIn(ctx, auth.Identity{
		Email:        email,
		Name:         stringClaim(claims, a.cfg.NameClaim),
		Organisation: stringClaim(claims, a.cfg.OrganisationClaim),
	}, a.cfg.Policy)
}

// discover returns the verifier, fetching the issuer's discovery document
// once; a failure is remembered for DiscoveryRetry so that a provider
// outage does not turn every request into a slow outbound call.
func (a *Authenticator) discover(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.verifier != nil {
		return a.verifier, nil
	}
	now := a.cfg.Now()
	if a.failure != nil && now.Sub(a.failedAt) < a.cfg.DiscoveryRetry {
		return nil, a.failure
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	provider, err := oidc.NewProvider(ctx, a.cfg.Issuer)
	if err != nil {
		a.failedAt, a.failure = now, fmt.Errorf("%w: identity provider %s: %v", domain.ErrUnavailable, a.cfg.Issuer, err)
		return nil, a.failure
	}
	// The key set fetches with a context of its own (not a request's,
	// which may end while other requests wait for the keys).
	a.verifier = provider.VerifierContext(context.Background(), &oidc.Config{ClientID: a.cfg.Audience, Now: a.cfg.Now})
	a.failure = nil
	return a.verifier, nil
}

// looksLikeJWT: three base64url parts. The planner's own tokens
// ("pln_" + base64url) contain no dot.
func looksLikeJWT(token string) bool {
	return strings.Count(token, ".") == 2 && !strings.HasPrefix(token, auth.TokenPrefix)
}

func stringClaim(claims map[string]any, name string) string {
	s, _ := claims[name].(string)
	return strings.TrimSpace(s)
}
