package documents

import (
	"context"
	"encoding/json"
	"fmt"
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
	l, err := listsOf(end)
	if err != nil {
		return err
	}
	s.versions = append(s.versions, versionRows(rev.StreamID, l.Versions)...)
	s.reviews = append(s.reviews, reviewRows(rev.StreamID, l.Reviews)...)
	return nil
}

// listsOf returns a stream's versions and reviews from its final state,
// which knows more about them than the document shows.
func listsOf(end *projections.StreamEnd) (lists, error) {
	if len(end.Doc.Lists["versions"]) == 0 && len(end.Doc.Lists["reviews"]) == 0 {
		return lists{}, nil
	}
	state, err := json.Marshal(end.State)
	if err != nil {
		return lists{}, fmt.Errorf("documents: encode state of %s: %w", end.Revision.StreamID, err)
	}
	return decodeLists(state)
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
