package eventstore_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/eventstore"
)

// The append writes every row's chain hash; the Go encoding, the hash the
// server finished and the SQL encoding of migration 00011 all agree, also
// for metadata with NULLs, a time with nanoseconds and data whose stored
// jsonb form differs from the JSON Go wrote.
func TestAppendWritesTheHashChain(t *testing.T) {
	t.Parallel()
	store, pool := newStore(t)
	ctx := context.Background()
	stream := uuid.New()
	var appended [][]byte
	for rev := 1; rev <= 3; rev++ {
		req := appendReq(stream, (rev-1)*2, rev, "a\u00e9\"<b>", `x`)
		req.Metadata.RecordedAt = time.Date(2026, 3, rev, 10, 0, 0, 123_456_789, time.UTC)
		if rev == 2 {
			req.Metadata.Reason = ""
			req.Metadata.CorrelationID = uuid.New()
			req.Metadata.ActorOrganisationID = uuid.New()
		}
		r, err := store.Append(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Events {
			if len(e.Hash) != eventstore.HashSize {
				t.Fatalf("append result: hash %x", e.Hash)
			}
			appended = append(appended, e.Hash)
		}
	}
	rows, err := pool.Query(ctx, `
		SELECT e.hash, planner_chain_hash(COALESCE(p.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea), e),
		       e.stream_type, e.stream_id, e.version, e.revision, e.event_id, e.event_type, e.schema_version, e.actor_id,
		       e.actor_organisation_id, e.command_id, e.correlation_id, e.causation_id, e.action, e.reason, e.recorded_at, e.data
		FROM events e LEFT JOIN events p ON p.stream_id = e.stream_id AND p.version = e.version - 1
		WHERE e.stream_id = $1 ORDER BY e.version`, stream)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	prev := eventstore.ZeroHash
	i := 0
	for rows.Next() {
		var stored, inSQL []byte
		var r eventstore.ChainRow
		var org, corr, caus *uuid.UUID
		if err := rows.Scan(&stored, &inSQL, &r.StreamType, &r.StreamID, &r.Version, &r.Revision, &r.EventID, &r.EventType,
			&r.SchemaVersion, &r.ActorID, &org, &r.CommandID, &corr, &caus, &r.Action, &r.Reason, &r.RecordedAt, &r.Data); err != nil {
			t.Fatal(err)
		}
		for p, v := range map[*uuid.UUID]*uuid.UUID{&r.ActorOrganisationID: org, &r.CorrelationID: corr, &r.CausationID: caus} {
			if v != nil {
				*p = *v
			}
		}
		inGo := r.ChainHash(prev)
		if !bytes.Equal(stored, inGo[:]) || !bytes.Equal(stored, inSQL) || !bytes.Equal(stored, appended[i]) {
			t.Fatalf("version %d: stored %x, Go %x, SQL %x, append result %x (data %s)", r.Version, stored, inGo, inSQL, appended[i], r.Data)
		}
		prev = inGo
		i++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if i != 6 {
		t.Fatalf("%d rows, want 6", i)
	}
}
