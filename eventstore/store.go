package eventstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
)

// Topic is the Watermill topic every revision is published to.
const Topic = "events"

// Store appends to and reads from the events table.
type Store struct {
	pool     *pgxpool.Pool
	registry *domain.Registry
	schema   wsql.DefaultPostgreSQLSchema
}

// New returns a store over pool; registry names the event types it may
// write and decode. New installs the store's personal-data decryption as
// the registry's data filter: projections and everything else that decodes
// events must use this same registry (Store.Registry).
func New(pool *pgxpool.Pool, registry *domain.Registry) *Store {
	s := &Store{pool: pool, registry: registry}
	registry.UseDataFilter(s.openPersonal)
	return s
}

// Registry returns the event registry the store decodes with.
func (s *Store) Registry() *domain.Registry { return s.registry }

// Pool returns the connection pool (read models and projections share it).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// AppendRequest is one accepted command's events for one stream.
type AppendRequest struct {
	StreamType domain.SubjectType
	StreamID   uuid.UUID
	// ExpectedVersion is the stream version the events were decided on; 0
	// for a new stream.
	ExpectedVersion int
	// Revision is the revision this append makes: the stream's current
	// revision + 1.
	Revision int
	Events   []domain.Event
	Metadata Metadata
	// InputHash fingerprints the command's input, so that a repeated
	// commandId can be told from a reused one.
	InputHash []byte
}

// ErrStreamChanged means another writer appended to the stream since the
// events were decided; the caller reloads and decides again.
var ErrStreamChanged = errors.New("eventstore: stream changed concurrently")

// DuplicateCommandError means the command id was recorded before; Existing
// says by whom and with which result.
type DuplicateCommandError struct {
	Existing CommandRecord
}

func (e *DuplicateCommandError) Error() string {
	return fmt.Sprintf("eventstore: command %s already recorded", e.Existing.CommandID)
}

// Append stores the events of one revision, their idempotency record and
// the outbox message in a single transaction. The event rows are the
// transaction's first write: watermill-sql delivers in the order of each
// transaction's first write, and this keeps a stream's revisions in order.
//
// The positions are drawn from the log's sequence first, so that the
// outbox payload and the idempotency record can carry them; the writes then
// go to the server as one pipelined batch, which PostgreSQL runs as one
// implicit transaction: two round trips per append instead of five.
func (s *Store) Append(ctx context.Context, req AppendRequest) (Revision, error) {
	if len(req.Events) == 0 {
		return Revision{}, errors.New("eventstore: append without events")
	}
	rev, err := s.encode(ctx, req)
	if err != nil {
		return Revision{}, err
	}
	if err := s.allocatePositions(ctx, &rev); err != nil {
		return Revision{}, err
	}
	batch := &pgx.Batch{}
	queueEvents(batch, req, rev)
	batch.Queue(`
		INSERT INTO commands (command_id, actor_id, input_hash, stream_type, stream_id, revision, position, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		req.Metadata.CommandID, req.Metadata.ActorID, req.InputHash, string(req.StreamType), req.StreamID,
		req.Revision, rev.Position(), req.Metadata.RecordedAt)
	queueKeyDestruction(batch, req.StreamID, req.Events)
	if err := s.queueOutbox(batch, rev); err != nil {
		return Revision{}, err
	}
	err = s.sendBatch(ctx, batch)
	var existing *CommandRecord
	switch {
	case isUniqueViolation(err, "events_stream_version"):
		return Revision{}, ErrStreamChanged
	case isUniqueViolation(err, "commands_pkey"):
		if existing, err = s.LookupCommand(ctx, req.Metadata.CommandID); err != nil {
			return Revision{}, err
		}
		if existing == nil {
			// The twin that held the id rolled back meanwhile: try again.
			return Revision{}, ErrStreamChanged
		}
		return Revision{}, &DuplicateCommandError{Existing: *existing}
	case err != nil:
		return Revision{}, fmt.Errorf("eventstore: append: %w", err)
	}
	return rev, nil
}

// sendBatch runs every queued statement and reports the first failure; the
// batch's implicit transaction then rolls back as a whole.
func (s *Store) sendBatch(ctx context.Context, batch *pgx.Batch) error {
	results := s.pool.SendBatch(ctx, batch)
	for range batch.Len() {
		if _, err := results.Exec(); err != nil {
			results.Close()
			return err
		}
	}
	return results.Close()
}

// allocatePositions takes the revision's global positions from the events
// table's identity sequence. Taking a number writes nothing transactional,
// so the append's first write is still its first event row.
func (s *Store) allocatePositions(ctx context.Context, rev *Revision) error {
	rows, err := s.pool.Query(ctx,
		`SELECT nextval(pg_get_serial_sequence('events', 'position')) FROM generate_series(1, $1)`, len(rev.Events))
	if err != nil {
		return fmt.Errorf("eventstore: allocate positions: %w", err)
	}
	positions, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("eventstore: allocate positions: %w", err)
	}
	for i := range rev.Events {
		rev.Events[i].Position = positions[i]
	}
	return nil
}

func (s *Store) encode(ctx context.Context, req AppendRequest) (Revision, error) {
	rev := Revision{
		StreamType: req.StreamType,
		StreamID:   req.StreamID,
		Revision:   req.Revision,
		Metadata:   req.Metadata,
		Events:     make([]Record, len(req.Events)),
	}
	for i, e := range req.Events {
		version := s.registry.SchemaVersion(e.EventType())
		if version == 0 {
			return Revision{}, fmt.Errorf("eventstore: event type %q is not registered", e.EventType())
		}
		data, err := json.Marshal(e)
		if err != nil {
			return Revision{}, fmt.Errorf("eventstore: encode %s: %w", e.EventType(), err)
		}
		if personal, ok := e.(domain.PersonalEvent); ok {
			if data, err = s.sealPersonal(ctx, personal, data); err != nil {
				return Revision{}, fmt.Errorf("eventstore: encode %s: %w", e.EventType(), err)
			}
		}
		rev.Events[i] = Record{
			EventID:       uuid.Must(uuid.NewV7()),
			Version:       req.ExpectedVersion + i + 1,
			Type:          e.EventType(),
			SchemaVersion: version,
			Data:          data,
		}
	}
	return rev, nil
}

// queueEvents queues the event rows with their allocated positions.
func queueEvents(batch *pgx.Batch, req AppendRequest, rev Revision) {
	m := req.Metadata
	for _, rec := range rev.Events {
		batch.Queue(`
			INSERT INTO events (position, event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
			                    actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at)
			OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			rec.Position, rec.EventID, string(req.StreamType), req.StreamID, rec.Version, req.Revision, rec.Type, rec.SchemaVersion, rec.Data,
			m.ActorID, nullUUID(m.ActorOrganisationID), m.CommandID, nullUUID(m.CorrelationID), nullUUID(m.CausationID),
			m.Action, nullString(m.Reason), m.RecordedAt)
	}
}

// queueOutbox queues the revision's outbox message, written with
// watermill-sql's own PostgreSQL schema so its subscribers read it as if
// published through it.
func (s *Store) queueOutbox(batch *pgx.Batch, rev Revision) error {
	payload, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("encode outbox message: %w", err)
	}
	msg := message.NewMessage(rev.Events[0].EventID.String(), payload)
	if rev.CorrelationID != uuid.Nil {
		msg.Metadata.Set("correlation_id", rev.CorrelationID.String())
	}
	msg.Metadata.Set("stream_id", rev.StreamID.String())
	insert, err := s.schema.InsertQuery(wsql.InsertQueryParams{Topic: Topic, Msgs: message.Messages{msg}})
	if err != nil {
		return fmt.Errorf("outbox insert: %w", err)
	}
	batch.Queue(insert.Query, insert.Args...)
	return nil
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}

func nullUUID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
