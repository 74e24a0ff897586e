package integrity_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/integrity"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// BenchmarkVerify verifies a chained log of 100,000 events (1,000 streams
// of 100 versions, section-sized data) and reports events per second
// (target: 100,000/s, issue 16):
//
//	go test -run '^$' -bench Verify ./integrity/
func BenchmarkVerify(b *testing.B) {
	pool := pgtest.NewPool(b)
	ctx := context.Background()
	const streams, versions = 1_000, 100
	body := strings.Repeat("The creative industries of the South Baltic cooperate across borders. ", 5)
	rows := make([][]any, 0, streams*versions)
	actor, command := uuid.New(), uuid.New()
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for s := range streams {
		id := uuid.New()
		prev := eventstore.ZeroHash
		for v := 1; v <= versions; v++ {
			// Written in the form jsonb prints, so that the Go digest of
			// these bytes is the digest of the stored data.
			data := fmt.Sprintf(`{"key": "k%d", "body": %q}`, v%5, body+fmt.Sprint(s, v))
			r := eventstore.ChainRow{StreamType: "NOTE", StreamID: id, Version: int64(v), Revision: int64(v), EventID: uuid.New(),
				EventType: "test.Noted", SchemaVersion: 1, ActorID: actor, CommandID: command, Action: "note", RecordedAt: at}
			h := eventstore.Link(prev, r.HeaderDigest(), sha256.Sum256([]byte(data)))
			prev = h
			rows = append(rows, []any{r.EventID, r.StreamType, r.StreamID, v, v, r.EventType, 1, data, actor, command, "note", at, h[:]})
		}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"events"}, []string{"event_id", "stream_type", "stream_id", "version", "revision",
		"event_type", "schema_version", "data", "actor_id", "command_id", "action", "recorded_at", "hash"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE events`); err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		r, err := integrity.Verify(ctx, pool, integrity.Options{})
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if !r.OK() || r.Events != streams*versions {
			b.Fatalf("%d events, problems %v", r.Events, r.Problems)
		}
	}
	b.ReportMetric(float64(streams*versions*b.N)/total.Seconds(), "events/s")
}
