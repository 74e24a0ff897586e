package eventstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ThreeDotsLabs/watermill"
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

// Append stores the events of one revision and publishes them to the
// outbox in a single transaction. The event rows are the transaction's
// first write: watermill-sql delivers in the order of each transaction's
// first write, and this keeps a stream's revisions in order.
func (s *Store) Append(ctx context.Context, req AppendRequest) (Revision, error) {
	if len(req.Events) == 0 {
		return Revision{}, errors.New("eventstore: append without events")
	}
	rev, err := s.encode(ctx, req)
	if err != nil {
		return Revision{}, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := insertEvents(ctx, tx, req, &rev); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO commands (command_id, actor_id, input_hash, stream_type, stream_id, revision, position, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			req.Metadata.CommandID, req.Metadata.ActorID, req.InputHash, string(req.StreamType), req.StreamID,
			req.Revision, rev.Position(), req.Metadata.RecordedAt); err != nil {
			if isUniqueViolation(err, "commands_pkey") {
				return errDuplicateCommand
			}
			return fmt.Errorf("record command: %w", err)
		}
		if err := destroyKeys(ctx, tx, req.StreamID, req.Events); err != nil {
			return err
		}
		return s.publish(ctx, tx, rev)
	})
	switch {
	case errors.Is(err, errDuplicateCommand):
		existing, lookupErr := s.LookupCommand(ctx, req.Metadata.CommandID)
		if lookupErr != nil {
			return Revision{}, lookupErr
		}
		return Revision{}, &DuplicateCommandError{Existing: *existing}
	case err != nil:
		return Revision{}, err
	}
	return rev, nil
}

var errDuplicateCommand = errors.New("duplicate command")

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

// insertEvents writes all event rows in one statement and fills in their
// positions.
func insertEvents(ctx context.Context, tx pgx.Tx, req AppendRequest, rev *Revision) error {
	m := req.Metadata
	batch := &pgx.Batch{}
	for _, rec := range rev.Events {
		batch.Queue(`
			INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
			                    actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
			RETURNING position`,
			rec.EventID, string(req.StreamType), req.StreamID, rec.Version, req.Revision, rec.Type, rec.SchemaVersion, rec.Data,
			m.ActorID, nullUUID(m.ActorOrganisationID), m.CommandID, nullUUID(m.CorrelationID), nullUUID(m.CausationID),
			m.Action, nullString(m.Reason), m.RecordedAt)
	}
	results := tx.SendBatch(ctx, batch)
	for i := range rev.Events {
		if err := results.QueryRow().Scan(&rev.Events[i].Position); err != nil {
			results.Close()
			if isUniqueViolation(err, "events_stream_version") {
				return ErrStreamChanged
			}
			return fmt.Errorf("insert event: %w", err)
		}
	}
	return results.Close()
}

func (s *Store) publish(ctx context.Context, tx pgx.Tx, rev Revision) error {
	publisher, err := wsql.NewPublisher(wsql.TxFromPgx(tx), wsql.PublisherConfig{SchemaAdapter: s.schema}, watermill.NopLogger{})
	if err != nil {
		return fmt.Errorf("outbox publisher: %w", err)
	}
	payload, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("encode outbox message: %w", err)
	}
	msg := message.NewMessage(rev.Events[0].EventID.String(), payload)
	msg.SetContext(ctx)
	if rev.CorrelationID != uuid.Nil {
		msg.Metadata.Set("correlation_id", rev.CorrelationID.String())
	}
	msg.Metadata.Set("stream_id", rev.StreamID.String())
	if err := publisher.Publish(Topic, msg); err != nil {
		return fmt.Errorf("outbox publish: %w", err)
	}
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
