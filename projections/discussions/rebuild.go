package discussions

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections"
)

// NewRebuild implements projections.Projection: threads are folded from
// their events as Apply folds them and written at their stream's end;
// documents take their last revision's facts; every revision of a
// document or thread is a feed row.
func (p *Projection) NewRebuild() projections.RebuildSink {
	return &sink{registry: p.registry}
}

type sink struct {
	registry                               *domain.Registry
	model                                  *Model
	threads, messages, documents, activity [][]any
}

func (s *sink) Add(u *projections.Update) error {
	rev := u.Revision
	kind := kindOf(rev)
	switch rev.StreamType {
	case domain.SubjectDiscussionThread:
		if s.model == nil || rev.Revision == 1 {
			s.model = &Model{}
		}
		events, err := decode(s.registry, rev)
		if err != nil {
			return err
		}
		s.model.fold(rev, events)
		t := &s.model.Thread
		s.activity = append(s.activity, activityRow(rev, kind, t.DocumentType, t.DocumentID, new(t.ID)))
	case domain.SubjectStrategy, domain.SubjectCooperationConcept:
		s.activity = append(s.activity, activityRow(rev, kind, rev.StreamType, rev.StreamID, nil))
	}
	return nil
}

func (s *sink) EndStream(end *projections.StreamEnd) error {
	switch end.Type {
	case domain.SubjectDiscussionThread:
		m := s.model
		s.model = nil
		if m == nil || m.Thread.ID != end.Revision.StreamID {
			return fmt.Errorf("discussions: rebuild ended thread %s it did not fold", end.Revision.StreamID)
		}
		state, err := json.Marshal(m)
		if err != nil {
			return err
		}
		s.threads = append(s.threads, m.threadRow(state))
		s.messages = append(s.messages, m.messageRows()...)
	case domain.SubjectStrategy, domain.SubjectCooperationConcept:
		s.documents = append(s.documents, documentRow(end.Revision, end.Doc))
	}
	return nil
}

func (s *sink) Flush(ctx context.Context, w *projections.Writer, _ bool) error {
	for _, t := range []struct {
		table   string
		columns []string
		rows    *[][]any
	}{
		{"threads", threadColumns, &s.threads},
		{"messages", messageColumns, &s.messages},
		{"documents", documentColumns, &s.documents},
		{"activity", activityColumns, &s.activity},
	} {
		if err := w.CopyFrom(ctx, t.table, t.columns, *t.rows); err != nil {
			return err
		}
		*t.rows = (*t.rows)[:0]
	}
	return nil
}
