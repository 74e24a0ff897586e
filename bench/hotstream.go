package bench

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
)

// executeOwnStreams is the ID of the row the hot-stream rows compare with:
// app.Execute updateSection, 8 writers, each on a strategy of its own.
const executeOwnStreams = "E8"

// HotStream measures co-editing: writers each editing a section of their
// own in ONE strategy through app.Execute, as the API runs mutations. In
// one process commands on a stream take turns (app's queue), so they should
// cost waiting, not retries; with instances > 1 the writers are spread over
// that many command services on the same database, like that many planner
// processes, whose races the unique (stream, version) decides and the
// losers retry after a jittered pause. Reported: throughput, retries per
// command, p99, errors (UNAVAILABLE counted apart).
func HotStream(ctx context.Context, env *Env, writers, instances int, d time.Duration, own Row) Row {
	const scenario = "2 Append"
	name := fmt.Sprintf("app.Execute updateSection, %d writers, one hot strategy", writers)
	if instances > 1 {
		name += fmt.Sprintf(", %d instances", instances)
	}
	row := Row{Scenario: scenario, Name: name}
	id, first, err := env.NewStrategy(ctx, fmt.Sprintf("Hot strategy %d-%d", writers, instances))
	if err != nil {
		row.NotRun = trim(err.Error(), 200)
		return row
	}
	sections := []uuid.UUID{first}
	for len(sections) < writers {
		key := uuid.Must(uuid.NewV7())
		if _, err := app.Execute(ctx, env.Service, app.Strategies, id, domain.Command[*strategy.Strategy](strategy.AddSection{
			SectionID: &key, Heading: fmt.Sprintf("Section %d", len(sections)+1), Body: body(0),
		}), app.Request{Actor: env.Planner}); err != nil {
			row.NotRun = trim(err.Error(), 200)
			return row
		}
		sections = append(sections, key)
	}
	services := []*app.Service{env.Service}
	for len(services) < instances {
		services = append(services, app.NewService(env.Store, app.Config{}))
	}
	retriesBefore := int64(0)
	for _, s := range services {
		retriesBefore += s.Retries()
	}
	var unavailable atomic.Int64
	load := Closed(ctx, writers, d, func(ctx context.Context, w, i int) error {
		_, err := app.Execute(ctx, services[w%len(services)], app.Strategies, id, domain.Command[*strategy.Strategy](strategy.UpdateSection{
			SectionID: sections[w], Body: domain.Some(body(i)),
		}), app.Request{Actor: env.Planner})
		if errors.Is(err, domain.ErrUnavailable) {
			unavailable.Add(1)
		}
		return err
	})
	retries := -retriesBefore
	for _, s := range services {
		retries += s.Retries()
	}
	row = load.Row(scenario, name, "commands/s")
	// Retries are counted over warm-up and measurement alike; so are the
	// commands they are divided by.
	commands := load.Ops + load.Errors
	perCommand := float64(retries) / float64(max(commands, 1))
	row.Note = joinNote(fmt.Sprintf("%.3f retries per command (%d), %d UNAVAILABLE", perCommand, retries, unavailable.Load()), row.Note)
	if own.NotRun != "" || own.Throughput == 0 || row.Throughput == 0 {
		row.Note = joinNote(row.Note, "no own-streams row measured")
		return row.Against(">= 0.5 x E8, <= 0.1 retries/command, no UNAVAILABLE", false)
	}
	row.Ratio, row.Baseline = row.Throughput/own.Throughput, own.ID
	met := row.Ratio >= 0.5 && perCommand <= 0.1 && unavailable.Load() == 0 && row.Errors == 0
	return row.Against(">= 0.5 x E8, <= 0.1 retries/command, no UNAVAILABLE", met)
}
