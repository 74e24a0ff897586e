package documents

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/subject"
)

// NewRebuild implements projections.Projection: only each subject's final
// state matters, plus who created it and when.
func (*Projection) NewRebuild() projections.RebuildSink { return &sink{} }

type sink struct {
	createdAt                   time.Time
	createdBy                   uuid.UUID
	subjects, versions, reviews [][]any
}

func (s *sink) Add(u *projections.Update) error {
	if u.Revision.Revision == 1 {
		s.createdAt, s.createdBy = u.Revision.RecordedAt, u.Revision.ActorID
	}
	return nil
}

func (s *sink) EndStream(end *projections.StreamEnd) error {
	rev := end.Revision
	s.subjects = append(s.subjects, subjectRow(rev, subject.Of(end.Doc), s.createdAt, s.createdBy))
	l, err := decodeLists(end.StateJSON)
	if err != nil {
		return err
	}
	s.versions = append(s.versions, versionRows(rev.StreamID, l.Versions)...)
	s.reviews = append(s.reviews, reviewRows(rev.StreamID, l.Reviews)...)
	return nil
}

func (s *sink) Flush(ctx context.Context, w *projections.Writer, _ bool) error {
	for _, t := range []struct {
		table   string
		columns []string
		rows    *[][]any
	}{
		{"subjects", subjectColumns, &s.subjects},
		{"versions", versionColumns, &s.versions},
		{"reviews", reviewColumns, &s.reviews},
	} {
		if err := w.CopyFrom(ctx, t.table, t.columns, *t.rows); err != nil {
			return err
		}
		*t.rows = (*t.rows)[:0]
	}
	return nil
}
