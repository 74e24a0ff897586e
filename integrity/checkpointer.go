package integrity

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// checkpointLock is the advisory lock that lets one instance at a time
// take a checkpoint: two would fork the checkpoint chain.
const checkpointLock = 7431016

// Checkpointer takes signed checkpoints of every stream's head.
type Checkpointer struct {
	Pool *pgxpool.Pool
	Key  ed25519.PrivateKey
	// Now is the clock; time.Now when nil.
	Now func() time.Time

	// heads caches the fold of the checkpoints up to seq.
	seq   int64
	heads Heads
}

// Take writes a checkpoint when some stream's head changed since the
// latest one and returns it; written is false (and the checkpoint the
// latest, possibly nil) when nothing changed or another instance is
// taking one. Not safe for concurrent use.
func (c *Checkpointer) Take(ctx context.Context) (cp *Checkpoint, written bool, err error) {
	err = pgx.BeginTxFunc(ctx, c.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var locked bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, checkpointLock).Scan(&locked); err != nil || !locked {
			return err
		}
		latest, err := Latest(ctx, tx)
		if err != nil {
			return err
		}
		cp = latest
		if err := c.loadHeads(ctx, tx, latest); err != nil {
			return err
		}
		current, position, err := currentHeads(ctx, tx)
		if err != nil {
			return err
		}
		var changed []Head
		for id, h := range current {
			if old, ok := c.heads[id]; !ok || old.Version != h.Version || !bytes.Equal(old.Hash, h.Hash) {
				changed = append(changed, h)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		next := &Checkpoint{Seq: 1, Position: position, PrevHash: eventstore.ZeroHash[:], Changed: changed}
		if latest != nil {
			next.Seq, next.PrevHash = latest.Seq+1, latest.Hash
		}
		next.CreatedAt = c.now().UTC().Truncate(time.Microsecond)
		heads := make(Heads, len(c.heads)+len(changed))
		for id, h := range c.heads {
			heads[id] = h
		}
		heads.fold(changed)
		next.Root, next.Streams, next.Events = heads.Root()
		next.seal(c.Key)
		if err := insertCheckpoint(ctx, tx, next); err != nil {
			return err
		}
		cp, written = next, true
		c.seq, c.heads = next.Seq, heads
		return nil
	})
	if err != nil {
		c.seq, c.heads = 0, nil // the transaction may have rolled back after the cache moved on
		return nil, false, fmt.Errorf("checkpoint: %w", err)
	}
	return cp, written, nil
}

func (c *Checkpointer) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// loadHeads makes c.heads the fold of the checkpoints up to latest.
func (c *Checkpointer) loadHeads(ctx context.Context, tx pgx.Tx, latest *Checkpoint) error {
	seq := int64(0)
	if latest != nil {
		seq = latest.Seq
	}
	if c.heads != nil && c.seq == seq {
		return nil
	}
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM checkpoint_heads
		WHERE seq <= $1 ORDER BY stream_id, seq DESC`, seq)
	if err != nil {
		return err
	}
	heads := Heads{}
	for rows.Next() {
		var h Head
		if err := rows.Scan(&h.StreamID, &h.Version, &h.Hash); err != nil {
			rows.Close()
			return err
		}
		heads[h.StreamID] = h
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.seq, c.heads = seq, heads
	return nil
}

// currentHeads returns every stream's last version and hash, with a
// loose index scan over (stream_id, version): one index probe per stream,
// not a pass over every event.
func currentHeads(ctx context.Context, tx pgx.Tx) (Heads, int64, error) {
	rows, err := tx.Query(ctx, `
		WITH RECURSIVE s(stream_id) AS (
			(SELECT stream_id FROM events ORDER BY stream_id LIMIT 1)
			UNION ALL
			SELECT (SELECT e.stream_id FROM events e WHERE e.stream_id > s.stream_id ORDER BY e.stream_id LIMIT 1)
			FROM s WHERE s.stream_id IS NOT NULL
		)
		SELECT s.stream_id, h.version, h.hash FROM s
		CROSS JOIN LATERAL (SELECT version, hash FROM events e WHERE e.stream_id = s.stream_id ORDER BY version DESC LIMIT 1) h
		WHERE s.stream_id IS NOT NULL`)
	if err != nil {
		return nil, 0, err
	}
	heads := Heads{}
	for rows.Next() {
		var h Head
		if err := rows.Scan(&h.StreamID, &h.Version, &h.Hash); err != nil {
			rows.Close()
			return nil, 0, err
		}
		heads[h.StreamID] = h
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var position int64
	err = tx.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM events`).Scan(&position)
	return heads, position, err
}

func insertCheckpoint(ctx context.Context, tx pgx.Tx, c *Checkpoint) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO checkpoints (seq, created_at, position, streams, events, root, prev_hash, hash, public_key, signature)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		c.Seq, c.CreatedAt, c.Position, c.Streams, c.Events, c.Root, c.PrevHash, c.Hash, []byte(c.PublicKey), c.Signature)
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, len(c.Changed))
	versions := make([]int64, len(c.Changed))
	hashes := make([][]byte, len(c.Changed))
	for i, h := range c.Changed {
		ids[i], versions[i], hashes[i] = h.StreamID, h.Version, h.Hash
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO checkpoint_heads (seq, stream_id, version, hash)
		SELECT $1, s, v, h FROM unnest($2::uuid[], $3::bigint[], $4::bytea[]) AS t(s, v, h)`,
		c.Seq, ids, versions, hashes)
	return err
}

const checkpointColumns = `seq, created_at, position, streams, events, root, prev_hash, hash, public_key, signature`

func scanCheckpoint(row pgx.Row) (*Checkpoint, error) {
	var c Checkpoint
	err := row.Scan(&c.Seq, &c.CreatedAt, &c.Position, &c.Streams, &c.Events, &c.Root, &c.PrevHash, &c.Hash, &c.PublicKey, &c.Signature)
	if err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

// Latest returns the newest checkpoint, nil when none was taken.
func Latest(ctx context.Context, q querier) (*Checkpoint, error) {
	c, err := scanCheckpoint(q.QueryRow(ctx, `SELECT `+checkpointColumns+` FROM checkpoints ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("latest checkpoint: %w", err)
	}
	return c, nil
}

// checkpoints returns every checkpoint in order, with its changed heads.
func checkpoints(ctx context.Context, q querier) ([]*Checkpoint, error) {
	rows, err := q.Query(ctx, `SELECT `+checkpointColumns+` FROM checkpoints ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	var out []*Checkpoint
	bySeq := map[int64]*Checkpoint{}
	for rows.Next() {
		c, err := scanCheckpoint(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read checkpoints: %w", err)
		}
		out = append(out, c)
		bySeq[c.Seq] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT seq, stream_id, version, hash FROM checkpoint_heads ORDER BY seq, stream_id`)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint heads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var h Head
		if err := rows.Scan(&seq, &h.StreamID, &h.Version, &h.Hash); err != nil {
			return nil, fmt.Errorf("read checkpoint heads: %w", err)
		}
		if c := bySeq[seq]; c != nil {
			c.Changed = append(c.Changed, h)
		}
	}
	return out, rows.Err()
}
