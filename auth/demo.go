package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// demoUser is one of the users EnsureDemoUsers keeps, known by its email.
type demoUser struct {
	role  domain.Role
	name  string
	email string
	// org is the exact name the seeder gives the organisation; "" for none.
	org string
}

// demoUsers are one user per role in the seeded network (cmd/planner seed,
// from the project's partner list), and a second reviewer in another
// country, so that adoption by reviewers of two countries can be shown.
// The addresses are under example.org (RFC 2606), which reaches nobody.
var demoUsers = []demoUser{
	{domain.RoleAdmin, "Demo Admin", "demo-admin@example.org", "Media Dizajn"},
	{domain.RolePlanner, "Demo Planner", "demo-planner@example.org", "Media Dizajn"},
	{domain.RoleReviewer, "Demo Reviewer (DE)", "demo-reviewer-de@example.org", "Chamber of Industry and Commerce Rostock (IHK)"},
	{domain.RoleReviewer, "Demo Reviewer (SE)", "demo-reviewer-se@example.org", "Kreativum Science Center"},
	{domain.RoleViewer, "Demo Viewer", "demo-viewer@example.org", ""},
}

// DemoToken is a demo user and the fresh token EnsureDemoUsers issued it.
type DemoToken struct {
	UserID uuid.UUID
	Role   domain.Role
	Name   string
	Email  string
	// Organisation is the organisation's name, "" when the user has none;
	// OrganisationID and Country belong to it.
	Organisation   string
	OrganisationID uuid.UUID
	Country        string
	// Note explains a demo user left without the organisation it should
	// have (the network is not seeded yet); "" otherwise.
	Note  string
	Token string
}

// EnsureDemoUsers makes sure the demo users exist, with the role and
// organisation they should have, revokes their previous tokens and issues
// each a new one. Running it again is safe: it updates the same users (by
// email) and the tokens it printed before stop working.
func (s *Users) EnsureDemoUsers(ctx context.Context) ([]DemoToken, error) {
	out := make([]DemoToken, len(demoUsers))
	for i, d := range demoUsers {
		out[i] = DemoToken{Role: d.role, Name: d.name, Email: d.email}
		if d.org == "" {
			continue
		}
		id, country, err := s.orgs.Resolve(ctx, d.org)
		switch {
		case errors.Is(err, ErrOrganisationNotFound):
			out[i].Note = fmt.Sprintf("organisation %q not found (is the network seeded?), so the user has none for now", d.org)
		case errors.Is(err, ErrOrganisationAmbiguous):
			out[i].Note = fmt.Sprintf("%v, so the user has none for now", err)
		case err != nil:
			return nil, fmt.Errorf("demo users: %w", err)
		default:
			out[i].Organisation, out[i].OrganisationID, out[i].Country = d.org, id, country
		}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for i := range out {
			if err := s.ensureDemoUser(ctx, tx, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("demo users: %w", err)
	}
	return out, nil
}

func (s *Users) ensureDemoUser(ctx context.Context, tx pgx.Tx, d *DemoToken) error {
	now := s.now()
	// An upsert on the email index rather than read-then-insert, so that
	// two concurrent runs cannot create a demo user twice.
	err := tx.QueryRow(ctx, `
		INSERT INTO users (id, name, email, organisation_id, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT ((lower(email))) DO UPDATE
			SET name = excluded.name, organisation_id = excluded.organisation_id, role = excluded.role
		RETURNING id`,
		s.newID(), d.Name, d.Email, nullUUID(d.OrganisationID), string(d.Role), now).Scan(&d.UserID)
	if err != nil {
		return fmt.Errorf("upsert %s: %w", d.Email, err)
	}
	if _, err := revokeUserTokens(ctx, tx, d.UserID, now); err != nil {
		return fmt.Errorf("revoke tokens of %s: %w", d.Email, err)
	}
	d.Token, err = s.insertToken(ctx, tx, d.UserID)
	if err != nil {
		return fmt.Errorf("issue token for %s: %w", d.Email, err)
	}
	return nil
}
