package discussions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Reader serves the discussions read model and the read marks.
type Reader struct {
	pool *pgxpool.Pool
}

// NewReader returns a Reader on pool.
func NewReader(pool *pgxpool.Pool) *Reader { return &Reader{pool: pool} }

func scanModel(row pgx.CollectableRow) (*Model, error) {
	var raw []byte
	if err := row.Scan(&raw); err != nil {
		return nil, err
	}
	m := &Model{}
	if err := json.Unmarshal(raw, m); err != nil {
		return nil, fmt.Errorf("discussions: decode thread: %w", err)
	}
	return m, nil
}

// Thread returns one thread, nil when the read model has none with id.
func (r *Reader) Thread(ctx context.Context, id uuid.UUID) (*Model, error) {
	rows, err := r.pool.Query(ctx, `SELECT state FROM `+Schema+`.threads WHERE thread_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("discussions: thread: %w", err)
	}
	m, err := pgx.CollectOneRow(rows, scanModel)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return m, err
}

// ThreadFilter selects threads of one document.
type ThreadFilter struct {
	DocumentID uuid.UUID
	ItemKey    *uuid.UUID
	Status     string
}

// ThreadCursor is a position in the newest-first list of threads.
type ThreadCursor struct {
	StartedAt time.Time
	ID        uuid.UUID
}

// Encode renders the cursor for clients.
func (c ThreadCursor) Encode() string {
	return "t:" + strconv.FormatInt(c.StartedAt.UnixMicro(), 10) + ":" + c.ID.String()
}

// ParseThreadCursor reads an Encode result.
func ParseThreadCursor(s string) (ThreadCursor, error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] != "t" {
		return ThreadCursor{}, errors.New("not a discussions cursor")
	}
	micros, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return ThreadCursor{}, errors.New("not a discussions cursor")
	}
	id, err := uuid.Parse(parts[2])
	if err != nil {
		return ThreadCursor{}, errors.New("not a discussions cursor")
	}
	return ThreadCursor{StartedAt: time.UnixMicro(micros).UTC(), ID: id}, nil
}

// Threads returns up to limit threads of a document, newest first, after
// the cursor (nil: from the start), and how many match in all.
func (r *Reader) Threads(ctx context.Context, f ThreadFilter, after *ThreadCursor, limit int) ([]*Model, int, error) {
	where := ` WHERE document_id = $1 AND ($2::uuid IS NULL OR item_key = $2) AND ($3 = '' OR status = $3)`
	args := []any{f.DocumentID, f.ItemKey, f.Status}
	var total int
	if err := r.pool.QueryRow(ctx, `SELECT count(*) FROM `+Schema+`.threads`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("discussions: count threads: %w", err)
	}
	page := where
	if after != nil {
		page += ` AND (started_at, thread_id) < ($5, $6)`
		args = append(args, limit, after.StartedAt, after.ID)
	} else {
		args = append(args, limit)
	}
	rows, err := r.pool.Query(ctx, `SELECT state FROM `+Schema+`.threads`+page+` ORDER BY started_at DESC, thread_id DESC LIMIT $4`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("discussions: threads: %w", err)
	}
	threads, err := pgx.CollectRows(rows, scanModel)
	return threads, total, err
}

// Unread is a person's unread discussion messages of one document.
type Unread struct {
	DocumentID uuid.UUID
	// Messages by others posted after the person's read mark, not deleted
	// or hidden; Mentions those of them that mention the person.
	Messages, Mentions int
}

// Unread counts person's unread messages per document (documents nil:
// every document with some), documents with none left out.
func (r *Reader) Unread(ctx context.Context, person uuid.UUID, documents []uuid.UUID) ([]Unread, error) {
	rows, err := r.pool.Query(ctx, `SELECT m.document_id, count(*), count(*) FILTER (WHERE $1 = ANY(m.mentions))
		FROM `+Schema+`.messages m
		LEFT JOIN discussion_reads r ON r.person_id = $1 AND r.document_id = m.document_id
		WHERE m.author_id <> $1 AND NOT m.deleted AND NOT m.hidden AND m.position > COALESCE(r.read_position, 0)
			AND ($2::uuid[] IS NULL OR m.document_id = ANY($2))
		GROUP BY m.document_id ORDER BY m.document_id`, person, documents)
	if err != nil {
		return nil, fmt.Errorf("discussions: unread: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Unread, error) {
		var u Unread
		err := row.Scan(&u.DocumentID, &u.Messages, &u.Mentions)
		return u, err
	})
}

// MarkRead moves person's read mark of a document to upTo (0: the newest
// message the read model holds). A mark never moves back: two clients of
// one person marking at once keep the further one. It returns the mark.
func (r *Reader) MarkRead(ctx context.Context, person, document uuid.UUID, upTo int64, at time.Time) (int64, error) {
	var mark int64
	err := r.pool.QueryRow(ctx, `INSERT INTO discussion_reads AS d (person_id, document_id, read_position, read_at)
		SELECT $1, $2, CASE WHEN $3::bigint > 0 THEN $3::bigint ELSE
			(SELECT COALESCE(max(position), 0) FROM `+Schema+`.messages WHERE document_id = $2) END, $4
		ON CONFLICT (person_id, document_id) DO UPDATE
			SET read_position = GREATEST(d.read_position, excluded.read_position), read_at = excluded.read_at
		RETURNING read_position`, person, document, upTo, at).Scan(&mark)
	if err != nil {
		return 0, fmt.Errorf("discussions: mark read: %w", err)
	}
	return mark, nil
}
