package eventstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// StreamKind describes one aggregate type to the store.
type StreamKind[S domain.Aggregate] struct {
	Type domain.SubjectType
	// New returns the empty state a stream starts from.
	New func() S
	// StateVersion must change whenever the JSON shape of S changes, so
	// that snapshots of an older shape are ignored (they are then rebuilt
	// from events).
	StateVersion int
}

// Loaded is a stream's state at some revision.
type Loaded[S domain.Aggregate] struct {
	State S
	// Revision and Version are 0 for a stream with no events.
	Revision int
	Version  int
}

// Load returns the state of a stream at revision upTo (0: the latest),
// starting from the newest usable snapshot and applying the events after
// it, so the cost is bounded by the snapshot interval, not the history.
// The snapshot and the events after it come in one statement: one round
// trip, and one consistent view of both.
func Load[S domain.Aggregate](ctx context.Context, s *Store, kind StreamKind[S], id uuid.UUID, upTo int) (Loaded[S], error) {
	rows, err := s.db.Query(ctx, loadQuery, loadArgs(kind, id, upTo)...)
	if err != nil {
		return Loaded[S]{State: kind.New()}, fmt.Errorf("load %s: %w", id, err)
	}
	return collectLoaded(ctx, s, kind, id, rows)
}

// LoadForCommand returns, in one round trip, the idempotency record of
// commandID (nil when the command is new) and the latest state of the
// stream the command is about.
func LoadForCommand[S domain.Aggregate](ctx context.Context, s *Store, kind StreamKind[S], id, commandID uuid.UUID) (*CommandRecord, Loaded[S], error) {
	batch := &pgx.Batch{}
	batch.Queue(lookupCommandQuery, commandID)
	batch.Queue(loadQuery, loadArgs(kind, id, 0)...)
	results := s.db.SendBatch(ctx, batch)
	// Both results are read and their errors returned; Close adds nothing.
	defer func() { _ = results.Close() }()
	rec, err := scanCommand(results.QueryRow())
	if err != nil {
		return nil, Loaded[S]{State: kind.New()}, err
	}
	rows, err := results.Query()
	if err != nil {
		return nil, Loaded[S]{State: kind.New()}, fmt.Errorf("load %s: %w", id, err)
	}
	loaded, err := collectLoaded(ctx, s, kind, id, rows)
	return rec, loaded, err
}

// loadQuery returns the newest usable snapshot at or below the bound (part
// 0, at most one row) and then every event after it up to the bound (part
// 1, in version order). "Latest" is the largest revision, not a special
// case in SQL: a prepared statement's generic plan can then use the bound
// in the index.
const loadQuery = `
	WITH snap AS (
		SELECT revision, version, state FROM snapshots
		WHERE stream_id = $1 AND revision <= $2 AND state_version = $3
		  AND EXISTS (SELECT 1 FROM events e WHERE e.stream_id = $1 AND e.version = 1 AND e.stream_type = $4)
		ORDER BY revision DESC LIMIT 1)
	SELECT 0 AS part, revision AS snap_revision, version AS snap_version, state,
		NULL::bigint AS position, NULL::uuid, NULL::text, NULL::uuid, NULL::int AS version, NULL::int, NULL::text, NULL::int, NULL::jsonb,
		NULL::uuid, NULL::uuid, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text, NULL::text, NULL::timestamptz, NULL::bytea
	FROM snap
	UNION ALL
	SELECT 1, NULL, NULL, NULL, ` + revisionColumns + `
	FROM events
	WHERE stream_id = $1 AND revision <= $2 AND revision > COALESCE((SELECT revision FROM snap), 0)
	ORDER BY part, version`

func loadArgs[S domain.Aggregate](kind StreamKind[S], id uuid.UUID, upTo int) []any {
	bound := upTo
	if bound == 0 {
		bound = math.MaxInt32
	}
	return []any{id, bound, kind.StateVersion, string(kind.Type)}
}

// collectLoaded reads loadQuery's rows: the snapshot, if any, then the
// revisions to apply on top of it.
func collectLoaded[S domain.Aggregate](ctx context.Context, s *Store, kind StreamKind[S], id uuid.UUID, rows pgx.Rows) (Loaded[S], error) {
	defer rows.Close()
	loaded := Loaded[S]{State: kind.New()}
	var (
		revs    []Revision
		part    int
		snapRev *int
		snapVer *int
		state   []byte
		ev      nullableEvent
	)
	dest := append([]any{&part, &snapRev, &snapVer, &state}, ev.dest()...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return loaded, fmt.Errorf("load %s: %w", id, err)
		}
		if part == 0 {
			if err := json.Unmarshal(state, loaded.State); err != nil {
				return loaded, fmt.Errorf("decode snapshot of %s: %w", id, err)
			}
			loaded.Revision, loaded.Version = *snapRev, *snapVer
			continue
		}
		revs = ev.appendTo(revs)
	}
	if err := rows.Err(); err != nil {
		return loaded, fmt.Errorf("load %s: %w", id, err)
	}
	for _, rev := range revs {
		if rev.StreamType != kind.Type {
			return loaded, fmt.Errorf("load %s: stream is a %s: %w", kind.Type, rev.StreamType, domain.NotFound(string(kind.Type)))
		}
		if err := s.Decoder().Apply(ctx, loaded.State, rev); err != nil {
			return loaded, err
		}
		loaded.Revision = rev.Revision
		loaded.Version = rev.Events[len(rev.Events)-1].Version
	}
	return loaded, nil
}

// SaveSnapshot stores a stream's state at a revision. Snapshots are derived
// data: a lost one costs a longer load, never a wrong one.
func SaveSnapshot[S domain.Aggregate](ctx context.Context, s *Store, kind StreamKind[S], id uuid.UUID, loaded Loaded[S]) error {
	state, err := json.Marshal(loaded.State)
	if err != nil {
		return fmt.Errorf("encode snapshot: %w", err)
	}
	_, err = s.pool.Exec(ctx, `
		INSERT INTO snapshots (stream_id, revision, version, state_version, state, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (stream_id, revision) DO UPDATE SET version = excluded.version,
			state_version = excluded.state_version, state = excluded.state, recorded_at = excluded.recorded_at`,
		id, loaded.Revision, loaded.Version, kind.StateVersion, state, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("save snapshot: %w", err)
	}
	return nil
}
