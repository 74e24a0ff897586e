package authztest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver"
)

// TestWithoutATokenOnlyThePublicViewAnswers asks every root Query field
// without a token: the public ones answer, every other one, alone or
// beside a public one, is UNAUTHENTICATED (HTTP 401, nothing executed), as
// before the public view existed. Mutations are covered by the matrix's
// "no token" column.
func TestWithoutATokenOnlyThePublicViewAnswers(t *testing.T) {
	w := newWorld(t)
	resp := w.post(t, w.tokens[viewer], `{ __schema { queryType { fields { name } } } }`, nil)
	var data struct {
		Schema struct {
			QueryType struct{ Fields []struct{ Name string } }
		} `json:"__schema"`
	}
	resp.decodeData(t, &data)
	var others []string
	for _, f := range data.Schema.QueryType.Fields {
		if !slices.Contains(resolver.PublicQueryFields, f.Name) {
			others = append(others, f.Name)
		}
	}
	if len(others) < 10 {
		t.Fatalf("only %d non-public root fields: %v", len(others), others)
	}
	for _, name := range others {
		// The transport refuses on the field's name, before validation, so
		// no arguments are needed to ask.
		for _, q := range []string{`{ ` + name + ` }`, `{ publicDocuments(first: 1) { totalCount } ` + name + ` }`} {
			resp := w.post(t, "", q, nil)
			if codes := resp.codes(); resp.Status != http.StatusUnauthorized || len(codes) != 1 || codes[0] != "UNAUTHENTICATED" || resp.Data != nil {
				t.Errorf("%s without a token: HTTP %d %s, want 401 UNAUTHENTICATED", q, resp.Status, resp.Raw)
			}
		}
	}
	for _, q := range []string{
		`{ publicDocuments(first: 5) { totalCount nodes { id title } pageInfo { hasNextPage } } }`,
		`{ publicStrategy(id: "0196a000-0000-7000-8000-000000000001") { title } }`,
		`{ publicConcept(id: "not an id") { title } }`,
	} {
		resp := w.post(t, "", q, nil)
		if resp.Status != http.StatusOK || len(resp.Errors) > 0 {
			t.Errorf("%s without a token: HTTP %d %s", q, resp.Status, resp.Raw)
		}
	}
}

const publicStrategyQuery = `query($id: ID!) { publicStrategy(id: $id) {
  id title vision edition { name revision adoptedAt } publishedAt
  partnerships { organisation { name country website } role }
  sections { key heading body }
  changeAnnex { previousEdition { name revision } changes { path kind before after } }
} }`

type publicStrategy struct {
	ID, Title string
	Edition   struct {
		Name     string
		Revision int
	}
	Partnerships []struct {
		Organisation struct{ Name, Country string }
		Role         string
	}
	Sections []struct{ Key, Heading, Body string }
	Annex    struct {
		PreviousEdition *struct {
			Name     string
			Revision int
		}
		Changes []struct {
			Path, Kind    string
			Before, After any
		}
	} `json:"changeAnnex"`
}

func (w *world) readPublicStrategy(t *testing.T, id string) *publicStrategy {
	t.Helper()
	resp := w.post(t, "", publicStrategyQuery, map[string]any{"id": id})
	if resp.Status != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("publicStrategy: HTTP %d %s", resp.Status, resp.Raw)
	}
	var data struct{ PublicStrategy *publicStrategy }
	resp.decodeData(t, &data)
	return data.PublicStrategy
}

// TestThePublicViewShowsTheAdoptedEditionOnly follows a strategy through
// publication, a reopened draft, a second edition and withdrawal, read
// without a token at each step.
func TestThePublicViewShowsTheAdoptedEditionOnly(t *testing.T) {
	w := newWorld(t)
	id := w.adopted(t)

	if got := w.readPublicStrategy(t, id); got != nil {
		t.Fatalf("adopted but unpublished strategy is public: %+v", got)
	}
	w.strategyStep(t, "publishStrategy", "StrategyWorkflowInput", input{"strategyId": id})
	first := w.readPublicStrategy(t, id)
	if first == nil || first.ID != id || !strings.HasPrefix(first.Edition.Name, "adopted-") || first.Annex.PreviousEdition != nil || len(first.Annex.Changes) != 0 {
		t.Fatalf("published strategy: %+v", first)
	}
	if len(first.Partnerships) != 2 || first.Partnerships[0].Organisation.Country == "" {
		t.Errorf("partnerships %+v", first.Partnerships)
	}

	// A reopened draft is edited: the public still reads the adopted text.
	w.strategyStep(t, "reopenStrategy", "StrategyWorkflowInput", input{"strategyId": id})
	section := w.section(t, id)
	if got := w.readPublicStrategy(t, id); got == nil || len(got.Sections) != len(first.Sections) || got.Edition != first.Edition {
		t.Fatalf("the draft leaked into the public view: %+v", got)
	}

	// The second edition is adopted: the public reads it, with its annex.
	p := w.strategyStep(t, "submitStrategyForReview", "StrategyWorkflowInput", input{"strategyId": id})
	for _, token := range []string{w.tokens[reviewer], w.reviewer2} {
		w.mustRun(t, token, `mutation($input: ReviewStrategyInput!) { reviewStrategy(input: $input) { `+strategyFields+` } }`,
			input{"strategyId": id, "contentRevision": p.Strategy.ContentRevision, "decision": "APPROVED"}, "reviewStrategy", nil)
	}
	w.strategyStep(t, "adoptStrategy", "StrategyWorkflowInput", input{"strategyId": id})
	second := w.readPublicStrategy(t, id)
	if second == nil || second.Edition.Revision <= first.Edition.Revision || second.Annex.PreviousEdition == nil ||
		second.Annex.PreviousEdition.Name != first.Edition.Name {
		t.Fatalf("second edition: %+v", second)
	}
	wantPath := "/sections/" + section
	if len(second.Annex.Changes) != 1 || second.Annex.Changes[0].Path != wantPath || second.Annex.Changes[0].Kind != "ADDED" {
		t.Errorf("annex %+v, want the one added section %s", second.Annex.Changes, wantPath)
	}

	// Withdrawn: gone at once, although it exists.
	w.strategyStep(t, "unpublishStrategy", "StrategyWorkflowInput", input{"strategyId": id})
	if got := w.readPublicStrategy(t, id); got != nil {
		t.Fatalf("withdrawn strategy still public: %+v", got)
	}
	// The publication and the withdrawal are revisions like any other.
	var actions []string
	rows, err := w.pool.Query(t.Context(), `SELECT action FROM events WHERE stream_id = $1 AND action LIKE '%ublish%' ORDER BY position`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, a)
	}
	if !slices.Equal(actions, []string{"publishStrategy", "unpublishStrategy"}) {
		t.Errorf("recorded actions %v", actions)
	}
}

// The public concept shows the adopted concept and its pilots' results,
// nothing of persons.
func TestThePublicViewOfAConcept(t *testing.T) {
	w := newWorld(t)
	id := w.adoptedConcept(t)
	q := `query($id: ID!) { publicConcept(id: $id) { id title kind edition { name revision } partners { name country }
	  pilots { location { name country } status outcome } evaluation { recommendation findings } strategy { id } } }`
	read := func() json.RawMessage {
		resp := w.post(t, "", q, map[string]any{"id": id})
		if resp.Status != http.StatusOK || len(resp.Errors) > 0 {
			t.Fatalf("publicConcept: HTTP %d %s", resp.Status, resp.Raw)
		}
		return resp.Data["publicConcept"]
	}
	if got := read(); !isNull(got) {
		t.Fatalf("unpublished concept is public: %s", got)
	}
	w.conceptStep(t, "publishCooperationConcept", "ConceptWorkflowInput", input{"conceptId": id})
	var c struct {
		ID      string
		Edition struct {
			Name     *string
			Revision int
		}
		Partners []struct{ Name, Country string }
		Pilots   []struct {
			Status, Outcome string
			Location        struct{ Name string }
		}
		Evaluation struct{ Recommendation string }
	}
	if err := json.Unmarshal(read(), &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != id || c.Edition.Name != nil || c.Edition.Revision == 0 || len(c.Partners) != 2 || len(c.Pilots) != 1 ||
		c.Pilots[0].Outcome != "Eleven companies advised." || c.Pilots[0].Location.Name != "Rostock" || c.Evaluation.Recommendation != "ADOPT" {
		t.Errorf("public concept %+v", c)
	}
}
