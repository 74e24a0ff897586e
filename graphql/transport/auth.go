package transport

import (
	"context"
	"strings"

	"github.com/creativeclusters/planner/domain"
)

// Authenticator resolves a bearer token to the actor it belongs to. It
// returns domain.ErrUnauthenticated (or an error wrapping it) for unknown,
// expired and revoked tokens; any other error is taken for a failure of the
// authenticator itself (UNAVAILABLE or INTERNAL by domain.CodeOf).
type Authenticator interface {
	Authenticate(ctx context.Context, bearerToken string) (domain.Actor, error)
}

// AuthenticatorFunc adapts a function to Authenticator.
type AuthenticatorFunc func(ctx context.Context, bearerToken string) (domain.Actor, error)

// Authenticate calls f.
func (f AuthenticatorFunc) Authenticate(ctx context.Context, bearerToken string) (domain.Actor, error) {
	return f(ctx, bearerToken)
}

type actorKey struct{}

type credentialsKey struct{}

// credentials let a long-lived operation check its token again.
type credentials struct {
	auth  Authenticator
	token string
}

// withCredentials returns a context carrying the authenticated actor and
// what authenticated it.
func withCredentials(ctx context.Context, actor domain.Actor, auth Authenticator, token string) context.Context {
	return context.WithValue(WithActor(ctx, actor), credentialsKey{}, credentials{auth: auth, token: token})
}

// Reauthenticate checks the bearer token of the request or WebSocket
// connection again and returns its actor as it is now. Subscriptions call
// it: a connection is authenticated once, at connection_init, and its
// token may be revoked while it stays open. Without credentials in ctx
// (an actor set with WithActor alone) it answers UNAUTHENTICATED.
func Reauthenticate(ctx context.Context) (domain.Actor, error) {
	c, ok := ctx.Value(credentialsKey{}).(credentials)
	if !ok {
		return domain.Actor{}, domain.ErrUnauthenticated
	}
	return authenticate(ctx, c.auth, c.token)
}

// HasCredentials reports whether Reauthenticate can check ctx's token.
func HasCredentials(ctx context.Context) bool {
	_, ok := ctx.Value(credentialsKey{}).(credentials)
	return ok
}

// WithActor returns a context carrying the authenticated actor.
func WithActor(ctx context.Context, actor domain.Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor the transport authenticated for this request
// or WebSocket connection; ok is false when there is none.
func ActorFrom(ctx context.Context) (actor domain.Actor, ok bool) {
	actor, ok = ctx.Value(actorKey{}).(domain.Actor)
	return actor, ok
}

// bearerToken extracts the token of an "Authorization: Bearer <token>"
// value; the scheme is case-insensitive (RFC 6750). A value without the
// scheme is taken as the token itself when allowBare is set, which
// connection_init payloads need ({"token": "..."}).
func bearerToken(value string, allowBare bool) string {
	value = strings.TrimSpace(value)
	scheme, token, found := strings.Cut(value, " ")
	if found && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(token)
	}
	if allowBare && !found {
		return value
	}
	return ""
}

// authenticate resolves token; a missing token is UNAUTHENTICATED without
// asking the authenticator.
func authenticate(ctx context.Context, auth Authenticator, token string) (domain.Actor, error) {
	if token == "" {
		return domain.Actor{}, domain.ErrUnauthenticated
	}
	return auth.Authenticate(ctx, token)
}
