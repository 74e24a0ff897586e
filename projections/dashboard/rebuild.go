package dashboard

import (
	"context"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections"
)

// NewRebuild implements projections.Projection: activity is summed over the
// whole log and written at the end; figures come from final states.
func (*Projection) NewRebuild() projections.RebuildSink {
	return &sink{activity: map[activityKey]*activityCount{}}
}

type sink struct {
	activity           map[activityKey]*activityCount
	progress, concepts [][]any
}

func (s *sink) Add(u *projections.Update) error {
	rev := u.Revision
	k := activityKey{WeekStart(rev.RecordedAt), rev.ActorOrganisationID}
	if s.activity[k] == nil {
		s.activity[k] = &activityCount{}
	}
	s.activity[k].add(rev)
	return nil
}

func (s *sink) EndStream(end *projections.StreamEnd) error {
	switch end.Type {
	case domain.SubjectStrategy:
		figures, err := domain.FiguresOf(end.State)
		if err != nil {
			return err
		}
		row, err := progressRow(end.Revision, end.Doc, figures)
		if err != nil {
			return err
		}
		s.progress = append(s.progress, row)
	case domain.SubjectCooperationConcept:
		s.concepts = append(s.concepts, conceptRow(end.Revision, end.Doc))
	}
	return nil
}

func (s *sink) Flush(ctx context.Context, w *projections.Writer, final bool) error {
	if err := w.CopyFrom(ctx, "strategy_progress", progressColumns, s.progress); err != nil {
		return err
	}
	if err := w.CopyFrom(ctx, "concepts", []string{"concept_id", "status"}, s.concepts); err != nil {
		return err
	}
	s.progress, s.concepts = s.progress[:0], s.concepts[:0]
	if !final {
		return nil
	}
	rows := make([][]any, 0, len(s.activity))
	for k, n := range s.activity {
		rows = append(rows, []any{k.week, k.org, n.revisions, n.monitoring})
	}
	return w.CopyFrom(ctx, "activity", []string{"week_start", "organisation_id", "revisions", "monitoring"}, rows)
}
