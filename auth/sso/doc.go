// Package sso accepts OpenID Connect tokens (JWTs signed by a configured
// issuer: Keycloak, Microsoft Entra ID, any OpenID Connect provider) as
// bearer tokens beside the planner's own "pln_" tokens, on HTTP and in a
// WebSocket's connection_init alike.
//
// A token is verified with github.com/coreos/go-oidc against the issuer's
// published keys (discovery document, then JWKS, fetched when first
// needed and again when a token names a key not seen yet): signature,
// issuer, audience (the client id) and expiry. Its email claim (or another
// configured claim) names the user: an existing user registered under that
// address, or, when configured, one created at the first sign-in with a
// default role and the organisation a configured claim names
// (auth.Users.SignIn). A token whose email the provider marks as not
// verified is refused.
//
// The planner is a resource server here: it never sees passwords or runs
// the authorization code flow itself. A front end gets the tokens from the
// provider (authorization code flow with PKCE) and sends the ID token as
// "Authorization: Bearer <jwt>" (see README, Deployment, with OIDC).
package sso
