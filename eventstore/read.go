package eventstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// CommandRecord is the idempotency record of an accepted command.
type CommandRecord struct {
	CommandID  uuid.UUID
	ActorID    uuid.UUID
	InputHash  []byte
	StreamType domain.SubjectType
	StreamID   uuid.UUID
	Revision   int
	Position   int64
}

// LookupCommand returns the record of commandID, or nil when it was never
// accepted.
func (s *Store) LookupCommand(ctx context.Context, commandID uuid.UUID) (*CommandRecord, error) {
	return scanCommand(s.db.QueryRow(ctx, lookupCommandQuery, commandID))
}

const lookupCommandQuery = `
	SELECT command_id, actor_id, input_hash, stream_type, stream_id, revision, position
	FROM commands WHERE command_id = $1`

func scanCommand(row pgx.Row) (*CommandRecord, error) {
	var c CommandRecord
	var streamType string
	err := row.Scan(&c.CommandID, &c.ActorID, &c.InputHash, &streamType, &c.StreamID, &c.Revision, &c.Position)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lookup command: %w", err)
	}
	c.StreamType = domain.SubjectType(streamType)
	return &c, nil
}

// StreamType returns the type of the stream with the given id; ok is false
// when no such stream exists.
func (s *Store) StreamType(ctx context.Context, id uuid.UUID) (t domain.SubjectType, ok bool, err error) {
	var name string
	err = s.db.QueryRow(ctx, `SELECT stream_type FROM events WHERE stream_id = $1 AND version = 1`, id).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("stream type: %w", err)
	}
	return domain.SubjectType(name), true, nil
}

// StreamTypes returns the types of those of ids that name a stream, in one
// query however many ids there are.
func (s *Store) StreamTypes(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]domain.SubjectType, error) {
	rows, err := s.db.Query(ctx, `
		SELECT e.stream_id, e.stream_type FROM events e
		WHERE e.stream_id = ANY($1::uuid[]) AND e.version = 1`, ids)
	if err != nil {
		return nil, fmt.Errorf("stream types: %w", err)
	}
	defer rows.Close()
	types := make(map[uuid.UUID]domain.SubjectType, len(ids))
	for rows.Next() {
		var id uuid.UUID
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("stream types: %w", err)
		}
		types[id] = domain.SubjectType(name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stream types: %w", err)
	}
	return types, nil
}

// Head returns the highest position in the log (0 when empty). Positions are
// assigned at insert, so a lower one may still commit later.
func (s *Store) Head(ctx context.Context) (int64, error) {
	var head int64
	err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(position), 0) FROM events`).Scan(&head)
	return head, err
}

// RevisionAt returns the last revision of the stream recorded at or before
// instant, 0 when there is none.
func (s *Store) RevisionAt(ctx context.Context, streamID uuid.UUID, instant time.Time) (int, error) {
	var rev int
	err := s.db.QueryRow(ctx, `
		SELECT COALESCE(MAX(revision), 0) FROM events WHERE stream_id = $1 AND recorded_at <= $2`,
		streamID, instant).Scan(&rev)
	if err != nil {
		return 0, fmt.Errorf("revision at instant: %w", err)
	}
	return rev, nil
}

const revisionColumns = `position, event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
	actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at, hash`

// ReadRevisions returns the revisions of a stream from fromRevision to
// toRevision inclusive (toRevision 0: to the end), oldest first.
func (s *Store) ReadRevisions(ctx context.Context, streamID uuid.UUID, fromRevision, toRevision int) ([]Revision, error) {
	if toRevision == 0 {
		toRevision = int(^uint32(0) >> 1)
	}
	rows, err := s.db.Query(ctx, `SELECT `+revisionColumns+` FROM events
		WHERE stream_id = $1 AND revision BETWEEN $2 AND $3 ORDER BY version`, streamID, fromRevision, toRevision)
	if err != nil {
		return nil, fmt.Errorf("read stream: %w", err)
	}
	return groupRevisions(rows)
}

// Cursor is a place in the log walked stream by stream: rebuilds need
// every stream in order, not the streams interleaved in commit order.
type Cursor struct {
	StreamID uuid.UUID
	Version  int
}

// Querier is what reading needs: a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// ReadAll returns about limit events after the cursor as whole revisions,
// stream by stream, each stream in order, and the cursor to continue from
// (unchanged when the log is exhausted). Rebuilds walk the log with it.
func ReadAll(ctx context.Context, q Querier, after Cursor, limit int) ([]Revision, Cursor, error) {
	rows, err := q.Query(ctx, `SELECT `+revisionColumns+` FROM events
		WHERE (stream_id, version) > ($1, $2) ORDER BY stream_id, version LIMIT $3`,
		after.StreamID, after.Version, limit)
	if err != nil {
		return nil, after, fmt.Errorf("read log: %w", err)
	}
	revs, err := groupRevisions(rows)
	if err != nil || len(revs) == 0 {
		return nil, after, err
	}
	// The page may end inside a revision: complete it.
	last := &revs[len(revs)-1]
	lastVersion := last.Events[len(last.Events)-1].Version
	rows, err = q.Query(ctx, `SELECT `+revisionColumns+` FROM events
		WHERE stream_id = $1 AND revision = $2 AND version > $3 ORDER BY version`,
		last.StreamID, last.Revision, lastVersion)
	if err != nil {
		return nil, after, fmt.Errorf("read log: %w", err)
	}
	rest, err := groupRevisions(rows)
	if err != nil {
		return nil, after, err
	}
	if len(rest) == 1 {
		last.Events = append(last.Events, rest[0].Events...)
	}
	return revs, Cursor{StreamID: last.StreamID, Version: last.Events[len(last.Events)-1].Version}, nil
}

// ReadStreamFrom returns the revisions of one stream after revision after,
// on a given querier; projections fill gaps with it.
func ReadStreamFrom(ctx context.Context, q Querier, streamID uuid.UUID, after, upTo int) ([]Revision, error) {
	rows, err := q.Query(ctx, `SELECT `+revisionColumns+` FROM events
		WHERE stream_id = $1 AND revision > $2 AND revision <= $3 ORDER BY version`, streamID, after, upTo)
	if err != nil {
		return nil, fmt.Errorf("read stream: %w", err)
	}
	return groupRevisions(rows)
}

func groupRevisions(rows pgx.Rows) ([]Revision, error) {
	defer rows.Close()
	var (
		out []Revision
		ev  nullableEvent
	)
	dest := ev.dest()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		out = ev.appendTo(out)
	}
	return out, rows.Err()
}

// nullableEvent is one row of revisionColumns; every column may be NULL so
// that the same scan serves loadQuery, whose snapshot row has no event.
type nullableEvent struct {
	position                              *int64
	eventID, streamID, actorID, commandID *uuid.UUID
	streamType, eventType, action         *string
	version, revision, schemaVersion      *int
	data                                  []byte
	org, correlation, causation           *uuid.UUID
	reason                                *string
	recordedAt                            *time.Time
	hash                                  []byte
}

func (e *nullableEvent) dest() []any {
	return []any{&e.position, &e.eventID, &e.streamType, &e.streamID, &e.version, &e.revision, &e.eventType,
		&e.schemaVersion, &e.data, &e.actorID, &e.org, &e.commandID, &e.correlation, &e.causation, &e.action, &e.reason, &e.recordedAt, &e.hash}
}

// appendTo adds the scanned event to out: to the last revision when it is
// of the same stream and revision, else as a new revision.
func (e *nullableEvent) appendTo(out []Revision) []Revision {
	rec := Record{
		Position: *e.position, EventID: *e.eventID, Version: *e.version, Type: *e.eventType,
		SchemaVersion: *e.schemaVersion, Data: json.RawMessage(e.data), Hash: bytes.Clone(e.hash),
	}
	streamID, revision := *e.streamID, *e.revision
	if n := len(out); n > 0 && out[n-1].StreamID == streamID && out[n-1].Revision == revision {
		out[n-1].Events = append(out[n-1].Events, rec)
		return out
	}
	return append(out, Revision{
		StreamType: domain.SubjectType(*e.streamType),
		StreamID:   streamID,
		Revision:   revision,
		Metadata: Metadata{
			ActorID: *e.actorID, ActorOrganisationID: deref(e.org), CommandID: *e.commandID,
			CorrelationID: deref(e.correlation), CausationID: deref(e.causation),
			Action: *e.action, Reason: derefString(e.reason), RecordedAt: *e.recordedAt,
		},
		Events: []Record{rec},
	})
}

func deref(id *uuid.UUID) uuid.UUID {
	if id == nil {
		return uuid.Nil
	}
	return *id
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
