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

// Apply counts the revision in its week and refreshes the subject's
// figures.
func (*Projection) Apply(ctx context.Context, w *projections.Writer, u *projections.Update) error {
	rev := u.Revision
	w.Queue(`INSERT INTO {schema}.activity AS a (week_start, organisation_id, revisions) VALUES ($1, $2, 1)
		ON CONFLICT (week_start, organisation_id) DO UPDATE SET revisions = a.revisions + 1`,
		WeekStart(rev.RecordedAt), rev.ActorOrganisationID)
	switch rev.StreamType {
	case domain.SubjectStrategy:
		row, err := progressRow(rev, u.After, u.State)
		if err != nil {
			return err
		}
		w.Queue(`INSERT INTO {schema}.strategy_progress (`+progressColumnList+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (strategy_id) DO UPDATE SET title = excluded.title, status = excluded.status,
				partner_ids = excluded.partner_ids, location_ids = excluded.location_ids, updated_at = excluded.updated_at,
				revision = excluded.revision, objectives = excluded.objectives, measures = excluded.measures,
				measures_by_status = excluded.measures_by_status, indicators = excluded.indicators,
				indicators_on_track = excluded.indicators_on_track, open_milestones = excluded.open_milestones,
				completion = excluded.completion`, row...)
	case domain.SubjectCooperationConcept:
		w.Queue(`INSERT INTO {schema}.concepts (concept_id, status) VALUES ($1, $2)
			ON CONFLICT (concept_id) DO UPDATE SET status = excluded.status`, conceptRow(rev, u.After)...)
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

// progressRow computes a strategy's figures. A strategy state of another
// type (tests use stand-ins) gets its list columns and zero figures.
func progressRow(rev eventstore.Revision, doc domain.Doc, state domain.Aggregate) ([]any, error) {
	cols := subject.Of(doc)
	var p strategy.Progress
	open := []time.Time{}
	if s, ok := state.(*strategy.Strategy); ok {
		// The zero day: nothing is overdue yet; the read model counts
		// overdue milestones from open_milestones on the day it is read.
		p = s.Progress(time.Time{})
		for _, pr := range s.Priorities {
			for _, o := range pr.Objectives {
				for _, m := range o.Measures {
					for _, ms := range m.Milestones {
						if ms.Done {
							continue
						}
						due, err := time.Parse(time.DateOnly, ms.Due)
						if err != nil {
							return nil, fmt.Errorf("dashboard: strategy %s milestone %s: %w", rev.StreamID, ms.Key, err)
						}
						open = append(open, due)
					}
				}
			}
		}
	}
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

func conceptRow(rev eventstore.Revision, doc domain.Doc) []any {
	status := ""
	if s := subject.Of(doc).Status; s != nil {
		status = *s
	}
	return []any{rev.StreamID, status}
}

type activityKey struct {
	week time.Time
	org  uuid.UUID
}
