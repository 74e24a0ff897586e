package readmodel

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// StatusCount is how many items have one status.
type StatusCount struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

// StrategyProgress is a strategy's implementation figures.
type StrategyProgress struct {
	StrategyID uuid.UUID
	Title      string
	Status     string
	UpdatedAt  time.Time
	Revision   int
	Objectives int
	Measures   int
	// MeasuresByStatus has every MeasureStatus, in the contract's order.
	MeasuresByStatus  []StatusCount
	Indicators        int
	IndicatorsOnTrack int
	// MilestonesOverdue counts open milestones due before today (the
	// Reader's clock).
	MilestonesOverdue int
	// Completion is completed / (measures - cancelled), 0 without any.
	Completion float64
}

// progressSelect's last argument is today's date.
const progressSelect = `p.strategy_id, p.title, COALESCE(p.status, ''), p.updated_at, p.revision, p.objectives,
	p.measures, p.measures_by_status, p.indicators, p.indicators_on_track,
	(SELECT count(*) FROM unnest(p.open_milestones) AS due WHERE due < $1::date), p.completion`

const progressFrom = `FROM proj_dashboard.strategy_progress p`

func scanProgress(row pgx.Rows) (*StrategyProgress, error) {
	var p StrategyProgress
	var byStatus []byte
	if err := row.Scan(&p.StrategyID, &p.Title, &p.Status, &p.UpdatedAt, &p.Revision, &p.Objectives, &p.Measures,
		&byStatus, &p.Indicators, &p.IndicatorsOnTrack, &p.MilestonesOverdue, &p.Completion); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(byStatus, &p.MeasuresByStatus); err != nil {
		return nil, fmt.Errorf("measures by status of %s: %w", p.StrategyID, err)
	}
	return &p, nil
}

func (r *Reader) todayDate() string { return r.today().UTC().Format(time.DateOnly) }

// StrategyProgress lists strategies' figures, most recently updated
// strategy first (Dashboard.strategies).
func (r *Reader) StrategyProgress(ctx context.Context, p Page, f StrategyFilter) (*Connection[*StrategyProgress], error) {
	l := list{name: "progress", sel: progressSelect, from: progressFrom, desc: true,
		key: []keyColumn{{"p.updated_at", "timestamptz"}, {"p.strategy_id", "uuid"}}}
	// $1 of progressSelect, also referenced by the filter, so that the
	// count and exists queries (which select no figures) can type it.
	l.where = append(l.where, l.arg(r.todayDate())+"::date IS NOT NULL")
	f.apply(&l, "p")
	return fetch(ctx, r.pool, l, p, scanProgress, func(sp *StrategyProgress) []any { return []any{sp.UpdatedAt, sp.StrategyID} })
}

// ProgressOf returns the figures of the given strategies in their order,
// nil for unknown ones (Strategy.progress, batched).
func (r *Reader) ProgressOf(ctx context.Context, ids []uuid.UUID) ([]*StrategyProgress, error) {
	rows, err := r.pool.Query(ctx, `SELECT `+progressSelect+` `+progressFrom+` WHERE p.strategy_id = ANY($2)`,
		r.todayDate(), ids)
	if err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*StrategyProgress, error) { return scanProgress(row.(pgx.Rows)) })
	if err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	byID := make(map[uuid.UUID]*StrategyProgress, len(found))
	for _, p := range found {
		byID[p.StrategyID] = p
	}
	out := make([]*StrategyProgress, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// ConceptStatuses are the contract's ConceptStatus values, in order.
var ConceptStatuses = []string{"DRAFT", "SPECIFIED", "PILOTING", "EVALUATED", "ADOPTED", "DISCONTINUED"}

// ConceptCounts counts cooperation concepts per status: every status of
// the contract, in its order, zeros included (statuses it does not know
// follow).
func (r *Reader) ConceptCounts(ctx context.Context) ([]StatusCount, error) {
	rows, err := r.pool.Query(ctx, `SELECT status, count(*) FROM proj_dashboard.concepts GROUP BY status ORDER BY status`)
	if err != nil {
		return nil, fmt.Errorf("concept counts: %w", err)
	}
	counts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StatusCount])
	if err != nil {
		return nil, fmt.Errorf("concept counts: %w", err)
	}
	byStatus := map[string]int{}
	for _, c := range counts {
		byStatus[c.Status] = c.Count
	}
	out := make([]StatusCount, 0, len(ConceptStatuses))
	for _, s := range ConceptStatuses {
		out = append(out, StatusCount{Status: s, Count: byStatus[s]})
		delete(byStatus, s)
	}
	for _, c := range counts {
		if _, unknown := byStatus[c.Status]; unknown {
			out = append(out, c)
		}
	}
	return out, nil
}

// ActivityBucket counts revisions of one ISO week by one organisation.
type ActivityBucket struct {
	// WeekStart is the Monday of the week.
	WeekStart time.Time
	// OrganisationID is nil for actors without an organisation.
	OrganisationID *uuid.UUID
	Revisions      int
	// Monitoring counts the revisions among them that recorded progress
	// (strategy.IsMonitoringAction) rather than edited content.
	Monitoring int
}

// Activity returns revisions per ISO week and actor organisation for the
// last weeks weeks (the current one included), oldest week first, then by
// organisation.
func (r *Reader) Activity(ctx context.Context, weeks int) ([]ActivityBucket, error) {
	if weeks < 1 || weeks > 520 {
		return nil, fmt.Errorf("activity: weeks must be between 1 and 520, got %d", weeks)
	}
	today := r.today().UTC()
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	from := monday.AddDate(0, 0, -7*(weeks-1))
	rows, err := r.pool.Query(ctx, `SELECT week_start, NULLIF(organisation_id, '00000000-0000-0000-0000-000000000000'), revisions, monitoring
		FROM proj_dashboard.activity WHERE week_start >= $1::date ORDER BY week_start, organisation_id`,
		from.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("activity: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ActivityBucket, error) {
		var b ActivityBucket
		err := row.Scan(&b.WeekStart, &b.OrganisationID, &b.Revisions, &b.Monitoring)
		return b, err
	})
}

// DashboardPosition is the log position the dashboard figures include:
// the highest the dashboard projection applied.
func (r *Reader) DashboardPosition(ctx context.Context) (int64, error) {
	var pos int64
	err := r.pool.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM proj_dashboard.streams`).Scan(&pos)
	return pos, err
}
