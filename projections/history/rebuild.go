package history

import (
	"context"

	"github.com/creativeclusters/planner/projections"
)

// NewRebuild implements projections.Projection. Revisions of the stream
// being walked are held until it ends (or a flush), so that they are
// redacted with every path the stream erases.
func (*Projection) NewRebuild() projections.RebuildSink { return &sink{} }

type sink struct {
	cur *subjectHistory // the stream being walked
	// flushed: some of cur's revisions were written before all its
	// erasures were known.
	flushed bool

	revisions, blame, erased [][]any
	rewrites                 []rewrite
}

type rewrite struct {
	h        *subjectHistory
	revision int
}

func (s *sink) Add(u *projections.Update) error {
	if s.cur == nil || s.cur.id != u.Revision.StreamID {
		s.cur, s.flushed = newSubjectHistory(u.Revision.StreamID), false
	}
	return s.cur.add(u)
}

func (s *sink) EndStream(end *projections.StreamEnd) error {
	rows, err := s.cur.takeRevisions()
	if err != nil {
		return err
	}
	s.revisions = append(s.revisions, rows...)
	if s.flushed && len(s.cur.erased) > 0 {
		s.rewrites = append(s.rewrites, rewrite{h: s.cur, revision: end.Revision.Revision})
	}
	s.blame = append(s.blame, s.cur.blameRows()...)
	s.erased = append(s.erased, s.cur.erasedRows()...)
	s.cur = nil
	return nil
}

func (s *sink) Flush(ctx context.Context, w *projections.Writer, final bool) error {
	if s.cur != nil && len(s.cur.pending) > 0 {
		rows, err := s.cur.takeRevisions()
		if err != nil {
			return err
		}
		s.revisions = append(s.revisions, rows...)
		s.flushed = true
	}
	for _, t := range []struct {
		table   string
		columns []string
		rows    *[][]any
	}{
		{"revisions", revisionColumns, &s.revisions},
		{"blame", blameColumns, &s.blame},
		{"erased_paths", erasedColumns, &s.erased},
	} {
		if err := w.CopyFrom(ctx, t.table, t.columns, *t.rows); err != nil {
			return err
		}
		*t.rows = (*t.rows)[:0]
	}
	for _, r := range s.rewrites {
		if err := redactStored(ctx, w, r.h.id, r.revision, r.h.erased); err != nil {
			return err
		}
	}
	s.rewrites = s.rewrites[:0]
	if final {
		numberInLogOrder(w)
	}
	return nil
}

// numberInLogOrder gives the rebuilt revisions their seq in log order (the
// bulk load wrote them stream by stream) and makes the live projection
// continue after them.
func numberInLogOrder(w *projections.Writer) {
	w.Queue(`UPDATE {schema}.revisions r SET seq = o.n
		FROM (SELECT subject_id, number, row_number() OVER (ORDER BY position) AS n FROM {schema}.revisions) o
		WHERE r.subject_id = o.subject_id AND r.number = o.number`)
	w.Queue(`SELECT setval(pg_get_serial_sequence('{schema}.revisions', 'seq'),
		(SELECT coalesce(max(seq), 0) + 1 FROM {schema}.revisions), false)`)
}
