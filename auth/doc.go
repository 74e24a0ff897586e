// Package auth owns the people who use the planner and their bearer tokens,
// and turns a token into the domain.Actor every command is issued by.
//
// # Tokens
//
// A token is 32 random bytes, base64url-encoded behind the prefix "pln_",
// sent as "Authorization: Bearer pln_…". It is shown once when issued; the
// database keeps only its SHA-256 (tokens.hash). A token of this strength
// needs no slow password hash: nobody can guess it, so the hash only keeps
// a leaked table from being a list of working credentials.
//
// Authenticate is one indexed lookup on the hash, on every request, joined
// with the user. Token validity is never cached: a revoked token, or a
// token of an erased user, fails on the next request. Only the country of
// an organisation (which adoption counts for reviewers) is cached briefly.
//
// # Erasure
//
// Erase deletes a user's name and email and revokes its tokens, but keeps
// its id, so every revision the user made stays attributed, from then on to
// a pseudonym such as "Former user 3f2a…" (Actors reports Erased). The event
// log never holds a user's name: it names actors by id only, and the API
// resolves ids through Actors, so the pseudonym shows everywhere at once.
//
// # Single sign-on
//
// Package auth/sso verifies OpenID Connect tokens; SignIn turns the
// identity it vouches for into the user registered under its email
// address, registering them at their first sign-in when the policy says
// so (signin.go).
//
// # Organisations
//
// Organisations and locations are event-sourced streams (domain/network).
// OrganisationResolver finds them by id or name (case-insensitively, with
// or without the printed country; organisation_match.go) and reports the
// country of their location; NetworkResolver is the implementation over the
// event store.
package auth
