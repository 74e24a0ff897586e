package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// The operations the API scenarios send.
const (
	updateSectionMutation = `mutation UpdateSection($input: UpdateSectionInput!) {
  updateSection(input: $input) { position strategy { id revision } }
}`
	findStrategyQuery = `query FindStrategy($search: String!) {
  strategies(first: 5, filter: {search: $search}) { nodes { id title sections { key } } }
}`
	freshnessQuery = `query Fresh($id: ID!) {
  strategy(id: $id) { revision sections { key body } }
}`
	documentQuery = `query StrategyDocument($id: ID!) {
  strategy(id: $id) {
    id title vision startYear endYear status revision contentRevision updatedAt
    updatedBy { name }
    locations { id name country }
    partnerships { role organisation { id name } }
    sections { key heading body }
    priorities {
      key title description
      objectives {
        key title description
        measures { key title status startYear endYear leadPartner { name } milestones { key title due done } }
        indicators { key name unit baseline baselineYear targets { year value } actuals { year value } onTrack }
      }
    }
    viewerCanEdit
  }
}`
	dashboardQuery = `query Dashboard {
  dashboard {
    position
    strategies(first: 20) { nodes { strategy { id title status } measures completion indicatorsOnTrack milestonesOverdue } }
    concepts { status count }
    activity(weeks: 12) { weekStart revisions organisation { name } }
  }
}`
	revisionsQuery = `query Revisions($id: ID!, $first: Int!) {
  strategy(id: $id) {
    revisions(first: $first) {
      nodes { number action at actor { name } changes { path kind } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`
	snapshotQuery = `query Snapshot($id: ID!, $number: Int!) {
  strategy(id: $id) { snapshot(at: {number: $number}) { revision { number } title sections { key heading body } } }
}`
)

// APITarget is a strategy as the API names it.
type APITarget struct {
	ID, Section string
}

// API runs the scenarios that go through the served GraphQL API.
type API struct {
	Client *Client
	Env    *Env
}

// Find returns the API's ids of the strategy with the given title (unique
// among the benchmark's strategies) and of its first section. IDs are
// opaque in the contract, so they are asked for, not derived.
func (a *API) Find(ctx context.Context, title string) (APITarget, error) {
	var out struct {
		Strategies struct {
			Nodes []struct {
				ID       string
				Title    string
				Sections []struct{ Key string }
			}
		}
	}
	if err := a.Client.Do(ctx, findStrategyQuery, map[string]any{"search": title}, &out); err != nil {
		return APITarget{}, fmt.Errorf("find strategy %q: %w", title, err)
	}
	for _, n := range out.Strategies.Nodes {
		// The read model may show the strategy before its section.
		if n.Title == title && len(n.Sections) > 0 {
			return APITarget{ID: n.ID, Section: n.Sections[0].Key}, nil
		}
	}
	return APITarget{}, fmt.Errorf("find strategy %q: not (yet) listed with a section", title)
}

// NewTargets creates n strategies with a section each and finds them
// through the API. When the API cannot list strategies (the read side is
// not there yet), it falls back to the ids the service uses today, the
// stream's UUID and the section's key, and says so in fallback.
func (a *API) NewTargets(ctx context.Context, n int, prefix string) (targets []APITarget, fallback string, err error) {
	targets = make([]APITarget, n)
	for i := range targets {
		title := fmt.Sprintf("%s %03d %s", prefix, i+1, uuid.NewString()[:8])
		id, section, err := a.Env.NewStrategy(ctx, title)
		if err != nil {
			return nil, "", err
		}
		if fallback != "" {
			targets[i] = APITarget{ID: id.String(), Section: section.String()}
			continue
		}
		// The list is a read model: wait until the new strategy shows.
		for try := 0; ; try++ {
			targets[i], err = a.Find(ctx, title)
			var gqlErr *GraphQLError
			switch {
			case err == nil:
			case errors.As(err, &gqlErr):
				fallback = "ids assumed to be stream UUIDs: " + trim(err.Error(), 100)
				targets[i] = APITarget{ID: id.String(), Section: section.String()}
			case try < 600:
				time.Sleep(50 * time.Millisecond)
				continue
			default:
				return nil, "", err
			}
			break
		}
	}
	return targets, fallback, nil
}

type updated struct {
	UpdateSection struct {
		Position string
		Strategy struct{ Revision int }
	}
}

func (a *API) updateSection(ctx context.Context, t APITarget, text string) (updated, error) {
	var out updated
	err := a.Client.Do(ctx, updateSectionMutation, map[string]any{"input": map[string]any{
		"strategyId": t.ID, "sectionId": t.Section, "body": text,
	}}, &out)
	return out, err
}

// Mutations measures updateSection over HTTP from clients concurrent
// clients, each editing a strategy of its own, against the single-row
// baseline at 8 clients.
func (a *API) Mutations(ctx context.Context, clients int, d time.Duration, report *Report) Row {
	row := Row{Scenario: "3 Mutations", Name: fmt.Sprintf("updateSection over HTTP, %d clients, own strategies", clients)}
	targets, fallback, err := a.NewTargets(ctx, clients, "bench-mutate")
	if err != nil {
		row.NotRun = trim(err.Error(), 200)
		return row
	}
	load := Closed(ctx, clients, d, func(ctx context.Context, w, i int) error {
		_, err := a.updateSection(ctx, targets[w], body(i))
		return err
	})
	row = load.Row(row.Scenario, row.Name, "mutations/s")
	row.Note = joinNote(row.Note, fallback)
	// The service accepts mutations faster than its projections apply
	// them; the next scenarios need them applied.
	if lag, err := WaitCaughtUp(ctx, a.Env, 10*time.Minute); err != nil {
		row.Note = joinNote(row.Note, err.Error())
	} else {
		row.Note = joinNote(row.Note, fmt.Sprintf("projections caught up %.1f s after the last mutation", lag.Seconds()))
	}
	return withBaseline(row, report, BaselineOne8, 0.25, ">= 0.25 x B8")
}

// Freshness issues updateSection over HTTP at a steady rate for d over
// several strategies, and after each answer polls the strategy through
// GraphQL, without minPosition, until the read model shows the revision
// the mutation made (see steady).
func (a *API) Freshness(ctx context.Context, rate int, d time.Duration) Row {
	row := Row{Scenario: "5 Freshness", Name: fmt.Sprintf("mutation answer -> visible in strategy query, %d/s", rate), Unit: "mutations/s"}
	targets, fallback, err := a.NewTargets(ctx, 16, "bench-fresh")
	if err != nil {
		row.NotRun = trim(err.Error(), 200)
		return row
	}
	row = steady(ctx, a.Env, row, rate, d, a.freshnessProbe(targets))
	row.Note = joinNote(row.Note, fallback)
	return row
}

// Reads measures the strategy document and the dashboard query from
// clients concurrent clients.
func (a *API) Reads(ctx context.Context, clients int, d time.Duration) []Row {
	const scenario = "7 Reads"
	demo := APITarget{ID: a.Env.DemoStrategy.String()}
	if t, err := a.Find(ctx, "Creative South Baltic 2027–2036"); err == nil {
		demo = t
	}
	queries := []struct {
		name, query string
		vars        map[string]any
	}{
		{fmt.Sprintf("strategy document query, %d clients", clients), documentQuery, map[string]any{"id": demo.ID}},
		{fmt.Sprintf("dashboard query, %d clients", clients), dashboardQuery, nil},
	}
	var rows []Row
	for _, q := range queries {
		if err := a.Client.Do(ctx, q.query, q.vars, nil); err != nil {
			rows = append(rows, Row{Scenario: scenario, Name: q.name, NotRun: trim(err.Error(), 200)})
			continue
		}
		load := Closed(ctx, clients, d, func(ctx context.Context, _, _ int) error {
			return a.Client.Do(ctx, q.query, q.vars, nil)
		})
		rows = append(rows, load.Row(scenario, q.name, "queries/s"))
	}
	return rows
}

// History measures the history fields through GraphQL on the two
// strategies (see HistoryDirect).
func (a *API) History(ctx context.Context, hs HistoryStreams, titles [2]string, d time.Duration) []Row {
	const scenario = "6 History (GraphQL)"
	ids := map[uuid.UUID]string{}
	for i, id := range []uuid.UUID{hs.Short, hs.Long} {
		ids[id] = id.String()
		if t, err := a.Find(ctx, titles[i]); err == nil {
			ids[id] = t.ID
		}
	}
	revisions := func(id uuid.UUID, _ int) func(ctx context.Context, _, _ int) error {
		return func(ctx context.Context, _, _ int) error {
			return a.Client.Do(ctx, revisionsQuery, map[string]any{"id": ids[id], "first": HistoryPageSize}, nil)
		}
	}
	snapshot := func(id uuid.UUID, revisions int) func(ctx context.Context, _, _ int) error {
		rng := rand.New(rand.NewPCG(3, 4))
		return func(ctx context.Context, _, _ int) error {
			var out struct {
				Strategy struct {
					Snapshot *struct{ Revision struct{ Number int } }
				}
			}
			n := 1 + rng.IntN(revisions)
			if err := a.Client.Do(ctx, snapshotQuery, map[string]any{"id": ids[id], "number": n}, &out); err != nil {
				return err
			}
			if s := out.Strategy.Snapshot; s == nil || s.Revision.Number != n {
				return fmt.Errorf("snapshot at %d: got %+v", n, s)
			}
			return nil
		}
	}
	return historyRows(ctx, scenario, "G", hs, d, []historyMeasure{
		{fmt.Sprintf("revisions(first: %d)", HistoryPageSize), revisions, false},
		{"snapshot(at: {number}) at a random revision", snapshot, true},
	})
}

// MemoryTargetMB is the service's RSS goal.
const MemoryTargetMB = 200

// Memory reports the service's peak resident set size.
func Memory(pid int) Row {
	row := Row{Scenario: "8 Memory", Name: "planner serve peak RSS (VmHWM) over the run", OthersPct: -1}
	peak, now, err := ProcessMemory(pid)
	if err != nil {
		row.NotRun = err.Error()
		return row
	}
	row.Value = fmt.Sprintf("%.0f MB", peak)
	row.Note = fmt.Sprintf("%.0f MB at the end", now)
	return row.Against("<= 200 MB", peak <= MemoryTargetMB)
}

// freshnessProbe is the step of a freshness row: edit a section of the
// next target and return the poll that tells when the edit is visible
// through the strategy query (or overtaken by a later revision).
func (a *API) freshnessProbe(targets []APITarget) func(context.Context, int) (func(context.Context) (bool, error), error) {
	return func(ctx context.Context, n int) (func(context.Context) (bool, error), error) {
		t := targets[n%len(targets)]
		text := fmt.Sprintf("Freshness probe %d", n)
		res, err := a.updateSection(ctx, t, text)
		if err != nil {
			return nil, err
		}
		mine := res.UpdateSection.Strategy.Revision
		return func(ctx context.Context) (bool, error) {
			var out struct {
				Strategy struct {
					Revision int
					Sections []struct{ Key, Body string }
				}
			}
			if err := a.Client.Do(ctx, freshnessQuery, map[string]any{"id": t.ID}, &out); err != nil {
				return false, err
			}
			s := out.Strategy
			visible := s.Revision > mine
			for _, sec := range s.Sections {
				visible = visible || (s.Revision == mine && sec.Key == t.Section && sec.Body == text)
			}
			return visible, nil
		}, nil
	}
}
