package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/app"
)

// HistoryStreams are the two strategies the history scenario compares: a
// short history and a long one.
type HistoryStreams struct {
	Short, Long         uuid.UUID
	ShortRevs, LongRevs int
}

// History targets: the long history may cost at most 1.5 times the short
// one, and a document at a revision at most 20 ms (p99).
const (
	// HistoryPageSize is the page of revisions asked for: the short
	// history has 10, so that both pages are full and the comparison is
	// about the history's length, not the page's.
	HistoryPageSize = 10

	HistoryTargetRatio = 1.5
	HistoryTargetP99   = 20 * time.Millisecond
)

// HistoryDirect measures, below the API, what the history fields cost:
// the first page of revisions from the history projection and the state
// at a random revision (snapshot(at:)) through app.Load, on both
// strategies, one client.
func HistoryDirect(ctx context.Context, env *Env, hs HistoryStreams, d time.Duration) []Row {
	page := func(id uuid.UUID, _ int) func(ctx context.Context, _, _ int) error {
		return func(ctx context.Context, _, _ int) error {
			// The newest PageSize revisions and one more for hasNextPage,
			// as a first page of Strategy.revisions needs.
			rows, err := env.Pool.Query(ctx, `SELECT number, action, actor_id, at, reason, command_id, position, changes
				FROM proj_history.revisions WHERE subject_id = $1 ORDER BY number DESC LIMIT $2`, id, HistoryPageSize+1)
			if err != nil {
				return err
			}
			n := 0
			_, err = pgx.ForEachRow(rows, []any{new(int), new(string), new(uuid.UUID), new(time.Time), new(*string),
				new(uuid.UUID), new(int64), new([]byte)}, func() error { n++; return nil })
			if err == nil && n == 0 {
				err = fmt.Errorf("no revisions of %s in proj_history", id)
			}
			return err
		}
	}
	at := func(id uuid.UUID, revisions int) func(ctx context.Context, _, _ int) error {
		rng := rand.New(rand.NewPCG(1, 2))
		return func(ctx context.Context, _, _ int) error {
			rev := 1 + rng.IntN(revisions)
			loaded, err := app.Load(ctx, env.Service, app.Strategies, id, rev)
			if err == nil && loaded.Revision != rev {
				err = fmt.Errorf("loaded revision %d, asked for %d", loaded.Revision, rev)
			}
			return err
		}
	}
	return historyRows(ctx, "6 History (direct)", "H", hs, d, []historyMeasure{
		{fmt.Sprintf("revisions first page of %d (SQL, proj_history)", HistoryPageSize), page, false},
		{"app.Load at a random revision", at, true},
	})
}

// historyMeasure is one history query, run on the short and the long
// strategy; atRevision queries also have the p99 target.
type historyMeasure struct {
	name       string
	op         func(id uuid.UUID, revisions int) func(ctx context.Context, worker, i int) error
	atRevision bool
}

// historyRows runs each measure on the short then the long strategy, one
// client for d each, and compares the long with the short by p50.
func historyRows(ctx context.Context, scenario, idPrefix string, hs HistoryStreams, d time.Duration, measures []historyMeasure) []Row {
	var rows []Row
	for i, m := range measures {
		short := Closed(ctx, 1, d, m.op(hs.Short, hs.ShortRevs)).
			Row(scenario, fmt.Sprintf("%s, %d revisions", m.name, hs.ShortRevs), "queries/s")
		short.ID = fmt.Sprintf("%s%d", idPrefix, i+1)
		long := Closed(ctx, 1, d, m.op(hs.Long, hs.LongRevs)).
			Row(scenario, fmt.Sprintf("%s, %d revisions", m.name, hs.LongRevs), "queries/s")
		if short.P50Ms > 0 && long.P50Ms > 0 {
			long.Ratio, long.Baseline = long.P50Ms/short.P50Ms, short.ID+" (p50)"
			met := long.Ratio <= HistoryTargetRatio
			if !met {
				long.Note = joinNote(long.Note, fmt.Sprintf("ratio %.2f > 1.5", long.Ratio))
			}
			target := "<= 1.5 x short"
			if m.atRevision {
				target += ", p99 <= 20 ms"
				if long.P99Ms > float64(HistoryTargetP99)/1e6 {
					met = false
					long.Note = joinNote(long.Note, "p99 > 20 ms")
				}
			}
			long = long.Against(target, met)
		}
		rows = append(rows, short, long)
	}
	return rows
}
