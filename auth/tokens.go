package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/creativeclusters/planner/domain"
)

// ErrUserErased refuses tokens for an erased user: erasure is final.
var ErrUserErased = domain.InvalidState("the user was erased")

// Token describes an issued token; the token itself is not kept.
type Token struct {
	ID        uuid.UUID
	UserID    uuid.UUID
	CreatedAt time.Time
	// RevokedAt is zero for a live token.
	RevokedAt time.Time
}

// querier is a pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// IssueToken issues another token for the user; the user's other tokens
// stay valid. The token is returned only here.
func (s *Users) IssueToken(ctx context.Context, userID uuid.UUID) (string, error) {
	var token string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		token, err = s.insertToken(ctx, tx, userID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	return token, nil
}

// insertToken stores a new token for a live user. It locks the user row
// (FOR SHARE), so that a concurrent Erase either sees this token and
// revokes it or makes this insert see the user erased.
func (s *Users) insertToken(ctx context.Context, q querier, userID uuid.UUID) (string, error) {
	var erased bool
	err := q.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM users WHERE id = $1 FOR SHARE`, userID).Scan(&erased)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", domain.NotFound("user")
	case err != nil:
		return "", err
	case erased:
		return "", ErrUserErased
	}
	token, hash := newToken()
	if _, err := q.Exec(ctx, `INSERT INTO tokens (id, user_id, hash, created_at) VALUES ($1, $2, $3, $4)`,
		s.newID(), userID, hash, s.now()); err != nil {
		return "", err
	}
	return token, nil
}

// Revoked reports what Revoke did.
type Revoked struct {
	// UserID is the user whose tokens were revoked.
	UserID uuid.UUID
	// Tokens counts the tokens that were live until now; 0 when id named
	// a token that was already revoked, or a user without live tokens.
	Tokens int
}

// Revoke revokes the token with the given id, or, when id names a user,
// every token of that user. Authentication checks every request against
// the database (cached for at most a second, and not across a revocation in
// this process), so the tokens fail from the next request on. Revoking a
// user does not stop an administrator from issuing it a new token; Erase
// does.
func (s *Users) Revoke(ctx context.Context, id uuid.UUID) (Revoked, error) {
	// Whatever was revoked, cached authentications made before are void,
	// in every instance.
	defer s.announceRevocation(ctx)
	now := s.now()
	var r Revoked
	err := s.pool.QueryRow(ctx, `
		WITH target AS (SELECT user_id, revoked_at FROM tokens WHERE id = $1),
		     done AS (UPDATE tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id)
		SELECT user_id, (SELECT count(*) FROM done) FROM target`, id, now).Scan(&r.UserID, &r.Tokens)
	switch {
	case err == nil:
		return r, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return r, fmt.Errorf("revoke token: %w", err)
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, id).Scan(&exists); err != nil {
		return r, fmt.Errorf("revoke user: %w", err)
	}
	if !exists {
		return r, domain.NotFound("user or token")
	}
	n, err := revokeUserTokens(ctx, s.pool, id, now)
	if err != nil {
		return r, fmt.Errorf("revoke user: %w", err)
	}
	return Revoked{UserID: id, Tokens: n}, nil
}

func revokeUserTokens(ctx context.Context, q querier, userID uuid.UUID, now time.Time) (int, error) {
	tag, err := q.Exec(ctx, `UPDATE tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, now)
	return int(tag.RowsAffected()), err
}

// Tokens lists a user's tokens, newest first, revoked ones included, so
// that one can be revoked by its id.
func (s *Users) Tokens(ctx context.Context, userID uuid.UUID) ([]Token, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, user_id, created_at, revoked_at FROM tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	tokens, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Token, error) {
		var t Token
		var revoked *time.Time
		err := row.Scan(&t.ID, &t.UserID, &t.CreatedAt, &revoked)
		if revoked != nil {
			t.RevokedAt = *revoked
		}
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return tokens, nil
}
