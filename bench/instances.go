package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"
)

// Instances measures updateSection over HTTP from clients closed-loop
// clients, first against the running service alone, then spread in turn
// over it and two more `planner serve --role api` processes on the same
// database (issue 17): what several instances behind a load balancer
// give. On a machine with few cores the three processes and PostgreSQL
// share the same CPUs, so little gain is expected there; the row is for
// larger machines. The extra instances are stopped before it returns.
func Instances(ctx context.Context, cfg Config, env *Env, first *Service, tokens []string, clients int, d time.Duration) []Row {
	const scenario = "3 Mutations"
	name := func(n int) string {
		return fmt.Sprintf("updateSection over HTTP, %d clients, spread over %d instance(s)", clients, n)
	}
	addrs := []string{first.Addr}
	for i := range 2 {
		svc, err := StartService(ctx, cfg.Planner, cfg.DatabaseURL,
			filepath.Join(cfg.ResultsDir, fmt.Sprintf("serve-api-%d.log", i+1)), "--role", "api")
		if err != nil {
			why := "starting a second instance: " + trim(err.Error(), 200)
			return []Row{{Scenario: scenario, Name: name(1), NotRun: why}, {Scenario: scenario, Name: name(3), NotRun: why}}
		}
		defer func() { _ = svc.Stop() }()
		addrs = append(addrs, svc.Addr)
	}
	var rows []Row
	for _, n := range []int{1, 3} {
		a := &API{Client: NewSpreadClient(addrs[:n], tokens), Env: env}
		targets, fallback, err := a.NewTargets(ctx, clients, fmt.Sprintf("bench-instances-%d", n))
		if err != nil {
			rows = append(rows, Row{Scenario: scenario, Name: name(n), NotRun: trim(err.Error(), 200)})
			continue
		}
		load := Closed(ctx, clients, d, func(ctx context.Context, w, i int) error {
			_, err := a.updateSection(ctx, targets[w], body(i))
			return err
		})
		row := load.Row(scenario, name(n), "mutations/s")
		row.Note = joinNote(row.Note, fallback)
		if n > 1 {
			row.Note = joinNote(row.Note, "the first instance serves and projects (role all), the others --role api; requests in turn")
		}
		if _, err := WaitCaughtUp(ctx, env, 10*time.Minute); err != nil {
			row.Note = joinNote(row.Note, err.Error())
		}
		rows = append(rows, row)
	}
	if len(rows) == 2 && rows[0].Throughput > 0 {
		rows[0].ID = "I1"
		rows[1].Ratio, rows[1].Baseline = rows[1].Throughput/rows[0].Throughput, "I1"
	}
	return rows
}
