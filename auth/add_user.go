package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/creativeclusters/planner/domain"
)

// MaxEmailLength is the longest address SMTP can carry (RFC 5321).
const MaxEmailLength = 254

// NewUser is the input of AddUser. Validation errors name its fields in
// lower case: "name", "email", "org", "role".
type NewUser struct {
	Name  string
	Email string
	// Org is the organisation's id or name (as Resolve matches it); "" for none (an
	// administrator, say). Planners edit only their organisation's
	// documents and reviewers count for its country, so they need one to
	// be useful, but the planner does not insist.
	Org  string
	Role domain.Role
}

// AddUser stores a new user and issues its first token, which is returned
// only here: the database keeps its hash.
func (s *Users) AddUser(ctx context.Context, in NewUser) (User, string, error) {
	var checks domain.Checks
	checks.Name(in.Name, "name")
	checkEmail(&checks, in.Email, "email")
	checks.Require(in.Role.Valid(), "must be ADMIN, PLANNER, REVIEWER or VIEWER", "role")
	org := uuid.Nil
	if strings.TrimSpace(in.Org) != "" {
		id, _, err := s.orgs.Resolve(ctx, in.Org)
		switch {
		case errors.Is(err, ErrOrganisationNotFound):
			checks.Fail(err.Error(), "org") // with the closest names
		case errors.Is(err, ErrOrganisationAmbiguous):
			checks.Fail(err.Error(), "org")
		case err != nil:
			return User{}, "", err
		}
		org = id
	}
	if err := checks.Err(); err != nil {
		return User{}, "", err
	}

	u := User{
		ID: s.newID(), Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
		OrganisationID: org, Role: in.Role, CreatedAt: s.now(), LiveTokens: 1,
	}
	var token string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO users (id, name, email, organisation_id, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			u.ID, u.Name, u.Email, nullUUID(u.OrganisationID), string(u.Role), u.CreatedAt); err != nil {
			return err
		}
		var err error
		token, err = s.insertToken(ctx, tx, u.ID)
		return err
	})
	if isUniqueViolation(err, "users_email") {
		return User{}, "", domain.Invalid("email", "is already the address of another user")
	}
	if err != nil {
		return User{}, "", fmt.Errorf("add user: %w", err)
	}
	return u, token, nil
}

// checkEmail checks an address by its shape only: one @ with something on
// both sides, no spaces, at most MaxEmailLength. Whether it reaches anyone
// is not the planner's concern; it never sends mail.
func checkEmail(c *domain.Checks, email string, path ...string) {
	email = strings.TrimSpace(email)
	local, host, _ := strings.Cut(email, "@")
	switch {
	case email == "":
		c.Fail("must not be blank", path...)
	case utf8.RuneCountInString(email) > MaxEmailLength:
		c.Fail(fmt.Sprintf("must be at most %d characters", MaxEmailLength), path...)
	case strings.Count(email, "@") != 1 || local == "" || host == "" || strings.ContainsAny(email, " \t\r\n"):
		c.Fail("must be an email address such as name@example.org", path...)
	case !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, "."):
		c.Fail("must have a domain such as example.org after the @", path...)
	}
}

func nullUUID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}
