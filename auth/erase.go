package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// pseudonymAttempts bounds the retries when a new pseudonym is taken; four
// random hex digits collide rarely among the erased users of one network.
const pseudonymAttempts = 8

// Erase deletes the user's personal data (name and email) for good and
// revokes its tokens. The id stays, so the user's revisions stay attributed,
// from now on to a pseudonym such as "Former user 3f2a…". Erasing an erased
// user changes nothing.
func (s *Users) Erase(ctx context.Context, userID uuid.UUID) error {
	defer s.announceRevocation(ctx)
	for attempt := 1; ; attempt++ {
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.erase(ctx, tx, userID) })
		if isUniqueViolation(err, "users_pseudonym") && attempt < pseudonymAttempts {
			continue
		}
		if err != nil {
			return fmt.Errorf("erase user: %w", err)
		}
		return nil
	}
}

func (s *Users) erase(ctx context.Context, tx pgx.Tx, userID uuid.UUID) error {
	var erased bool
	err := tx.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&erased)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return domain.NotFound("user")
	case err != nil:
		return err
	case erased:
		return nil
	}
	now := s.now()
	if _, err := tx.Exec(ctx, `
		UPDATE users SET name = NULL, email = NULL, erased_at = $2, pseudonym = $3 WHERE id = $1`,
		userID, now, newPseudonym()); err != nil {
		return err
	}
	_, err = revokeUserTokens(ctx, tx, userID, now)
	return err
}

// newPseudonym is random rather than derived from the id: the first digits
// of a UUIDv7 are its timestamp and would be alike for most users.
func newPseudonym() string {
	b := make([]byte, 2)
	_, _ = rand.Read(b)
	return "Former user " + hex.EncodeToString(b) + "…"
}
