package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// Authenticate returns the actor a bearer token belongs to (the token
// itself, without "Bearer "; see BearerToken). An unknown, revoked or
// malformed token, or one of an erased user, fails with
// domain.ErrUnauthenticated.
//
// Validity is checked in the database (one lookup on the unique index of
// tokens.hash) and trusted for at most a second (tokenCache), and only
// while a connection listens for revocations: Revoke and Erase, in this
// process or another (the CLI, another instance), void the cache at once
// through NOTIFY (revocations.go); a change made to the tables by hand
// takes effect within that second.
func (s *Users) Authenticate(ctx context.Context, token string) (domain.Actor, error) {
	if !wellFormed(token) {
		return domain.Actor{}, domain.ErrUnauthenticated
	}
	hash := hashToken(token)
	now := time.Now()
	s.ensureListening()
	cached := s.revocations.listening.Load()
	actor, ok := s.tokens.get(hash, now)
	if !ok || !cached {
		generation := s.tokens.begin()
		var err error
		if actor, err = s.lookupToken(ctx, hash); err != nil {
			return domain.Actor{}, err
		}
		if cached {
			s.tokens.put(hash, actor, generation, now)
		}
	}
	// The country has a cache of its own (NetworkResolverConfig.CountryTTL).
	// An organisation the store no longer knows leaves the country
	// unknown; anything else (the database) fails the request.
	return s.withCountry(ctx, actor)
}

// lookupToken returns the person a live token belongs to, without the
// organisation's country.
func (s *Users) lookupToken(ctx context.Context, hash []byte) (domain.Actor, error) {
	var (
		actor = domain.Actor{Kind: domain.ActorPerson}
		role  string
		org   *uuid.UUID
	)
	err := s.pool.QueryRow(ctx, `
		SELECT u.id, u.role, u.organisation_id
		FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND t.revoked_at IS NULL AND u.erased_at IS NULL`, hash).
		Scan(&actor.ID, &role, &org)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return domain.Actor{}, domain.ErrUnauthenticated
	case err != nil:
		return domain.Actor{}, fmt.Errorf("authenticate: %w", err)
	}
	actor.Role = domain.Role(role)
	if org != nil {
		actor.OrganisationID = *org
	}
	return actor, nil
}
