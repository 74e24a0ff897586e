package readmodel_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/projections/readmodel"
)

func ptr[T any](v T) *T { return &v }

func titles(subjects []*readmodel.Subject) []string {
	out := make([]string, len(subjects))
	for i, s := range subjects {
		out[i] = s.Title
	}
	return out
}

func TestReadModels(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r := f.reader

	t.Run("subject by id with state and meta", func(t *testing.T) {
		s, err := r.Subject(ctx, f.strategies[0])
		if err != nil || s == nil {
			t.Fatalf("subject: %v %v", s, err)
		}
		var state strategy.Strategy
		if err := json.Unmarshal(s.State, &state); err != nil {
			t.Fatal(err)
		}
		if state.Title != "Creative Baltic 2030" || s.Type != domain.SubjectStrategy || s.Revision != state.Revision ||
			s.Status != "IN_REVIEW" || len(state.Priorities) != 1 || s.CreatedBy != f.admin.ID || s.UpdatedBy != f.admin.ID ||
			!s.UpdatedAt.After(s.CreatedAt) || len(s.PartnerIDs) != 2 || s.LocationIDs[0] != f.locations["Vilnius"] {
			t.Errorf("subject %+v, state %+v", s, state)
		}
		none, err := r.Subject(ctx, uuid.New())
		if none != nil || err != nil {
			t.Errorf("unknown subject: %v %v", none, err)
		}
		batch, err := r.Subjects(ctx, []uuid.UUID{f.concepts[0], uuid.New(), f.orgs["Baltic Hub"]})
		if err != nil || batch[0].Title != "Consultancy Desk" || batch[1] != nil || batch[2].Title != "Baltic Hub" {
			t.Errorf("batch: %v %v", batch, err)
		}
		if *batch[0].StrategyID != f.strategies[0] || batch[0].Kind != "CONSULTANCY_STRUCTURE" || batch[2].LocationIDs[0] != f.locations["Vilnius"] {
			t.Errorf("concept and organisation columns: %+v %+v", batch[0], batch[2])
		}
	})

	t.Run("strategies most recently updated first with filters", func(t *testing.T) {
		all, err := r.Strategies(ctx, readmodel.Page{}, readmodel.StrategyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Hanse Culture Strategy", "Creative Baltic 2030", "Vistula Arts"}
		if got := titles(all.Nodes()); !slices.Equal(got, want) {
			t.Errorf("strategies %v, want %v", got, want)
		}
		for size := 1; size <= 3; size++ {
			pageThrough(t, "strategies", size, all.Nodes(), func(s *readmodel.Subject) string { return s.Title },
				func(p readmodel.Page) (*readmodel.Connection[*readmodel.Subject], error) {
					return r.Strategies(ctx, p, readmodel.StrategyFilter{})
				})
		}
		if n, err := all.TotalCount(ctx); n != 3 || err != nil {
			t.Errorf("total %d %v", n, err)
		}
		for _, c := range []struct {
			filter readmodel.StrategyFilter
			want   []string
		}{
			{readmodel.StrategyFilter{Status: []string{"IN_REVIEW"}}, []string{"Creative Baltic 2030"}},
			{readmodel.StrategyFilter{Status: []string{"DRAFT", "ADOPTED"}}, []string{"Hanse Culture Strategy", "Vistula Arts"}},
			{readmodel.StrategyFilter{PartnerID: ptr(f.orgs["Kreativ Hamburg"])}, []string{"Hanse Culture Strategy", "Creative Baltic 2030"}},
			{readmodel.StrategyFilter{LocationID: ptr(f.locations["Gdańsk"])}, []string{"Vistula Arts"}},
			{readmodel.StrategyFilter{Search: "cULTURE"}, []string{"Hanse Culture Strategy"}},
			{readmodel.StrategyFilter{Search: "%"}, nil},
			{readmodel.StrategyFilter{Search: "a", PartnerID: ptr(f.orgs["Art Gdańsk"])}, []string{"Vistula Arts"}},
		} {
			conn, err := r.Strategies(ctx, readmodel.Page{}, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := conn.TotalCount(ctx)
			if got := titles(conn.Nodes()); !slices.Equal(got, c.want) || n != len(c.want) {
				t.Errorf("filter %+v: %v (total %d), want %v", c.filter, got, n, c.want)
			}
		}
	})

	t.Run("organisations by name, locations by country then name", func(t *testing.T) {
		orgs, err := r.Organisations(ctx, readmodel.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(orgs.Nodes()); !slices.Equal(got, []string{"Art Gdańsk", "Baltic Hub", "Berlin Works", "Kreativ Hamburg"}) {
			t.Errorf("organisations %v", got)
		}
		pageThrough(t, "organisations", 3, orgs.Nodes(), func(s *readmodel.Subject) string { return s.Title },
			func(p readmodel.Page) (*readmodel.Connection[*readmodel.Subject], error) {
				return r.Organisations(ctx, p)
			})
		locs, err := r.Locations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(locs); !slices.Equal(got, []string{"Berlin", "Hamburg", "Vilnius", "Gdańsk"}) {
			t.Errorf("locations %v", got)
		}
	})

	t.Run("concepts with filters and per strategy", func(t *testing.T) {
		conn, err := r.Concepts(ctx, readmodel.Page{}, readmodel.ConceptFilter{StrategyID: &f.strategies[1]})
		if err != nil || !slices.Equal(titles(conn.Nodes()), []string{"Local Labs"}) {
			t.Errorf("concepts of strategy 2: %v %v", titles(conn.Nodes()), err)
		}
		conn, err = r.Concepts(ctx, readmodel.Page{}, readmodel.ConceptFilter{Kind: []string{"LOCAL_PROCESS_SUPPORT"}})
		if err != nil || len(conn.Edges) != 0 {
			t.Errorf("concepts of another kind: %v %v", titles(conn.Nodes()), err)
		}
		conn, err = r.Concepts(ctx, readmodel.Page{}, readmodel.ConceptFilter{Status: []string{"DRAFT"}})
		if err != nil || !slices.Equal(titles(conn.Nodes()), []string{"Local Labs", "Consultancy Desk"}) {
			t.Errorf("draft concepts: %v %v", titles(conn.Nodes()), err)
		}
		by, err := r.ConceptsOfStrategies(ctx, []uuid.UUID{f.strategies[0], f.strategies[2]})
		if err != nil || len(by[f.strategies[0]]) != 1 || by[f.strategies[0]][0].ID != f.concepts[0] || len(by[f.strategies[2]]) != 0 {
			t.Errorf("concepts of strategies: %v %v", by, err)
		}
	})

	t.Run("versions and reviews", func(t *testing.T) {
		versions, err := r.Versions(ctx, f.strategies[0])
		if err != nil || len(versions) != 1 || versions[0].Name != "draft-3" || versions[0].Revision != 3 ||
			versions[0].Note != "first cut" || *versions[0].CreatedBy != f.admin.ID {
			t.Errorf("versions %+v %v", versions, err)
		}
		v, err := r.Version(ctx, f.strategies[0], "draft-3")
		if err != nil || v == nil {
			t.Errorf("version by name: %v %v", v, err)
		}
		if v, _ := r.Version(ctx, f.strategies[0], "nope"); v != nil {
			t.Errorf("unknown version: %+v", v)
		}
		reviews, err := r.Reviews(ctx, f.strategies[0])
		if err != nil || len(reviews) != 1 || reviews[0].Decision != "APPROVED" || reviews[0].ReviewerID != f.reviewer.ID ||
			reviews[0].Country != "LT" || reviews[0].Comment != "fine" {
			t.Fatalf("reviews %+v %v", reviews, err)
		}
		one, err := r.Review(ctx, reviews[0].ID)
		if err != nil || one == nil || one.SubjectID != f.strategies[0] {
			t.Errorf("review by id: %+v %v", one, err)
		}
		if none, err := r.Review(ctx, uuid.New()); none != nil || err != nil {
			t.Errorf("unknown review: %v %v", none, err)
		}
	})

	t.Run("pagination arguments are validated", func(t *testing.T) {
		bad := []readmodel.Page{
			{First: ptr(0)}, {First: ptr(101)}, {Last: ptr(-1)},
			{First: ptr(1), Last: ptr(1)}, {After: ptr("x"), Before: ptr("y")},
			{After: ptr("not a cursor")},
		}
		for _, p := range bad {
			_, err := r.Strategies(ctx, p, readmodel.StrategyFilter{})
			var v *domain.ValidationError
			if !errors.As(err, &v) {
				t.Errorf("page %+v: %v, want a validation error", p, err)
			}
		}
		orgs, _ := r.Organisations(ctx, readmodel.Page{First: ptr(1)})
		_, err := r.Strategies(ctx, readmodel.Page{After: orgs.PageInfo.EndCursor}, readmodel.StrategyFilter{})
		var v *domain.ValidationError
		if !errors.As(err, &v) {
			t.Errorf("another list's cursor: %v, want a validation error", err)
		}
	})
}
