package integrity

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/eventstore"
)

// hash is a chain or checkpoint hash.
type hash = [eventstore.HashSize]byte

// storedRow is one event row as verify reads it, with its two digests.
type storedRow struct {
	position int64
	row      eventstore.ChainRow
	stored   []byte
	header   hash
	data     hash
}

// linksAfter reports whether the row, claimed to be at version, follows
// prev in its chain.
func (r *storedRow) linksAfter(prev hash, version int64) bool {
	header := r.header
	if version != r.row.Version {
		row := r.row
		row.Version = version
		header = row.HeaderDigest()
	}
	got := eventstore.Link(prev, header, r.data)
	return string(got[:]) == string(r.stored)
}

func (r *storedRow) storedHash() hash {
	var h hash
	copy(h[:], r.stored)
	return h
}

// rowColumns are read in this order by scanRow.
const rowColumns = `position, stream_type, stream_id, version, revision, event_id, event_type, schema_version,
	actor_id, actor_organisation_id, command_id, correlation_id, causation_id, action, reason, recorded_at, data, hash`

// rowScanner scans rows into one reused storedRow.
type rowScanner struct {
	r                 storedRow
	org, corr, caus   *uuid.UUID
	version, revision int32
	schemaVersion     int32
	dest              []any
}

func newRowScanner() *rowScanner {
	s := &rowScanner{}
	r := &s.r.row
	s.dest = []any{&s.r.position, &r.StreamType, &r.StreamID, &s.version, &s.revision, &r.EventID, &r.EventType,
		&s.schemaVersion, &r.ActorID, &s.org, &r.CommandID, &s.corr, &s.caus, &r.Action, &r.Reason, &r.RecordedAt,
		&r.Data, &s.r.stored}
	return s
}

// scan reads the current row and computes its digests.
func (s *rowScanner) scan(rows pgx.Rows) (*storedRow, error) {
	s.org, s.corr, s.caus = nil, nil, nil
	if err := rows.Scan(s.dest...); err != nil {
		return nil, fmt.Errorf("read event: %w", err)
	}
	return s.finish(), nil
}

// finish completes the row just scanned into s.dest.
func (s *rowScanner) finish() *storedRow {
	r := &s.r.row
	r.Version, r.Revision, r.SchemaVersion = int64(s.version), int64(s.revision), int64(s.schemaVersion)
	r.ActorOrganisationID, r.CorrelationID, r.CausationID = deref(s.org), deref(s.corr), deref(s.caus)
	s.r.header = r.HeaderDigest()
	s.r.data = sha256.Sum256(r.Data)
	return &s.r
}

func deref(id *uuid.UUID) uuid.UUID {
	if id == nil {
		return uuid.Nil
	}
	return *id
}

// readStream returns one stream's rows in version order, copied.
func readStream(ctx context.Context, q querier, stream uuid.UUID) ([]storedRow, error) {
	rows, err := q.Query(ctx, `SELECT `+rowColumns+` FROM events WHERE stream_id = $1 ORDER BY version, position`, stream)
	if err != nil {
		return nil, fmt.Errorf("read stream %s: %w", stream, err)
	}
	defer rows.Close()
	var out []storedRow
	s := newRowScanner()
	for rows.Next() {
		r, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		c := *r
		c.row.Data = append([]byte(nil), r.row.Data...)
		c.stored = append([]byte(nil), r.stored...)
		if r.row.Reason != nil {
			reason := *r.row.Reason
			c.row.Reason = &reason
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
