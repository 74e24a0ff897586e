package projections_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// largeStrategy is a ten-year strategy of realistic size (tens of
// sections of long text, priorities with objectives, measures and
// indicators: hundreds of items, well over 50 KB of state), written
// through real commands, and the keys of its items.
type largeStrategy struct {
	id                             uuid.UUID
	sections, measures, indicators []uuid.UUID
	actor                          domain.Actor
}

func newLargeStrategy(t *testing.T, env *testkit.Env, actor domain.Actor, title string) *largeStrategy {
	t.Helper()
	s := &largeStrategy{actor: actor}
	exec := func(cmd domain.Command[*strategy.Strategy]) {
		t.Helper()
		s.id, _ = testkit.Exec(t, env, testkit.Strategies, s.id, actor, cmd)
	}
	exec(strategy.CreateStrategy{Title: title, StartYear: 2027, LocationIDs: []uuid.UUID{uuid.New()},
		PartnerIDs: []uuid.UUID{actor.OrganisationID}})
	for i := range 25 {
		key := uuid.New()
		s.sections = append(s.sections, key)
		exec(strategy.AddSection{SectionID: &key, Heading: fmt.Sprintf("Chapter %d", i+1), Body: paragraph(i, 12)})
	}
	for p := range 4 {
		priority := uuid.New()
		exec(strategy.AddPriority{PriorityID: &priority, Title: fmt.Sprintf("Field of action %d", p+1), Description: paragraph(p, 2)})
		for o := range 3 {
			objective := uuid.New()
			exec(strategy.AddObjective{PriorityID: priority, ObjectiveID: &objective, Title: fmt.Sprintf("Objective %d.%d", p+1, o+1)})
			for m := range 4 {
				measure := uuid.New()
				s.measures = append(s.measures, measure)
				exec(strategy.AddMeasure{ObjectiveID: objective, MeasureID: &measure, Title: fmt.Sprintf("Measure %d.%d.%d", p+1, o+1, m+1),
					Description: paragraph(m, 1), StartYear: 2027, EndYear: 2030})
			}
			indicator := uuid.New()
			s.indicators = append(s.indicators, indicator)
			exec(strategy.AddIndicator{ObjectiveID: objective, IndicatorID: &indicator, Name: "Creative enterprises", Unit: "count",
				Baseline: 100, BaselineYear: 2026, Targets: []strategy.YearValue{{Year: 2030, Value: 140}, {Year: 2036, Value: 200}}})
		}
	}
	return s
}

func paragraph(seed, sentences int) string {
	return strings.Repeat(fmt.Sprintf("Partners in the South Baltic region cooperate on creative industries, step %d. ", seed), sentences*4)
}

// edit is one random content or monitoring edit of the strategy.
func (s *largeStrategy) edit(rng *rand.Rand, n int) domain.Command[*strategy.Strategy] {
	switch rng.IntN(6) {
	case 0, 1:
		return strategy.UpdateSection{SectionID: s.sections[rng.IntN(len(s.sections))], Body: domain.Some(paragraph(n, 1+rng.IntN(12)))}
	case 2:
		statuses := []strategy.MeasureStatus{strategy.MeasurePlanned, strategy.MeasureInProgress, strategy.MeasureCompleted}
		return strategy.SetMeasureStatus{MeasureID: s.measures[rng.IntN(len(s.measures))], Status: statuses[rng.IntN(len(statuses))]}
	case 3:
		return strategy.RecordIndicatorActual{IndicatorID: s.indicators[rng.IntN(len(s.indicators))], Year: 2027 + rng.IntN(4), Value: float64(rng.IntN(300))}
	case 4:
		i, j := rng.IntN(len(s.sections)), rng.IntN(len(s.sections))
		if i == j {
			return strategy.MoveItem{ItemID: s.sections[i]}
		}
		return strategy.MoveItem{ItemID: s.sections[i], BeforeItemID: &s.sections[j]}
	}
	key := uuid.New()
	s.sections = append(s.sections, key)
	return strategy.AddSection{SectionID: &key, Heading: fmt.Sprintf("Annex %d", n), Body: paragraph(n, 3)}
}

// Large documents through the live path (revisions applied from the
// digests the command path computes, the documents' state patched in
// place) end up exactly as a rebuild derives them from the log.
func TestLargeStrategiesLiveEqualRebuild(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	started := env.Start(t, env.Config(t))
	strategies := make([]*largeStrategy, 3)
	for i := range strategies {
		strategies[i] = newLargeStrategy(t, env, testkit.Actor(uuid.New()), fmt.Sprintf("Strategy %d", i))
	}
	var wg sync.WaitGroup
	for i, s := range strategies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(7, uint64(i)))
			for n := range 60 {
				testkit.Exec(t, env, testkit.Strategies, s.id, s.actor, s.edit(rng, n))
			}
		}()
	}
	wg.Wait()
	env.WaitCaughtUp(t, 30*time.Second)
	var size int
	if err := env.Pool.QueryRow(ctx, `SELECT min(length(state::text)) FROM proj_documents.streams`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	if size < 50_000 {
		t.Fatalf("the strategies hold %d bytes of state, want realistic ones of over 50 KB", size)
	}
	incremental := env.DumpAll(t)
	started.Stop(t)
	if err := started.Runner.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, incremental, env.DumpAll(t))
}
