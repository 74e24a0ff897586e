package readmodel

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
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

// lastWriteSQL selects (position, applied) of the latest command of the
// actor in parameter actorParam, at most one row: applied tells whether
// every projection of schemas (each with a streams table of applied
// revisions) holds it. One lookup on the commands_actor_position index.
func lastWriteSQL(actorParam string, schemas []string) string {
	applied := "true"
	if len(schemas) > 0 {
		parts := make([]string, len(schemas))
		for i, s := range schemas {
			parts[i] = `COALESCE((SELECT s.revision FROM ` + pgx.Identifier{s}.Sanitize() +
				`.streams s WHERE s.stream_id = c.stream_id), 0) >= c.revision`
		}
		applied = strings.Join(parts, " AND ")
	}
	return `SELECT c.position, ` + applied + ` AS applied FROM commands c
		WHERE c.actor_id = ` + actorParam + ` ORDER BY c.position DESC LIMIT 1`
}

// LastWrite looks up the actor's latest command and whether the
// projections with the given schemas hold it, in one query: a read that
// finds it applied, which is the usual case, costs nothing more.
func (r *Reader) LastWrite(ctx context.Context, actor uuid.UUID, schemas []string) (LastWrite, error) {
	var w LastWrite
	err := r.pool.QueryRow(ctx, lastWriteSQL("$1", schemas), actor).Scan(&w.Position, &w.Applied)
	if errors.Is(err, pgx.ErrNoRows) {
		return LastWrite{Applied: true}, nil
	}
	if err != nil {
		return w, fmt.Errorf("last write of %s: %w", actor, err)
	}
	return w, nil
}

// SubjectAfterLastWrite is Subject and LastWrite in one statement, so in
// one round trip and one snapshot: the row it returns is as the read
// model held it when the actor's last write was looked up, so when
// w.Applied is set the row includes that write. A read that must see the
// actor's own writes uses the row only then; otherwise it waits for
// w.Position and reads again.
//
// found is false when the read model holds no subject with that id; the
// statement then returns no row, and w is unknown (the caller looks it up
// with LastWrite).
func (r *Reader) SubjectAfterLastWrite(ctx context.Context, id, actor uuid.UUID, schemas []string) (s *Subject, w LastWrite, found bool, err error) {
	rows, err := r.pool.Query(ctx, `SELECT `+subjectSelect+`, lw.position, lw.applied `+subjectFrom+`
		LEFT JOIN LATERAL (`+lastWriteSQL("$2", schemas)+`) lw ON true
		WHERE s.id = $1`, id, actor)
	if err != nil {
		return nil, w, false, fmt.Errorf("subject %s after the last write of %s: %w", id, actor, err)
	}
	var (
		position *int64
		applied  *bool
	)
	subjects, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Subject, error) {
		var s Subject
		var typ string
		err := row.Scan(&s.ID, &typ, &s.Revision, &s.Position, &s.State, &s.Title, &s.Status, &s.Kind, &s.Country,
			&s.PartnerIDs, &s.LocationIDs, &s.StrategyID, &s.CreatedAt, &s.CreatedBy, &s.UpdatedAt, &s.UpdatedBy,
			&position, &applied)
		s.Type = domain.SubjectType(typ)
		return &s, err
	})
	if err != nil {
		return nil, w, false, fmt.Errorf("subject %s after the last write of %s: %w", id, actor, err)
	}
	if len(subjects) == 0 {
		return nil, w, false, nil
	}
	w = LastWrite{Applied: true}
	if position != nil {
		w = LastWrite{Position: *position, Applied: applied != nil && *applied}
	}
	if err := r.redactSubjects(ctx, subjects); err != nil {
		return nil, w, false, err
	}
	return subjects[0], w, true, nil
}
