package eventstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

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
	pool *pgxpool.Pool
	// db runs the store's statements: the pool, or the transaction of a
	// locked stream (Lock).
	db       db
	lease    *lease
	notifier *notifier
	registry *domain.Registry
	schema   wsql.DefaultPostgreSQLSchema
	// unchained makes appends write the insert as it was before the hash
	// chain (a constant hash): the benchmark's "before" in the same run
	// (export_test.go). Never set outside that benchmark.
	unchained bool
}

// New returns a store over pool; registry names the event types it may
// write and decode. Stored events are decoded with a Decoder (Store.Decoder,
// or NewDecoder inside a transaction), which opens sealed personal data.
func New(pool *pgxpool.Pool, registry *domain.Registry) *Store {
	return &Store{pool: pool, db: pool, registry: registry, notifier: &notifier{pool: pool}}
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
	// Digest, when set, travels with the outbox message (Revision.Digest).
	Digest *domain.Digest
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
// The whole append is one pipelined batch, which PostgreSQL runs as one
// implicit transaction: one round trip. The positions are the events
// table's identity, assigned by the event inserts; the idempotency record
// takes the last of them from the session's sequence value, and the outbox
// payload is the revision's JSON with each event's position spliced in by
// the server (outboxSegments).
func (s *Store) Append(ctx context.Context, req AppendRequest) (Revision, error) {
	if len(req.Events) == 0 {
		return Revision{}, errors.New("eventstore: append without events")
	}
	rev, err := s.encode(ctx, req)
	if err != nil {
		return Revision{}, err
	}
	batch := &pgx.Batch{}
	lead := 0
	if s.lease == nil {
		// Waits while another process holds the stream (Lock).
		batch.Queue(`SELECT pg_advisory_xact_lock_shared($1)`, streamLockKey(req.StreamID))
		lead = 1
	} else if s.lease.stream != req.StreamID {
		return Revision{}, fmt.Errorf("eventstore: append to %s on the lock of %s", req.StreamID, s.lease.stream)
	}
	if s.unchained {
		queueUnchainedEvents(batch, req, rev)
	} else {
		queueEvents(batch, req, rev)
	}
	batch.Queue(`
		INSERT INTO commands (command_id, actor_id, input_hash, stream_type, stream_id, revision, position, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, currval(pg_get_serial_sequence('events', 'position')), $7)`,
		req.Metadata.CommandID, req.Metadata.ActorID, req.InputHash, string(req.StreamType), req.StreamID,
		req.Revision, req.Metadata.RecordedAt)
	queueKeyDestruction(batch, req.StreamID, req.Events)
	if err := s.queueOutbox(batch, req, rev); err != nil {
		return Revision{}, err
	}
	err = s.sendBatch(ctx, batch, lead, rev.Events)
	if s.lease != nil {
		err = s.lease.finish(ctx, err)
	}
	var existing *CommandRecord
	switch {
	case isUniqueViolation(err, "events_stream_version"), isMissingPredecessor(err):
		return Revision{}, ErrStreamChanged
	case isUniqueViolation(err, "commands_pkey"):
		// On the pool: a locked stream's transaction ended with the error.
		if existing, err = scanCommand(s.pool.QueryRow(ctx, lookupCommandQuery, req.Metadata.CommandID)); err != nil {
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
	s.notifier.appended()
	return rev, nil
}

// sendBatch runs every queued statement, the event inserts after the lead
// statements, whose returned positions it stores in events, and reports
// the first failure; the batch's implicit transaction then rolls back as a
// whole.
func (s *Store) sendBatch(ctx context.Context, batch *pgx.Batch, lead int, events []Record) error {
	results := s.db.SendBatch(ctx, batch)
	for i := range batch.Len() {
		var err error
		if k := i - lead; k >= 0 && k < len(events) {
			err = results.QueryRow().Scan(&events[k].Position, &events[k].Hash)
		} else {
			_, err = results.Exec()
		}
		if err != nil {
			_ = results.Close() // the statement's error is the one to report
			return err
		}
	}
	return results.Close()
}

func (s *Store) encode(ctx context.Context, req AppendRequest) (Revision, error) {
	rev := Revision{
		StreamType: req.StreamType,
		StreamID:   req.StreamID,
		Revision:   req.Revision,
		Metadata:   req.Metadata,
		Events:     make([]Record, len(req.Events)),
		Digest:     req.Digest,
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

// queueEvents queues the event rows, in version order: the positions the
// identity assigns then grow with the version. Each row's chain hash
// (chain.go) is finished by the server from the header digest computed
// here, the data as jsonb prints it and the previous row's hash, found by
// the (stream_id, version) index; a previous row that does not exist
// leaves the hash NULL, which the NOT NULL constraint refuses.
func queueEvents(batch *pgx.Batch, req AppendRequest, rev Revision) {
	m := req.Metadata
	for _, rec := range rev.Events {
		row := chainRow(string(req.StreamType), req.StreamID, req.Revision, rec, m)
		header := row.HeaderDigest()
		batch.Queue(`
			INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
			                    actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
			        sha256(CASE WHEN $4 = 1 THEN '\x`+zeroHashHex+`'::bytea
			                    ELSE (SELECT p.hash FROM events p WHERE p.stream_id = $3 AND p.version = $4 - 1) END
			               || $17::bytea || sha256(convert_to($8::jsonb::text, 'UTF8'))))
			RETURNING position, hash`,
			rec.EventID, string(req.StreamType), req.StreamID, rec.Version, req.Revision, rec.Type, rec.SchemaVersion, rec.Data,
			m.ActorID, nullUUID(m.ActorOrganisationID), m.CommandID, nullUUID(m.CorrelationID), nullUUID(m.CausationID),
			m.Action, nullString(m.Reason), m.RecordedAt, header[:])
	}
}

// queueUnchainedEvents is the insert as it was before the chain, with
// a constant hash; see Store.unchained.
func queueUnchainedEvents(batch *pgx.Batch, req AppendRequest, rev Revision) {
	m := req.Metadata
	for _, rec := range rev.Events {
		batch.Queue(`
			INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
			                    actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, '\x`+zeroHashHex+`')
			RETURNING position, hash`,
			rec.EventID, string(req.StreamType), req.StreamID, rec.Version, req.Revision, rec.Type, rec.SchemaVersion, rec.Data,
			m.ActorID, nullUUID(m.ActorOrganisationID), m.CommandID, nullUUID(m.CorrelationID), nullUUID(m.CausationID),
			m.Action, nullString(m.Reason), m.RecordedAt)
	}
}

// queueOutbox queues the revision's outbox message into watermill-sql's
// own PostgreSQL table and columns, so its subscribers read it as if
// published through it. The payload's positions are not known yet: the
// server joins the payload's segments with the positions its event
// inserts just assigned (event k has version ExpectedVersion+k).
func (s *Store) queueOutbox(batch *pgx.Batch, req AppendRequest, rev Revision) error {
	segments, err := outboxSegments(rev)
	if err != nil {
		return fmt.Errorf("encode outbox message: %w", err)
	}
	msg := message.NewMessage(rev.Events[0].EventID.String(), nil)
	if rev.CorrelationID != uuid.Nil {
		msg.Metadata.Set("correlation_id", rev.CorrelationID.String())
	}
	msg.Metadata.Set("stream_id", rev.StreamID.String())
	metadata, err := json.Marshal(msg.Metadata)
	if err != nil {
		return fmt.Errorf("encode outbox metadata: %w", err)
	}
	batch.Queue(`
		INSERT INTO `+s.schema.MessagesTable(Topic)+` (uuid, payload, metadata, transaction_id)
		SELECT $1, string_agg(p.segment || COALESCE(e.position::text, ''), '' ORDER BY p.k)::json, $3, pg_current_xact_id()
		FROM unnest($2::text[]) WITH ORDINALITY AS p(segment, k)
		LEFT JOIN events e ON p.k <= $6 AND e.stream_id = $4 AND e.version = $5 + p.k`,
		msg.UUID, segments, metadata, rev.StreamID, req.ExpectedVersion, len(rev.Events))
	return nil
}

// outboxSegments encodes rev with a placeholder for each event's position
// and cuts the JSON after each `"position":`: len(rev.Events)+1 segments,
// the k-th followed by the k-th event's position. The placeholders are
// random 18-digit numbers, drawn again in the unthinkable case that one
// also occurs elsewhere in the payload.
func outboxSegments(rev Revision) ([]string, error) {
	rev.Events = slices.Clone(rev.Events)
	for range 3 {
		digits := make([]string, len(rev.Events))
		for i := range rev.Events {
			rev.Events[i].Position = 100_000_000_000_000_000 + rand.Int64N(800_000_000_000_000_000)
			digits[i] = strconv.FormatInt(rev.Events[i].Position, 10)
		}
		payload, err := json.Marshal(rev)
		if err != nil {
			return nil, err
		}
		text := string(payload)
		segments := make([]string, 0, len(rev.Events)+1)
		for _, d := range digits {
			if strings.Count(string(payload), d) != 1 {
				break
			}
			before, after, found := strings.Cut(text, `"position":`+d)
			if !found {
				break
			}
			segments = append(segments, before+`"position":`)
			text = after
		}
		if len(segments) == len(rev.Events) {
			return append(segments, text), nil
		}
	}
	return nil, errors.New("no unique position placeholders")
}

// isMissingPredecessor reports an append whose previous version is not
// (yet) committed: its chain hash had nothing to chain to (queueEvents).
// Only a writer that decided on a version it never read gets here; like a
// taken version, the stream changed under it.
func isMissingPredecessor(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23502" && pgErr.TableName == "events" && pgErr.ColumnName == "hash"
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
