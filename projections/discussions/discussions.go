package discussions

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections"
)

// Name is the projection's name (its consumer group); Schema its schema.
const (
	Name   = "discussions"
	Schema = "proj_discussions"
)

// Projection maintains proj_discussions.
type Projection struct {
	registry *domain.Registry
}

// New returns the discussions projection; registry decodes the threads'
// events (the store's, catalog.Registry()).
func New(registry *domain.Registry) *Projection { return &Projection{registry: registry} }

// Name implements projections.Projection.
func (*Projection) Name() string { return Name }

// Schema implements projections.Projection.
func (*Projection) Schema() string { return Schema }

// Apply folds the batch's thread revisions into their models (read in one
// query), rewrites each touched thread's rows, keeps each document's feed
// facts as of its last revision, and appends the feed's rows.
func (p *Projection) Apply(ctx context.Context, w *projections.Writer, batch []*projections.Update) error {
	var threadIDs []uuid.UUID
	for _, u := range batch {
		if u.Revision.StreamType == domain.SubjectDiscussionThread {
			threadIDs = append(threadIDs, u.Revision.StreamID)
		}
	}
	models, err := p.loadModels(ctx, w, threadIDs)
	if err != nil {
		return err
	}
	var (
		touched  []uuid.UUID
		activity [][]any
		docs     = map[uuid.UUID][]any{}
		docOrder []uuid.UUID
	)
	for _, u := range batch {
		rev := u.Revision
		kind := kindOf(rev)
		switch rev.StreamType {
		case domain.SubjectDiscussionThread:
			m := models[rev.StreamID]
			if m == nil {
				m = &Model{}
				models[rev.StreamID] = m
			}
			if !contains(touched, rev.StreamID) {
				touched = append(touched, rev.StreamID)
			}
			events, err := decode(p.registry, rev)
			if err != nil {
				return err
			}
			m.fold(rev, events)
			activity = append(activity, activityRow(rev, kind, m.Thread.DocumentType, m.Thread.DocumentID, &m.Thread.ID))
		case domain.SubjectStrategy, domain.SubjectCooperationConcept:
			if _, seen := docs[rev.StreamID]; !seen {
				docOrder = append(docOrder, rev.StreamID)
			}
			docs[rev.StreamID] = documentRow(rev, u.Digest.Head())
			activity = append(activity, activityRow(rev, kind, rev.StreamType, rev.StreamID, nil))
		}
	}
	var threadRows, messageRows [][]any
	for _, id := range touched {
		m := models[id]
		state, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("discussions: encode thread %s: %w", id, err)
		}
		threadRows = append(threadRows, m.threadRow(state))
		messageRows = append(messageRows, m.messageRows()...)
	}
	if len(touched) > 0 {
		if err := queueUpsert(w, "threads", threadColumns, "thread_id", threadRows); err != nil {
			return err
		}
		w.Queue(`DELETE FROM {schema}.messages WHERE thread_id = ANY($1)`, touched)
		if err := queueUpsert(w, "messages", messageColumns, "", messageRows); err != nil {
			return err
		}
	}
	if len(docOrder) > 0 {
		rows := make([][]any, len(docOrder))
		for i, id := range docOrder {
			rows[i] = docs[id]
		}
		if err := queueUpsert(w, "documents", documentColumns, "document_id", rows); err != nil {
			return err
		}
	}
	if len(activity) > 0 {
		return queueUpsert(w, "activity", activityColumns, "position", activity)
	}
	return nil
}

func contains(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// loadModels reads the stored models of the given threads (new ones have
// none yet).
func (p *Projection) loadModels(ctx context.Context, w *projections.Writer, ids []uuid.UUID) (map[uuid.UUID]*Model, error) {
	models := map[uuid.UUID]*Model{}
	if len(ids) == 0 {
		return models, nil
	}
	rows, err := w.Query(ctx, `SELECT thread_id, state FROM {schema}.threads WHERE thread_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("discussions: read threads: %w", err)
	}
	var (
		id  uuid.UUID
		raw []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		m := &Model{}
		if err := json.Unmarshal(raw, m); err != nil {
			return fmt.Errorf("discussions: decode thread %s: %w", id, err)
		}
		models[id] = m
		return nil
	})
	return models, err
}

// queueUpsert queues one statement that writes rows (in columns' order)
// into table, as JSON records: one parameter whatever the row count.
// conflict names the key that replaces an existing row; "" inserts only.
func queueUpsert(w *projections.Writer, table string, columns []string, conflict string, rows [][]any) error {
	records := make([]map[string]any, len(rows))
	for i, row := range rows {
		rec := make(map[string]any, len(columns))
		for j, c := range columns {
			if raw, ok := row[j].([]byte); ok {
				rec[c] = json.RawMessage(raw)
				continue
			}
			rec[c] = row[j]
		}
		records[i] = rec
	}
	payload, err := json.Marshal(records)
	if err != nil {
		return fmt.Errorf("discussions: encode %s rows: %w", table, err)
	}
	list := strings.Join(columns, ", ")
	stmt := `INSERT INTO {schema}.` + table + ` (` + list + `) SELECT ` + list +
		` FROM jsonb_populate_recordset(NULL::{schema}.` + table + `, $1::jsonb)`
	if conflict != "" {
		sets := make([]string, 0, len(columns))
		for _, c := range columns {
			if c != conflict {
				sets = append(sets, c+" = excluded."+c)
			}
		}
		stmt += ` ON CONFLICT (` + conflict + `) DO UPDATE SET ` + strings.Join(sets, ", ")
	}
	w.Queue(stmt, string(payload))
	return nil
}
