package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// Authenticate returns the actor a bearer token belongs to (the token
// itself, without "Bearer "; see BearerToken). An unknown, revoked or
// malformed token, or one of an erased user, fails with
// domain.ErrUnauthenticated.
//
// Validity is checked in the database on every call (one lookup on the
// unique index of tokens.hash), never cached, so revocation takes effect
// at once. Only the organisation's country may come from a short cache.
func (s *Users) Authenticate(ctx context.Context, token string) (domain.Actor, error) {
	if !wellFormed(token) {
		return domain.Actor{}, domain.ErrUnauthenticated
	}
	var (
		actor = domain.Actor{Kind: domain.ActorPerson}
		role  string
		org   *uuid.UUID
	)
	err := s.pool.QueryRow(ctx, `
		SELECT u.id, u.role, u.organisation_id
		FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND t.revoked_at IS NULL AND u.erased_at IS NULL`, hashToken(token)).
		Scan(&actor.ID, &role, &org)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return domain.Actor{}, domain.ErrUnauthenticated
	case err != nil:
		return domain.Actor{}, fmt.Errorf("authenticate: %w", err)
	}
	actor.Role = domain.Role(role)
	if org == nil {
		return actor, nil
	}
	actor.OrganisationID = *org
	actor.Country, err = s.orgs.Country(ctx, *org)
	if err != nil && !errors.Is(err, ErrOrganisationNotFound) {
		// An organisation the store no longer knows leaves the country
		// unknown; anything else (the database) fails the request.
		return domain.Actor{}, fmt.Errorf("authenticate: country of organisation %s: %w", *org, err)
	}
	return actor, nil
}
