package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
)

// Users keeps the users and their tokens in PostgreSQL (tables users and
// tokens, migrations/00002_users.sql).
type Users struct {
	pool  *pgxpool.Pool
	orgs  OrganisationResolver
	now   func() time.Time
	newID func() uuid.UUID
	// tokens caches authenticated tokens for a second (token_cache.go),
	// while revocations listens for revocations (revocations.go).
	tokens      tokenCache
	revocations revocations
}

// NewUsers returns the users stored in pool; orgs checks and resolves the
// organisations they belong to.
func NewUsers(pool *pgxpool.Pool, orgs OrganisationResolver) *Users {
	return &Users{
		pool:  pool,
		orgs:  orgs,
		now:   func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		newID: func() uuid.UUID { return uuid.Must(uuid.NewV7()) },
	}
}

// User is a person who may use the API.
type User struct {
	ID uuid.UUID
	// Name is the pseudonym once the user was erased.
	Name string
	// Email is "" once the user was erased.
	Email string
	// OrganisationID is uuid.Nil for a user without an organisation.
	OrganisationID uuid.UUID
	Role           domain.Role
	CreatedAt      time.Time
	// ErasedAt is zero unless the user was erased.
	ErasedAt time.Time
	// LiveTokens counts the tokens that are not revoked.
	LiveTokens int
}

// Erased reports whether the user's personal data was erased.
func (u User) Erased() bool { return !u.ErasedAt.IsZero() }

const userColumns = `u.id, COALESCE(u.pseudonym, u.name), COALESCE(u.email, ''), u.organisation_id, u.role,
	u.created_at, u.erased_at,
	(SELECT count(*) FROM tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL)`

func scanUser(row pgx.Row) (User, error) {
	var (
		u        User
		org      *uuid.UUID
		role     string
		erasedAt *time.Time
	)
	if err := row.Scan(&u.ID, &u.Name, &u.Email, &org, &role, &u.CreatedAt, &erasedAt, &u.LiveTokens); err != nil {
		return User{}, err
	}
	u.Role = domain.Role(role)
	if org != nil {
		u.OrganisationID = *org
	}
	if erasedAt != nil {
		u.ErasedAt = *erasedAt
	}
	return u, nil
}

// List returns every user, erased ones included, oldest first.
func (s *Users) List(ctx context.Context) ([]User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.created_at, u.id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (User, error) { return scanUser(row) })
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}

// Get returns one user, or an error matching domain.ErrNotFound.
func (s *Users) Get(ctx context.Context, id uuid.UUID) (User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return User{}, domain.NotFound("user")
	case err != nil:
		return User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}
