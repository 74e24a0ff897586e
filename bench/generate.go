package bench

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
)

// Generator writes long, valid strategy streams straight into the event
// store's tables (events, commands, snapshots and, when Outbox is set, the
// outbox), with COPY. A million events through app.Execute would take the
// better part of ten minutes on two cores; this takes well under one.
//
// The streams are what the application would have stored: every revision
// is a real command decided by the aggregate (create, three sections, then
// updateSection edits), encoded as the store encodes it, with a snapshot
// every SnapshotEvery revisions as app.Service takes them. Only the
// checks that need other streams (authorization, references) are skipped.
// Nothing else may append while a generator writes: it reserves positions
// by locking the events table.
type Generator struct {
	Pool     *pgxpool.Pool
	Registry *domain.Registry
	// Actor is recorded as the author of every revision; Partner and
	// Location must be an organisation and a location that exist.
	Actor             domain.Actor
	Partner, Location uuid.UUID
	// Outbox writes every revision's outbox message too, so that live
	// projections receive it; without, only a rebuild projects it.
	Outbox bool
	// SnapshotEvery matches app.Config.SnapshotEvery. Default 50.
	SnapshotEvery int
	// Clock is the recorded_at of the next revision; each revision is one
	// Step later. Keep it in the past: time travel by instant reads it.
	Clock time.Time
	Step  time.Duration

	batch   genBatch
	written int
	// heads holds each stream's last chain hash (eventstore/chain.go).
	heads map[uuid.UUID][eventstore.HashSize]byte
}

// flushEvery bounds the rows one transaction writes.
const flushEvery = 20_000

type genBatch struct {
	revisions []eventstore.Revision
	// snapshots holds the state after a revision, by its index in
	// revisions, when a snapshot is due there.
	snapshots map[int][]byte
	events    int
}

// Strategy writes one strategy with the given title and number of
// revisions and returns its id.
func (g *Generator) Strategy(ctx context.Context, title string, revisions int) (uuid.UUID, error) {
	if g.SnapshotEvery <= 0 {
		g.SnapshotEvery = 50
	}
	if g.batch.snapshots == nil {
		g.batch.snapshots = map[int][]byte{}
	}
	id := uuid.Must(uuid.NewV7())
	state := &strategy.Strategy{}
	version := 0
	var sections []uuid.UUID
	for r := 1; r <= revisions; r++ {
		cmd := g.command(title, r, sections)
		now := g.Clock.UTC().Truncate(time.Microsecond)
		g.Clock = g.Clock.Add(g.Step)
		first := r == 1
		events, err := cmd.Decide(state, domain.Context{Actor: g.Actor, Now: now, NewID: func() uuid.UUID {
			if first {
				first = false
				return id
			}
			return uuid.Must(uuid.NewV7())
		}})
		if err != nil {
			return id, fmt.Errorf("generate %s revision %d: %w", cmd.Describe().Action, r, err)
		}
		// Revisions with an outbox message carry the digest the command
		// path computes (live projections apply from it).
		var start domain.DigestStart
		if g.Outbox {
			if start, err = domain.StartDigest(state, r-1); err != nil {
				return id, err
			}
		}
		rev := eventstore.Revision{
			StreamType: domain.SubjectStrategy, StreamID: id, Revision: r,
			Metadata: eventstore.Metadata{
				ActorID: g.Actor.ID, ActorOrganisationID: g.Actor.OrganisationID, CommandID: uuid.Must(uuid.NewV7()),
				Action: cmd.Describe().Action, RecordedAt: now,
			},
		}
		for _, e := range events {
			data, err := json.Marshal(e)
			if err != nil {
				return id, err
			}
			version++
			rev.Events = append(rev.Events, eventstore.Record{
				EventID: uuid.Must(uuid.NewV7()), Version: version, Type: e.EventType(),
				SchemaVersion: g.Registry.SchemaVersion(e.EventType()), Data: data,
			})
			state.Apply(e, r)
			if added, ok := e.(*strategy.SectionAdded); ok {
				sections = append(sections, added.Key)
			}
		}
		if g.Outbox {
			if rev.Digest, err = start.Finish(state.Document(), state); err != nil {
				return id, err
			}
		}
		g.batch.revisions = append(g.batch.revisions, rev)
		g.batch.events += len(events)
		if r%g.SnapshotEvery == 0 {
			snap, err := json.Marshal(state)
			if err != nil {
				return id, err
			}
			g.batch.snapshots[len(g.batch.revisions)-1] = snap
		}
		if g.batch.events >= flushEvery {
			if err := g.Flush(ctx); err != nil {
				return id, err
			}
		}
	}
	return id, nil
}

var sectionHeadings = []string{"Diagnosis", "Implementation system", "Monitoring and evaluation"}

// body is a paragraph of about the length real sections have.
func body(r int) string {
	return fmt.Sprintf("%s Revision %d.", strings.Repeat("The creative industries of the South Baltic cooperate across borders. ", 5), r)
}

// command is what revision r of a generated strategy records: creation,
// three sections, then edits of their bodies in turn.
func (g *Generator) command(title string, r int, sections []uuid.UUID) domain.Command[*strategy.Strategy] {
	switch {
	case r == 1:
		return strategy.CreateStrategy{
			Title: title, Vision: "A strategy generated for the benchmark.", StartYear: 2027,
			LocationIDs: []uuid.UUID{g.Location}, PartnerIDs: []uuid.UUID{g.Partner},
		}
	case r <= 1+len(sectionHeadings):
		return strategy.AddSection{Heading: sectionHeadings[r-2], Body: body(r)}
	}
	return strategy.UpdateSection{SectionID: sections[r%len(sections)], Body: domain.Some(body(r))}
}

// Flush writes the buffered revisions in one transaction.
func (g *Generator) Flush(ctx context.Context) error {
	b := &g.batch
	if len(b.revisions) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, g.Pool, func(tx pgx.Tx) error {
		// Nobody may insert between reserving and using the positions.
		if _, err := tx.Exec(ctx, `LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		var last int64
		if err := tx.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('events', 'position'))`).Scan(&last); err != nil {
			return err
		}
		digests, err := dataDigests(ctx, tx, b.revisions)
		if err != nil {
			return err
		}
		if g.heads == nil {
			g.heads = map[uuid.UUID][eventstore.HashSize]byte{}
		}
		var events, commands, snapshots [][]any
		for i := range b.revisions {
			rev := &b.revisions[i]
			m := rev.Metadata
			for j := range rev.Events {
				last++
				rec := &rev.Events[j]
				rec.Position = last
				row := eventstore.ChainRow{StreamType: string(rev.StreamType), StreamID: rev.StreamID, Version: int64(rec.Version),
					Revision: int64(rev.Revision), EventID: rec.EventID, EventType: rec.Type, SchemaVersion: int64(rec.SchemaVersion),
					ActorID: m.ActorID, ActorOrganisationID: m.ActorOrganisationID, CommandID: m.CommandID, Action: m.Action,
					RecordedAt: m.RecordedAt}
				hash := eventstore.Link(g.heads[rev.StreamID], row.HeaderDigest(), digests[0])
				digests = digests[1:]
				g.heads[rev.StreamID] = hash
				events = append(events, []any{rec.EventID, string(rev.StreamType), rev.StreamID, rec.Version, rev.Revision,
					rec.Type, rec.SchemaVersion, []byte(rec.Data), m.ActorID, nullUUID(m.ActorOrganisationID), m.CommandID, m.Action,
					m.RecordedAt, hash[:]})
			}
			hash := make([]byte, 32)
			_, _ = rand.Read(hash)
			commands = append(commands, []any{m.CommandID, m.ActorID, hash, string(rev.StreamType), rev.StreamID,
				rev.Revision, rev.Position(), m.RecordedAt})
			if snap, ok := b.snapshots[i]; ok {
				snapshots = append(snapshots, []any{rev.StreamID, rev.Revision, rev.Events[len(rev.Events)-1].Version, app.Strategies.StateVersion, snap, m.RecordedAt})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, []string{"event_id", "stream_type", "stream_id", "version",
			"revision", "event_type", "schema_version", "data", "actor_id", "actor_organisation_id", "command_id", "action",
			"recorded_at", "hash"}, pgx.CopyFromRows(events)); err != nil {
			return fmt.Errorf("copy events: %w", err)
		}
		var check int64
		if err := tx.QueryRow(ctx, `SELECT currval(pg_get_serial_sequence('events', 'position'))`).Scan(&check); err != nil {
			return err
		}
		if check != last {
			return fmt.Errorf("generate: positions end at %d, expected %d: another writer appended", check, last)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"commands"}, []string{"command_id", "actor_id", "input_hash", "stream_type",
			"stream_id", "revision", "position", "recorded_at"}, pgx.CopyFromRows(commands)); err != nil {
			return fmt.Errorf("copy commands: %w", err)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"snapshots"}, []string{"stream_id", "revision", "version", "state_version",
			"state", "recorded_at"}, pgx.CopyFromRows(snapshots)); err != nil {
			return fmt.Errorf("copy snapshots: %w", err)
		}
		if g.Outbox {
			return writeOutbox(ctx, tx, b.revisions)
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.written += b.events
	b.revisions, b.events = b.revisions[:0], 0
	clear(b.snapshots)
	return nil
}

// dataDigests returns sha256 of every event's data as the jsonb column
// will print it, in order: the chain covers the stored form, which only
// the server knows. The generated rows carry no reason, correlation or
// causation, hence the NULLs of their chain rows.
func dataDigests(ctx context.Context, tx pgx.Tx, revisions []eventstore.Revision) ([][eventstore.HashSize]byte, error) {
	var data []string
	for _, rev := range revisions {
		for _, rec := range rev.Events {
			data = append(data, string(rec.Data))
		}
	}
	rows, err := tx.Query(ctx, `SELECT sha256(convert_to(d::jsonb::text, 'UTF8')) FROM unnest($1::text[]) WITH ORDINALITY AS t(d, n) ORDER BY n`, data)
	if err != nil {
		return nil, err
	}
	out := make([][eventstore.HashSize]byte, 0, len(data))
	for rows.Next() {
		var d []byte
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, [eventstore.HashSize]byte(d))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) != len(data) {
		return nil, fmt.Errorf("data digests: %d of %d", len(out), len(data))
	}
	return out, nil
}

// Written counts the events written so far.
func (g *Generator) Written() int { return g.written }

// writeOutbox inserts one message per revision as eventstore.Store
// publishes it (payload: the revision as JSON; metadata: its stream id) in
// the current transaction, whose id orders delivery.
func writeOutbox(ctx context.Context, tx pgx.Tx, revisions []eventstore.Revision) error {
	ids := make([]string, len(revisions))
	payloads := make([]string, len(revisions))
	metadata := make([]string, len(revisions))
	for i, rev := range revisions {
		p, err := json.Marshal(rev)
		if err != nil {
			return err
		}
		ids[i], payloads[i] = rev.Events[0].EventID.String(), string(p)
		metadata[i] = fmt.Sprintf(`{"stream_id":%q}`, rev.StreamID)
	}
	_, err := tx.Exec(ctx, `INSERT INTO watermill_events (uuid, payload, metadata, transaction_id)
		SELECT u, p::json, m::json, pg_current_xact_id()
		FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(u, p, m, n) ORDER BY n`,
		ids, payloads, metadata)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

func nullUUID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}
