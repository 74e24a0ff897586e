package discussions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Entry is one row of the activity feed, with its document's title.
type Entry struct {
	Seq                 int64
	Position            int64
	StreamID            uuid.UUID
	StreamType          string
	Revision            int
	Kind                string
	Action              string
	DocumentID          uuid.UUID
	DocumentType        string
	DocumentTitle       string
	ThreadID            *uuid.UUID
	ActorID             uuid.UUID
	ActorOrganisationID *uuid.UUID
	At                  time.Time
}

// FeedFilter narrows the activity feed. Every set field must hold.
type FeedFilter struct {
	// LocationID: documents about this location.
	LocationID *uuid.UUID
	// OrganisationID: documents this organisation is a partner of.
	OrganisationID *uuid.UUID
	// ActorOrganisationID: what people of this organisation did.
	ActorOrganisationID *uuid.UUID
	Kinds               []string
	// ExcludeActor leaves out what this person did (their own feed).
	ExcludeActor *uuid.UUID
	Since        *time.Time
	// DocumentID: one document's activity.
	DocumentID *uuid.UUID
	// Mentioning: only revisions that posted a message mentioning this
	// person.
	Mentioning *uuid.UUID
}

func (f FeedFilter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.LocationID != nil {
		add(`? = ANY(d.location_ids)`, *f.LocationID)
	}
	if f.OrganisationID != nil {
		add(`? = ANY(d.partner_ids)`, *f.OrganisationID)
	}
	if f.ActorOrganisationID != nil {
		add(`a.actor_organisation_id = ?`, *f.ActorOrganisationID)
	}
	if len(f.Kinds) > 0 {
		add(`a.kind = ANY(?)`, f.Kinds)
	}
	if f.ExcludeActor != nil {
		add(`a.actor_id <> ?`, *f.ExcludeActor)
	}
	if f.Since != nil {
		add(`a.at >= ?`, *f.Since)
	}
	if f.DocumentID != nil {
		add(`a.document_id = ?`, *f.DocumentID)
	}
	if f.Mentioning != nil {
		add(`EXISTS (SELECT 1 FROM `+Schema+`.messages m WHERE m.thread_id = a.thread_id AND m.position = a.position
			AND ? = ANY(m.mentions))`, *f.Mentioning)
	}
	if len(conds) == 0 {
		return "TRUE", args
	}
	return strings.Join(conds, " AND "), args
}

const entryFrom = ` FROM ` + Schema + `.activity a LEFT JOIN ` + Schema + `.documents d USING (document_id)`

const entrySelect = `SELECT a.seq, a.position, a.stream_id, a.stream_type, a.revision, a.kind, a.action, a.document_id,
	a.document_type, COALESCE(d.title, ''), a.thread_id, a.actor_id, a.actor_organisation_id, a.at` + entryFrom

func scanEntry(row pgx.CollectableRow) (*Entry, error) {
	var e Entry
	err := row.Scan(&e.Seq, &e.Position, &e.StreamID, &e.StreamType, &e.Revision, &e.Kind, &e.Action, &e.DocumentID,
		&e.DocumentType, &e.DocumentTitle, &e.ThreadID, &e.ActorID, &e.ActorOrganisationID, &e.At)
	return &e, err
}

// Feed returns up to limit entries newest first, before seq (0: from the
// newest), and how many match in all.
func (r *Reader) Feed(ctx context.Context, f FeedFilter, before int64, limit int) ([]*Entry, int, error) {
	where, args := f.where()
	var total int
	if err := r.pool.QueryRow(ctx, `SELECT count(*)`+entryFrom+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("discussions: count feed: %w", err)
	}
	if before > 0 {
		where += fmt.Sprintf(` AND a.seq < $%d`, len(args)+1)
		args = append(args, before)
	}
	args = append(args, limit)
	rows, err := r.pool.Query(ctx, entrySelect+` WHERE `+where+fmt.Sprintf(` ORDER BY a.seq DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("discussions: feed: %w", err)
	}
	entries, err := pgx.CollectRows(rows, scanEntry)
	return entries, total, err
}

// FeedAfter returns up to limit entries after seq, oldest first: what a
// subscription pushes.
func (r *Reader) FeedAfter(ctx context.Context, f FeedFilter, after int64, limit int) ([]*Entry, error) {
	where, args := f.where()
	args = append(args, after, limit)
	rows, err := r.pool.Query(ctx, entrySelect+` WHERE `+where+fmt.Sprintf(` AND a.seq > $%d ORDER BY a.seq LIMIT $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("discussions: feed after: %w", err)
	}
	return pgx.CollectRows(rows, scanEntry)
}

// LastSeq is the newest entry's seq (0 when the feed is empty).
func (r *Reader) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := r.pool.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM `+Schema+`.activity`).Scan(&seq)
	return seq, err
}

// Entry returns the feed's entry of a log position, nil when none.
func (r *Reader) Entry(ctx context.Context, position int64) (*Entry, error) {
	rows, err := r.pool.Query(ctx, entrySelect+` WHERE a.position = $1`, position)
	if err != nil {
		return nil, err
	}
	entries, err := pgx.CollectRows(rows, scanEntry)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	return entries[0], nil
}
