package bench

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
)

// streamHead is one writer's view of a stream: the revision and version it
// will append after.
type streamHead struct {
	id, section       uuid.UUID
	revision, version int
}

// appendCounts counts what the appends of one run ran into.
type appendCounts struct {
	conflicts atomic.Int64 // ErrStreamChanged answers
	retried   atomic.Int64 // commands that needed at least one retry
}

// appendOne appends one single-event revision (a section edit) through
// Store.Append. On ErrStreamChanged it reads what it missed from the store
// and tries again, as the command service does; conflicts are counted.
func appendOne(ctx context.Context, env *Env, head *streamHead, n int, counts *appendCounts) error {
	text := body(n)
	for attempt := 1; ; attempt++ {
		cmdID := uuid.Must(uuid.NewV7())
		hash := sha256.Sum256(cmdID[:])
		_, err := env.Store.Append(ctx, eventstore.AppendRequest{
			StreamType: domain.SubjectStrategy, StreamID: head.id,
			ExpectedVersion: head.version, Revision: head.revision + 1,
			Events:    []domain.Event{&strategy.SectionUpdated{Key: head.section, Body: &text}},
			InputHash: hash[:],
			Metadata: eventstore.Metadata{
				ActorID: env.Planner.ID, ActorOrganisationID: env.Planner.OrganisationID, CommandID: cmdID,
				Action: "updateSection", RecordedAt: time.Now().UTC().Truncate(time.Microsecond),
			},
		})
		if errors.Is(err, eventstore.ErrStreamChanged) {
			counts.conflicts.Add(1)
			if attempt == 1 {
				counts.retried.Add(1)
			}
			if err := catchUp(ctx, env, head); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		head.revision++
		head.version++
		return nil
	}
}

// catchUp moves head to the stream's latest revision.
func catchUp(ctx context.Context, env *Env, head *streamHead) error {
	revs, err := env.Store.ReadRevisions(ctx, head.id, head.revision+1, 0)
	if err != nil {
		return err
	}
	for _, r := range revs {
		head.revision = r.Revision
		head.version = r.Events[len(r.Events)-1].Version
	}
	return nil
}

// AppendScenarios measures appends through the event store API: one and
// eight writers on streams of their own, eight writers on one hot stream,
// and for comparison the whole command path (app.Execute) with eight
// writers. Ratios are to the pgbench rows of the same concurrency.
func AppendScenarios(ctx context.Context, env *Env, d time.Duration, report *Report) ([]Row, error) {
	const scenario = "2 Append"
	var rows []Row
	heads := func(n int) ([]*streamHead, error) {
		ids, sections, err := env.NewStrategies(ctx, n, "Append benchmark")
		if err != nil {
			return nil, err
		}
		out := make([]*streamHead, n)
		for i := range out {
			out[i] = &streamHead{id: ids[i], section: sections[i], revision: 2, version: 2}
		}
		return out, nil
	}
	distinct := func(writers int, baseline string) error {
		hs, err := heads(writers)
		if err != nil {
			return err
		}
		var counts appendCounts
		load := Closed(ctx, writers, d, func(ctx context.Context, w, i int) error {
			return appendOne(ctx, env, hs[w], i, &counts)
		})
		name := "Store.Append 1 event/tx, 1 writer, own stream"
		if writers > 1 {
			name = fmt.Sprintf("Store.Append 1 event/tx, %d writers, own streams", writers)
		}
		row := load.Row(scenario, name, "events/s")
		rows = append(rows, withBaseline(row, report, baseline, 0.67, ">= 0.67 x baseline"))
		return nil
	}
	if err := distinct(1, BaselineOne1); err != nil {
		return rows, err
	}
	if err := distinct(8, BaselineOne8); err != nil {
		return rows, err
	}

	// The hot stream: every writer appends to the same strategy.
	hs, err := heads(1)
	if err != nil {
		return rows, err
	}
	writers := make([]*streamHead, 8)
	for i := range writers {
		h := *hs[0]
		writers[i] = &h
	}
	var counts appendCounts
	load := Closed(ctx, 8, d, func(ctx context.Context, w, i int) error {
		return appendOne(ctx, env, writers[w], i, &counts)
	})
	row := load.Row(scenario, "Store.Append 1 event/tx, 8 writers, one hot stream", "events/s")
	total := load.Ops + load.Errors
	row.Note = joinNote(fmt.Sprintf("%d conflicts (%.2f per command, each retried), %d of %d commands retried",
		counts.conflicts.Load(), float64(counts.conflicts.Load())/float64(max(total, 1)), counts.retried.Load(), total), row.Note)
	rows = append(rows, withBaseline(row, report, BaselineOne8, 0, ""))

	// The command path a mutation takes below GraphQL: load (snapshot +
	// tail), authorize, decide, append, snapshot every 50 revisions.
	hs, err = heads(8)
	if err != nil {
		return rows, err
	}
	load = Closed(ctx, 8, d, func(ctx context.Context, w, i int) error {
		_, err := app.Execute(ctx, env.Service, app.Strategies, hs[w].id, domain.Command[*strategy.Strategy](strategy.UpdateSection{
			SectionID: hs[w].section, Body: domain.Some(body(i)),
		}), app.Request{Actor: env.Planner})
		return err
	})
	row = load.Row(scenario, "app.Execute updateSection, 8 writers, own streams", "commands/s")
	row.ID = executeOwnStreams
	own := withBaseline(row, report, BaselineOne8, 0.5, ">= 0.5 x B8")
	rows = append(rows, own)

	// Co-editing one strategy through the command path (hotstream.go).
	for _, w := range []int{2, 8, 32} {
		rows = append(rows, HotStream(ctx, env, w, 1, d, own))
	}
	rows = append(rows, HotStream(ctx, env, 8, 2, d, own))
	return rows, nil
}

// withBaseline sets the row's ratio to the named baseline row and, when
// goal is positive, the target ratio >= goal.
func withBaseline(row Row, report *Report, baseline string, goal float64, target string) Row {
	base, ok := report.Find(baseline)
	if !ok || base.Throughput == 0 || row.Throughput == 0 {
		if goal > 0 {
			row.Target = target
			row.Note = joinNote(row.Note, "no baseline measured")
		}
		return row
	}
	row.Ratio, row.Baseline = row.Throughput/base.Throughput, base.ID
	if goal > 0 {
		row = row.Against(target, row.Ratio >= goal)
	}
	return row
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
