package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// Identity is a person as an identity provider vouched for them (package
// auth/sso verified the token): the address the user is registered under,
// and what a first sign-in needs to register them.
type Identity struct {
	Email string
	// Name is shown for a user created at first sign-in; Email when empty.
	Name string
	// Organisation is the organisation's id or name (as Resolve matches
	// it), used only when the user is created; "" or an unknown one
	// creates a user without an organisation.
	Organisation string
}

// SignInPolicy says what happens to a verified identity that no user has.
type SignInPolicy struct {
	// CreateUsers registers such a person at their first sign-in, with
	// DefaultRole; otherwise they are refused (UNAUTHENTICATED) until an
	// administrator adds them (`planner user add --email ...`).
	CreateUsers bool
	DefaultRole domain.Role
}

// SignIn returns the actor of the user registered under id.Email (case
// ignored), creating them first when the policy allows. An erased user's
// address belongs to nobody: signing in with it is refused, or makes a new
// user. It fails with domain.ErrUnauthenticated when the person may not
// sign in.
func (s *Users) SignIn(ctx context.Context, id Identity, policy SignInPolicy) (domain.Actor, error) {
	var checks domain.Checks
	checkEmail(&checks, id.Email, "email")
	if checks.Err() != nil {
		return domain.Actor{}, fmt.Errorf("%w: the identity provider gave no usable email address", domain.ErrUnauthenticated)
	}
	actor, err := s.lookupEmail(ctx, id.Email)
	if errors.Is(err, domain.ErrUnauthenticated) && policy.CreateUsers {
		actor, err = s.register(ctx, id, policy.DefaultRole)
	}
	if err != nil {
		return domain.Actor{}, err
	}
	return s.withCountry(ctx, actor)
}

func (s *Users) lookupEmail(ctx context.Context, email string) (domain.Actor, error) {
	var (
		actor = domain.Actor{Kind: domain.ActorPerson}
		role  string
		org   *uuid.UUID
	)
	err := s.pool.QueryRow(ctx, `SELECT id, role, organisation_id FROM users
		WHERE lower(email) = lower($1) AND erased_at IS NULL`, strings.TrimSpace(email)).Scan(&actor.ID, &role, &org)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return domain.Actor{}, fmt.Errorf("%w: no user is registered under this address", domain.ErrUnauthenticated)
	case err != nil:
		return domain.Actor{}, fmt.Errorf("sign in: %w", err)
	}
	actor.Role = domain.Role(role)
	if org != nil {
		actor.OrganisationID = *org
	}
	return actor, nil
}

// register creates the user of a first sign-in, without a token (they
// sign in through their provider). Twins of one first sign-in race on the
// unique address: the loser reads the winner's user.
func (s *Users) register(ctx context.Context, id Identity, role domain.Role) (domain.Actor, error) {
	if !role.Valid() {
		return domain.Actor{}, fmt.Errorf("sign in: default role %q is not a role", role)
	}
	name := strings.TrimSpace(id.Name)
	var checks domain.Checks
	checks.Name(name, "name")
	if checks.Err() != nil {
		name = strings.TrimSpace(id.Email)
	}
	org := uuid.Nil
	if strings.TrimSpace(id.Organisation) != "" {
		found, _, err := s.orgs.Resolve(ctx, id.Organisation)
		switch {
		case err == nil:
			org = found
		case !errors.Is(err, ErrOrganisationNotFound) && !errors.Is(err, ErrOrganisationAmbiguous):
			return domain.Actor{}, fmt.Errorf("sign in: organisation: %w", err)
		}
	}
	userID := s.newID()
	_, err := s.pool.Exec(ctx, `INSERT INTO users (id, name, email, organisation_id, role, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		userID, name, strings.TrimSpace(id.Email), nullUUID(org), string(role), s.now())
	if isUniqueViolation(err, "users_email") {
		return s.lookupEmail(ctx, id.Email)
	}
	if err != nil {
		return domain.Actor{}, fmt.Errorf("sign in: register: %w", err)
	}
	return domain.Actor{Kind: domain.ActorPerson, ID: userID, Role: role, OrganisationID: org}, nil
}

// withCountry adds the country of the actor's organisation, as
// Authenticate does.
func (s *Users) withCountry(ctx context.Context, actor domain.Actor) (domain.Actor, error) {
	if actor.OrganisationID == uuid.Nil {
		return actor, nil
	}
	country, err := s.orgs.Country(ctx, actor.OrganisationID)
	if err != nil && !errors.Is(err, ErrOrganisationNotFound) {
		return domain.Actor{}, fmt.Errorf("authenticate: country of organisation %s: %w", actor.OrganisationID, err)
	}
	actor.Country = country
	return actor, nil
}
