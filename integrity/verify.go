package integrity

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// Options narrow and key a verification.
type Options struct {
	// PublicKey is the key the checkpoints must be signed with; nil checks
	// their chain and roots but not who signed them.
	PublicKey ed25519.PublicKey
	// FromPosition, above 1, verifies a range: the rows at or after this
	// position (what was written since an earlier verification), each
	// stream's chain anchored on its stored hash just before the range.
	// What lies before the range, and streams with no row in it, are left
	// to a whole verification; the checkpoints are all checked, and their
	// heads compared for the streams and versions the range holds.
	FromPosition int64
}

// streamState is what the pass over the log knows of one stream.
type streamState struct {
	version int64 // the last version that chained
	hash    hash  // its stored hash
	first   int64 // the first version the pass reads (1, or after a range's anchor)
	max     int64 // the highest version seen
	bad     bool  // the chain broke: the stream is examined whole
}

// Verify recomputes every stream's chain and checks every checkpoint in
// one read-only snapshot. Rows are read in storage order; each is
// checked against the stored hash of its stream's previous row, so the
// first row that does not match is the one named. A stream whose chain
// breaks is read again whole and its first bad row explained (classify).
func Verify(ctx context.Context, pool *pgxpool.Pool, opts Options) (*Report, error) {
	report := &Report{SignaturesChecked: opts.PublicKey != nil}
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// One statement reads the whole log: the service's statement
		// timeout is for requests, not for this.
		if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
		cps, err := checkpoints(ctx, tx)
		if err != nil {
			return err
		}
		report.Checkpoints = int64(len(cps))
		// The hashes the checkpoints recorded, to compare while reading.
		wanted := map[streamVersion]hash{}
		for _, c := range cps {
			for _, h := range c.Changed {
				wanted[streamVersion{h.StreamID, h.Version}] = [eventstore.HashSize]byte(padHash(h.Hash))
			}
		}
		seen := map[streamVersion]hash{}
		ranged := opts.FromPosition > 1
		states, err := anchors(ctx, tx, opts.FromPosition)
		if err != nil {
			return err
		}
		var bad []uuid.UUID
		// In storage order: a sequential scan, no index. The log is
		// append-only, so that is nearly position order; a stream whose
		// rows come out of version order is read again in order, below.
		rows, err := tx.Query(ctx, `SELECT `+rowColumns+` FROM events WHERE position >= $1`, opts.FromPosition)
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		scanner := newRowScanner()
		for rows.Next() {
			r, err := scanner.scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			report.Events++
			id := r.row.StreamID
			st := states[id]
			if st == nil {
				st = &streamState{first: 1}
				states[id] = st
			}
			st.max = max(st.max, r.row.Version)
			if _, ok := wanted[streamVersion{id, r.row.Version}]; ok {
				seen[streamVersion{id, r.row.Version}] = [eventstore.HashSize]byte(padHash(r.stored))
			}
			if st.bad {
				continue
			}
			if r.row.Version != st.version+1 || !r.linksAfter(st.hash, r.row.Version) {
				st.bad = true
				bad = append(bad, id)
				continue
			}
			st.version, st.hash = r.row.Version, r.storedHash()
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		report.Streams = int64(len(states))
		broken := map[uuid.UUID]bool{}
		for _, id := range bad {
			stream, err := readStream(ctx, tx, id)
			if err != nil {
				return err
			}
			if p, found := classify(stream); found {
				report.Problems = append(report.Problems, p)
				broken[id] = true
			}
		}
		slices.SortStableFunc(report.Problems, func(a, b Problem) int { return cmpPosition(a.Position, b.Position) })
		report.Problems = append(report.Problems, checkCheckpoints(cps, opts.PublicKey, states, seen, broken, ranged)...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	return report, nil
}

// anchors returns, for a range from position from, the state of every
// stream with rows in it as of its last row before the range (trusted:
// checking it is a whole verification's part). None for the whole log.
func anchors(ctx context.Context, tx pgx.Tx, from int64) (map[uuid.UUID]*streamState, error) {
	states := map[uuid.UUID]*streamState{}
	if from <= 1 {
		return states, nil
	}
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (e.stream_id) e.stream_id, e.version, e.hash FROM events e
		WHERE e.position < $1 AND e.stream_id IN (SELECT stream_id FROM events WHERE position >= $1)
		ORDER BY e.stream_id, e.version DESC`, from)
	if err != nil {
		return nil, fmt.Errorf("read the range's anchors: %w", err)
	}
	var (
		id      uuid.UUID
		version int64
		stored  []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &version, &stored}, func() error {
		states[id] = &streamState{version: version, hash: hash(padHash(stored)), first: version + 1, max: version}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the range's anchors: %w", err)
	}
	return states, nil
}

type streamVersion struct {
	stream  uuid.UUID
	version int64
}

func cmpPosition(a, b int64) int {
	switch {
	case a == b:
		return 0
	case a == 0: // rows that do not exist last
		return 1
	case b == 0:
		return -1
	case a < b:
		return -1
	}
	return 1
}

func padHash(b []byte) []byte {
	if len(b) == eventstore.HashSize {
		return b
	}
	out := make([]byte, eventstore.HashSize)
	copy(out, b)
	return out
}

// checkCheckpoints checks the checkpoint chain (sequence, links, hashes,
// signatures, roots) and compares every recorded head with the log: a
// stream gone, ending before the head, or with another hash at the head's
// version. Streams whose own chain broke are reported by it already.
func checkCheckpoints(cps []*Checkpoint, key ed25519.PublicKey, states map[uuid.UUID]*streamState,
	seen map[streamVersion]hash, broken map[uuid.UUID]bool, ranged bool) []Problem {
	var problems []Problem
	forged := func(c *Checkpoint, detail string) {
		problems = append(problems, Problem{Kind: ForgedCheckpoint, Checkpoint: c.Seq, Detail: detail})
	}
	heads := Heads{}
	prevHash := eventstore.ZeroHash[:]
	reported := map[uuid.UUID]bool{}
	// lastVersion is each stream's head at the previous checkpoint: a
	// rewritten history differs somewhere after it.
	lastVersion := map[uuid.UUID]int64{}
	for i, c := range cps {
		if c.Seq != int64(i+1) {
			forged(c, fmt.Sprintf("checkpoint %d is missing before it", i+1))
			return problems
		}
		if !bytes.Equal(c.PrevHash, prevHash) {
			forged(c, "it does not chain to the previous checkpoint")
		}
		prevHash = c.Hash
		if ok, why := c.checkSignature(key); !ok {
			forged(c, why)
		}
		heads.fold(c.Changed)
		root, streams, events := heads.Root()
		if !bytes.Equal(root, c.Root) || streams != c.Streams || events != c.Events {
			forged(c, "its root does not match the stream heads it records")
		}
		for _, h := range c.Changed {
			id := h.StreamID
			after := lastVersion[id]
			lastVersion[id] = h.Version
			if broken[id] || reported[id] {
				continue
			}
			st := states[id]
			if ranged && (st == nil || h.Version < st.first) {
				continue // before the range: a whole verification's part
			}
			switch {
			case st == nil:
				problems = append(problems, Problem{Kind: Missing, StreamID: id, Version: 1, Checkpoint: c.Seq,
					Detail: fmt.Sprintf("the whole stream is gone; the checkpoint recorded %d versions", h.Version)})
			case st.max < h.Version:
				problems = append(problems, Problem{Kind: Truncated, StreamID: id, Version: st.max + 1, Checkpoint: c.Seq,
					Detail: fmt.Sprintf("the stream ends at version %d; the checkpoint recorded it up to version %d", st.max, h.Version)})
			case seen[streamVersion{id, h.Version}] != [eventstore.HashSize]byte(padHash(h.Hash)):
				problems = append(problems, Problem{Kind: Altered, StreamID: id, Version: after + 1, Checkpoint: c.Seq,
					Detail: fmt.Sprintf("the chain was recomputed: it differs from the checkpoint between versions %d and %d", after+1, h.Version)})
			default:
				continue
			}
			reported[id] = true
		}
	}
	return problems
}
