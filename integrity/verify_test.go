package integrity_test

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/integrity"
	"github.com/creativeclusters/planner/internal/pgtest"
)

type noted struct {
	Text string `json:"text"`
	N    int    `json:"n"`
}

func (*noted) EventType() string { return "test.Noted" }

// fixture is a log of three streams of six versions each (three
// revisions of two events), and one checkpoint over it.
type fixture struct {
	pool    *pgxpool.Pool
	store   *eventstore.Store
	key     ed25519.PrivateKey
	streams [3]uuid.UUID
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := pgtest.NewPool(t)
	reg := domain.NewRegistry()
	reg.Register(func() domain.Event { return &noted{} })
	f := &fixture{pool: pool, store: eventstore.New(pool, reg), key: newKey(t)}
	for i := range f.streams {
		f.streams[i] = uuid.New()
		for rev := 1; rev <= 3; rev++ {
			f.append(t, f.streams[i], rev)
		}
	}
	f.checkpoint(t, f.key)
	return f
}

func newKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	priv, _, err := integrity.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	key, err := integrity.ParsePrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func (f *fixture) append(t *testing.T, stream uuid.UUID, rev int) {
	t.Helper()
	_, err := f.store.Append(context.Background(), eventstore.AppendRequest{
		StreamType: "NOTE", StreamID: stream, ExpectedVersion: (rev - 1) * 2, Revision: rev,
		Events:    []domain.Event{&noted{Text: "first", N: rev}, &noted{Text: "second", N: rev}},
		InputHash: []byte{1},
		Metadata: eventstore.Metadata{
			ActorID: uuid.New(), CommandID: uuid.New(), Action: "note", Reason: "because",
			RecordedAt: time.Date(2026, 1, rev, 10, 0, 0, 0, time.UTC),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) checkpoint(t *testing.T, key ed25519.PrivateKey) *integrity.Checkpoint {
	t.Helper()
	cp, _, err := (&integrity.Checkpointer{Pool: f.pool, Key: key}).Take(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

func (f *fixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := f.pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// position returns the position of a stream's row at version.
func (f *fixture) position(t *testing.T, stream uuid.UUID, version int) int64 {
	t.Helper()
	var p int64
	if err := f.pool.QueryRow(context.Background(), `SELECT position FROM events WHERE stream_id = $1 AND version = $2`,
		stream, version).Scan(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

// rehash recomputes a stream's chain as someone who knows the algorithm
// would after changing its rows, with migration 00011's SQL function.
func (f *fixture) rehash(t *testing.T, stream uuid.UUID) {
	t.Helper()
	f.exec(t, `
		DO $$
		DECLARE r record; prev bytea := decode(repeat('00', 32), 'hex');
		BEGIN
			FOR r IN SELECT e FROM events e WHERE stream_id = '`+stream.String()+`' ORDER BY version LOOP
				prev := planner_chain_hash(prev, r.e);
				UPDATE events SET hash = prev WHERE position = (r.e).position;
			END LOOP;
		END $$`)
}

func (f *fixture) verify(t *testing.T) *integrity.Report {
	t.Helper()
	report, err := integrity.Verify(context.Background(), f.pool, integrity.Options{PublicKey: f.key.Public().(ed25519.PublicKey)})
	if err != nil {
		t.Fatal(err)
	}
	return report
}

func TestUntouchedLogVerifies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.verify(t)
	if !r.OK() || r.Events != 18 || r.Streams != 3 || r.Checkpoints != 1 || !r.SignaturesChecked {
		t.Fatalf("report %+v", r)
	}
	// Appends after the checkpoint, and a second checkpoint, verify too.
	f.append(t, f.streams[0], 4)
	if cp := f.checkpoint(t, f.key); cp.Seq != 2 || cp.Streams != 3 || cp.Events != 20 {
		t.Fatalf("second checkpoint %+v", cp)
	}
	if r := f.verify(t); !r.OK() || r.Checkpoints != 2 {
		t.Fatalf("report %+v", r)
	}
	// Nothing written: no new checkpoint.
	if _, written, err := (&integrity.Checkpointer{Pool: f.pool, Key: f.key}).Take(context.Background()); err != nil || written {
		t.Fatalf("checkpoint without changes: written %v, %v", written, err)
	}
}

// Each kind of tampering the issue lists, done with SQL, is found and the
// first bad row (or stream, or checkpoint) named.
func TestVerifyFindsTampering(t *testing.T) {
	t.Parallel()
	type want struct {
		kind       integrity.Kind
		stream     int // index into streams, -1: none
		version    int64
		position   int // version whose position (before tampering) is named; 0: none
		checkpoint int64
		detail     string
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, f *fixture)
		want   want
	}{
		{"data byte", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET data = jsonb_set(data, '{text}', '"firsT"') WHERE stream_id = $1 AND version = 3`, f.streams[1])
		}, want{integrity.Altered, 1, 3, 3, 0, ""}},
		{"metadata actor", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET actor_id = gen_random_uuid() WHERE stream_id = $1 AND version = 2`, f.streams[0])
		}, want{integrity.Altered, 0, 2, 2, 0, ""}},
		{"metadata time", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET recorded_at = recorded_at - interval '1 day' WHERE stream_id = $1 AND version = 5`, f.streams[2])
		}, want{integrity.Altered, 2, 5, 5, 0, ""}},
		{"hash itself", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET hash = sha256(hash) WHERE stream_id = $1 AND version = 4`, f.streams[2])
		}, want{integrity.Altered, 2, 4, 4, 0, ""}},
		{"delete row", func(t *testing.T, f *fixture) {
			f.exec(t, `DELETE FROM events WHERE stream_id = $1 AND version = 3`, f.streams[0])
		}, want{integrity.Missing, 0, 3, 4, 0, "version 3 is gone"}},
		{"insert row with a copied hash", func(t *testing.T, f *fixture) {
			f.exec(t, `INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
				actor_id, command_id, action, recorded_at, hash)
				SELECT gen_random_uuid(), stream_type, stream_id, 7, 4, event_type, schema_version, data, actor_id, command_id, action, recorded_at, hash
				FROM events WHERE stream_id = $1 AND version = 6`, f.streams[1])
		}, want{integrity.Inserted, 1, 7, -7, 0, "carries the hash of version 6"}},
		{"insert row in the middle, chained", func(t *testing.T, f *fixture) {
			// Make room at version 3, then insert a row whose hash chains
			// correctly after version 2.
			f.exec(t, `UPDATE events SET version = version + 100 WHERE stream_id = $1 AND version >= 3`, f.streams[0])
			f.exec(t, `UPDATE events SET version = version - 99 WHERE stream_id = $1 AND version >= 100`, f.streams[0])
			f.exec(t, `INSERT INTO events (event_id, stream_type, stream_id, version, revision, event_type, schema_version, data,
				actor_id, command_id, action, recorded_at, hash)
				SELECT gen_random_uuid(), stream_type, stream_id, 3, revision, event_type, schema_version, '{"text": "forged"}',
				actor_id, command_id, action, recorded_at, hash FROM events WHERE stream_id = $1 AND version = 2`, f.streams[0])
			f.exec(t, `UPDATE events e SET hash = planner_chain_hash(p.hash, e) FROM events p
				WHERE e.stream_id = $1 AND e.version = 3 AND p.stream_id = $1 AND p.version = 2`, f.streams[0])
		}, want{integrity.Inserted, 0, 3, -3, 0, "as if this one were not there"}},
		{"swap versions", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET version = CASE version WHEN 3 THEN 104 ELSE 103 END WHERE stream_id = $1 AND version IN (3, 4)`, f.streams[2])
			f.exec(t, `UPDATE events SET version = version - 100 WHERE stream_id = $1 AND version > 100`, f.streams[2])
		}, want{integrity.Reordered, 2, 3, 4, 0, "versions 3 and 4 were exchanged"}},
		{"truncate tail", func(t *testing.T, f *fixture) {
			f.exec(t, `DELETE FROM events WHERE stream_id = $1 AND version >= 5`, f.streams[1])
		}, want{integrity.Truncated, 1, 5, 0, 1, "ends at version 4"}},
		{"delete stream", func(t *testing.T, f *fixture) {
			f.exec(t, `DELETE FROM events WHERE stream_id = $1`, f.streams[2])
		}, want{integrity.Missing, 2, 1, 0, 1, "whole stream is gone"}},
		{"change and rehash", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE stream_id = $1 AND version = 2`, f.streams[0])
			f.rehash(t, f.streams[0])
		}, want{integrity.Altered, 0, 1, 0, 1, "between versions 1 and 6"}},
		{"replace checkpoint", func(t *testing.T, f *fixture) {
			// History rewritten and rehashed, the checkpoint's head and
			// root made to match, its signature kept.
			f.exec(t, `UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE stream_id = $1 AND version = 2`, f.streams[0])
			f.rehash(t, f.streams[0])
			f.exec(t, `DELETE FROM checkpoint_heads`)
			f.exec(t, `DELETE FROM checkpoints`)
			forged := f.checkpoint(t, newKey(t))
			f.exec(t, `UPDATE checkpoints SET public_key = $1, signature = $2`, []byte(f.key.Public().(ed25519.PublicKey)), make([]byte, 64))
			_ = forged
		}, want{integrity.ForgedCheckpoint, -1, 0, 0, 1, "signature does not verify"}},
		{"checkpoint root", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE checkpoints SET root = sha256(root)`)
		}, want{integrity.ForgedCheckpoint, -1, 0, 0, 1, "its hash is not the hash of its contents"}},
		{"delete checkpoint", func(t *testing.T, f *fixture) {
			f.append(t, f.streams[0], 4)
			f.checkpoint(t, f.key)
			f.exec(t, `DELETE FROM checkpoints WHERE seq = 1`)
		}, want{integrity.ForgedCheckpoint, -1, 0, 0, 2, "checkpoint 1 is missing"}},
		{"another signing key", func(t *testing.T, f *fixture) {
			f.exec(t, `UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE stream_id = $1 AND version = 2`, f.streams[0])
			f.rehash(t, f.streams[0])
			f.exec(t, `DELETE FROM checkpoint_heads`)
			f.exec(t, `DELETE FROM checkpoints`)
			f.checkpoint(t, newKey(t))
		}, want{integrity.ForgedCheckpoint, -1, 0, 0, 1, "signed with another key"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			var position int64
			if c.want.position > 0 {
				position = f.position(t, f.streams[max(c.want.stream, 0)], c.want.position)
			}
			c.tamper(t, f)
			if c.want.position < 0 {
				position = f.position(t, f.streams[c.want.stream], -c.want.position)
			}
			r := f.verify(t)
			if r.OK() {
				t.Fatalf("tampering not found: %+v", r)
			}
			got := r.Problems[0]
			t.Logf("found: %s", got)
			var stream uuid.UUID
			if c.want.stream >= 0 {
				stream = f.streams[c.want.stream]
			}
			if got.Kind != c.want.kind || got.StreamID != stream || got.Version != c.want.version ||
				got.Position != position || got.Checkpoint != c.want.checkpoint || !strings.Contains(got.Detail, c.want.detail) {
				t.Fatalf("first problem %+v\nwant %+v (stream %s, position %d)", got, c.want, stream, position)
			}
		})
	}
}

// A range verifies the rows from a position on, each stream anchored on
// its stored hash before the range: tampering inside the range is found,
// tampering before it is left to a whole verification.
func TestVerifyFromPosition(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	from := f.position(t, f.streams[1], 5)
	var inRange int64
	if err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE position >= $1`, from).Scan(&inRange); err != nil {
		t.Fatal(err)
	}
	verifyFrom := func() *integrity.Report {
		t.Helper()
		r, err := integrity.Verify(context.Background(), f.pool, integrity.Options{PublicKey: f.key.Public().(ed25519.PublicKey), FromPosition: from})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := verifyFrom(); !r.OK() || r.Events != inRange || r.Streams != 2 || r.Checkpoints != 1 {
		t.Fatalf("untouched range: %+v, want OK over %d events of 2 streams", r, inRange)
	}

	// Before the range: the range holds; the whole log does not.
	f.exec(t, `UPDATE events SET data = jsonb_set(data, '{text}', '"firsT"') WHERE stream_id = $1 AND version = 2`, f.streams[0])
	if r := verifyFrom(); !r.OK() {
		t.Fatalf("range after the tampered row: %v", r.Problems)
	}
	if r := f.verify(t); r.OK() {
		t.Fatal("whole verification missed the tampered row")
	}

	// Inside the range: found and named.
	f.exec(t, `UPDATE events SET data = jsonb_set(data, '{text}', '"secønd"') WHERE stream_id = $1 AND version = 6`, f.streams[1])
	r := verifyFrom()
	if r.OK() {
		t.Fatal("range missed a tampered row inside it")
	}
	p := r.Problems[0]
	if p.Kind != integrity.Altered || p.StreamID != f.streams[1] || p.Version != 6 {
		t.Fatalf("first problem %+v, want altered %s version 6", p, f.streams[1])
	}
}
