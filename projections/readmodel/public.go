package readmodel

import (
	"context"
	"encoding/json"
	"time"

	"github.com/creativeclusters/planner/domain"
)

// PublicDocuments lists the strategies and cooperation concepts an ADMIN
// published (their state has publishedAt), most recently published first.
// Which edition of them the public sees is for the caller to decide from
// the state.
func (r *Reader) PublicDocuments(ctx context.Context, p Page) (*Connection[*Subject], error) {
	l := list{name: "public", sel: subjectSelect, from: subjectFrom}
	l.where = append(l.where,
		"s.type = ANY("+l.arg([]string{string(domain.SubjectStrategy), string(domain.SubjectCooperationConcept)})+")",
		"st.state->>'publishedAt' IS NOT NULL")
	l.key, l.desc = []keyColumn{{"(st.state->>'publishedAt')::timestamptz", "timestamptz"}, {"s.id", "uuid"}}, true
	return fetch(ctx, r.pool, l, p, scanSubject, func(s *Subject) []any { return []any{PublishedAt(s), s.ID} })
}

// PublishedAt is when the subject was published, zero when it is not.
func PublishedAt(s *Subject) time.Time {
	var state struct {
		PublishedAt time.Time `json:"publishedAt"`
	}
	_ = json.Unmarshal(s.State, &state)
	return state.PublishedAt
}
