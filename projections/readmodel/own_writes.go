package readmodel

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// LastWrite is an actor's latest accepted command as the idempotency
// records know it, whichever instance accepted it.
type LastWrite struct {
	// Position is a log position of the command's revision; 0 when the
	// actor never wrote.
	Position int64
	// Applied tells whether every projection of schemas already holds it.
	Applied bool
}

// LastWrite looks up the actor's latest command and whether the
// projections with the given schemas (each with a streams table of applied
// revisions) hold it, in one query on the commands_actor_position index:
// a read that finds it applied, which is the usual case, costs nothing
// more.
func (r *Reader) LastWrite(ctx context.Context, actor uuid.UUID, schemas []string) (LastWrite, error) {
	applied := "true"
	if len(schemas) > 0 {
		parts := make([]string, len(schemas))
		for i, s := range schemas {
			parts[i] = `COALESCE((SELECT s.revision FROM ` + pgx.Identifier{s}.Sanitize() +
				`.streams s WHERE s.stream_id = c.stream_id), 0) >= c.revision`
		}
		applied = strings.Join(parts, " AND ")
	}
	var w LastWrite
	err := r.pool.QueryRow(ctx, `SELECT c.position, `+applied+` FROM commands c
		WHERE c.actor_id = $1 ORDER BY c.position DESC LIMIT 1`, actor).Scan(&w.Position, &w.Applied)
	if errors.Is(err, pgx.ErrNoRows) {
		return LastWrite{Applied: true}, nil
	}
	if err != nil {
		return w, fmt.Errorf("last write of %s: %w", actor, err)
	}
	return w, nil
}
