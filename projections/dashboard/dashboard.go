package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/subject"
)

// Name is the projection's name (its consumer group); Schema its schema.
const (
	Name   = "dashboard"
	Schema = "proj_dashboard"
)

// Projection maintains proj_dashboard.
type Projection struct{}

// New returns the dashboard projection.
func New() *Projection { return &Projection{} }

// Name implements projections.Projection.
func (*Projection) Name() string { return Name }

// Schema implements projections.Projection.
func (*Projection) Schema() string { return Schema }

// Apply counts the batch's revisions in their weeks and refreshes each
// subject's figures as of its last revision in the batch: one statement
// per table.
func (*Projection) Apply(ctx context.Context, w *projections.Writer, batch []*projections.Update) error {
	activity := map[activityKey]*activityCount{}
	var keys []activityKey
	var order []uuid.UUID
	last := map[uuid.UUID]*projections.Update{}
	for _, u := range batch {
		rev := u.Revision
		k := activityKey{WeekStart(rev.RecordedAt), rev.ActorOrganisationID}
		if activity[k] == nil {
			keys = append(keys, k)
			activity[k] = &activityCount{}
		}
		activity[k].add(rev)
		if _, seen := last[rev.StreamID]; !seen {
			order = append(order, rev.StreamID)
		}
		last[rev.StreamID] = u
	}
	weeks, orgs := make([]time.Time, len(keys)), make([]uuid.UUID, len(keys))
	counts, monitoring := make([]int, len(keys)), make([]int, len(keys))
	for i, k := range keys {
		weeks[i], orgs[i], counts[i], monitoring[i] = k.week, k.org, activity[k].revisions, activity[k].monitoring
	}
	w.Queue(`INSERT INTO {schema}.activity AS a (week_start, organisation_id, revisions, monitoring)
		SELECT * FROM unnest($1::date[], $2::uuid[], $3::int[], $4::int[])
		ON CONFLICT (week_start, organisation_id) DO UPDATE SET revisions = a.revisions + excluded.revisions,
			monitoring = a.monitoring + excluded.monitoring`,
		weeks, orgs, counts, monitoring)

	var progress [][]any
	var conceptIDs []uuid.UUID
	var conceptStatuses []string
	for _, id := range order {
		u := last[id]
		switch u.Revision.StreamType {
		case domain.SubjectStrategy:
			row, err := progressRow(u.Revision, u.Digest.Head(), u.Digest.Figures)
			if err != nil {
				return err
			}
			progress = append(progress, row)
		case domain.SubjectCooperationConcept:
			row := conceptRow(u.Revision, u.Digest.Head())
			conceptIDs = append(conceptIDs, row[0].(uuid.UUID))
			conceptStatuses = append(conceptStatuses, row[1].(string))
		}
	}
	if len(progress) > 0 {
		w.Queue(`INSERT INTO {schema}.strategy_progress (`+progressColumnList+`)
			SELECT strategy_id, title, status, partner_ids::uuid[], location_ids::uuid[], updated_at, revision,
				objectives, measures, measures_by_status, indicators, indicators_on_track, open_milestones::date[], completion
			FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[],
				$8::int[], $9::int[], $10::jsonb[], $11::int[], $12::int[], $13::text[], $14::float8[])
				AS r(strategy_id, title, status, partner_ids, location_ids, updated_at, revision, objectives, measures,
					measures_by_status, indicators, indicators_on_track, open_milestones, completion)
			ON CONFLICT (strategy_id) DO UPDATE SET title = excluded.title, status = excluded.status,
				partner_ids = excluded.partner_ids, location_ids = excluded.location_ids, updated_at = excluded.updated_at,
				revision = excluded.revision, objectives = excluded.objectives, measures = excluded.measures,
				measures_by_status = excluded.measures_by_status, indicators = excluded.indicators,
				indicators_on_track = excluded.indicators_on_track, open_milestones = excluded.open_milestones,
				completion = excluded.completion`, progressArrays(progress)...)
	}
	if len(conceptIDs) > 0 {
		w.Queue(`INSERT INTO {schema}.concepts (concept_id, status) SELECT * FROM unnest($1::uuid[], $2::text[])
			ON CONFLICT (concept_id) DO UPDATE SET status = excluded.status`, conceptIDs, conceptStatuses)
	}
	return nil
}

// WeekStart returns the Monday (UTC) of the ISO week of t, the key of the
// activity buckets.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	offset := (int(day.Weekday()) + 6) % 7 // Monday 0 .. Sunday 6
	return day.AddDate(0, 0, -offset)
}

const progressColumnList = `strategy_id, title, status, partner_ids, location_ids, updated_at, revision, objectives,
	measures, measures_by_status, indicators, indicators_on_track, open_milestones, completion`

var progressColumns = []string{"strategy_id", "title", "status", "partner_ids", "location_ids", "updated_at",
	"revision", "objectives", "measures", "measures_by_status", "indicators", "indicators_on_track",
	"open_milestones", "completion"}

// progressRow is a strategy's strategy_progress row from its document and
// figures (strategy.Figures as JSON). A subject without figures (tests use
// stand-ins) gets its list columns and zero figures.
func progressRow(rev eventstore.Revision, doc domain.Doc, figures json.RawMessage) ([]any, error) {
	cols := subject.Of(doc)
	var f strategy.Figures
	if len(figures) > 0 {
		if err := json.Unmarshal(figures, &f); err != nil {
			return nil, fmt.Errorf("dashboard: figures of strategy %s: %w", rev.StreamID, err)
		}
	}
	open := make([]time.Time, len(f.OpenMilestones))
	for i, due := range f.OpenMilestones {
		t, err := time.Parse(time.DateOnly, due)
		if err != nil {
			return nil, fmt.Errorf("dashboard: strategy %s milestone due %q: %w", rev.StreamID, due, err)
		}
		open[i] = t
	}
	p := f.Progress
	if p.MeasuresByStatus == nil {
		p.MeasuresByStatus = make([]strategy.MeasureStatusCount, len(strategy.MeasureStatuses))
		for i, st := range strategy.MeasureStatuses {
			p.MeasuresByStatus[i] = strategy.MeasureStatusCount{Status: st}
		}
	}
	byStatus, err := json.Marshal(p.MeasuresByStatus)
	if err != nil {
		return nil, err
	}
	return []any{rev.StreamID, cols.Title, cols.Status, cols.PartnerIDs, cols.LocationIDs, rev.RecordedAt, rev.Revision,
		p.Objectives, p.Measures, byStatus, p.Indicators, p.IndicatorsOnTrack, open, p.Completion}, nil
}

// progressArrays turns progress rows into one typed array per column for
// unnest; nested arrays travel as array literals (see documents).
func progressArrays(rows [][]any) []any {
	var (
		ids                                                  []uuid.UUID
		titles, partners, places, byStatus, open             []string
		statuses                                             []*string
		updated                                              []time.Time
		revisions, objectives, measures, indicators, onTrack []int
		completion                                           []float64
	)
	for _, r := range rows {
		ids = append(ids, r[0].(uuid.UUID))
		titles = append(titles, r[1].(string))
		statuses = append(statuses, r[2].(*string))
		partners = append(partners, subject.ArrayLiteral(r[3].([]uuid.UUID), uuid.UUID.String))
		places = append(places, subject.ArrayLiteral(r[4].([]uuid.UUID), uuid.UUID.String))
		updated = append(updated, r[5].(time.Time))
		revisions = append(revisions, r[6].(int))
		objectives = append(objectives, r[7].(int))
		measures = append(measures, r[8].(int))
		byStatus = append(byStatus, string(r[9].([]byte)))
		indicators = append(indicators, r[10].(int))
		onTrack = append(onTrack, r[11].(int))
		open = append(open, subject.ArrayLiteral(r[12].([]time.Time), func(t time.Time) string { return t.Format(time.DateOnly) }))
		completion = append(completion, r[13].(float64))
	}
	return []any{ids, titles, statuses, partners, places, updated, revisions, objectives, measures, byStatus,
		indicators, onTrack, open, completion}
}

func conceptRow(rev eventstore.Revision, doc domain.Doc) []any {
	status := ""
	if s := subject.Of(doc).Status; s != nil {
		status = *s
	}
	return []any{rev.StreamID, status}
}

// activityCount is one activity bucket's revisions, and how many of them
// recorded progress (monitoring) rather than edited content.
type activityCount struct {
	revisions, monitoring int
}

func (c *activityCount) add(rev eventstore.Revision) {
	c.revisions++
	if rev.StreamType == domain.SubjectStrategy && strategy.IsMonitoringAction(rev.Action) {
		c.monitoring++
	}
}

type activityKey struct {
	week time.Time
	org  uuid.UUID
}
