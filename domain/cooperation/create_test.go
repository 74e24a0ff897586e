package cooperation_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func createCommand() cooperation.CreateCooperationConcept {
	return cooperation.CreateCooperationConcept{
		Kind:         cooperation.ConsultancyStructure,
		Title:        "Creative consultancy structure",
		Summary:      "Consulting the normal economy on working structures.",
		TargetGroups: []string{"SMEs", "Third institutions"},
		PartnerIDs:   []uuid.UUID{org1, org2},
		StrategyID:   ptr(strategy),
	}
}

func TestCreateCooperationConcept(t *testing.T) {
	events, err := createCommand().Decide(&cooperation.Concept{}, ctx(t, conceptID))
	wantEvents(t, events, err, created())

	state := then(&cooperation.Concept{}, events)
	want := &cooperation.Concept{
		ID: conceptID, Kind: cooperation.ConsultancyStructure, Status: cooperation.StatusDraft,
		Revision: 1, ContentRevision: 1,
		Content: cooperation.Content{
			Title:        "Creative consultancy structure",
			Summary:      "Consulting the normal economy on working structures.",
			TargetGroups: []string{"SMEs", "Third institutions"},
			Partners:     []uuid.UUID{org1, org2},
			StrategyID:   ptr(strategy),
		},
	}
	if !reflect.DeepEqual(state, want) {
		t.Fatalf("state = %+v\nwant %+v", state, want)
	}
	wantDocument := map[string]any{
		"kind": "CONSULTANCY_STRUCTURE", "title": "Creative consultancy structure",
		"summary": "Consulting the normal economy on working structures.", "targetGroups": []any{"SMEs", "Third institutions"},
		"status": "DRAFT", "strategyId": strategy.String(),
		"partners":    []any{map[string]any{"key": org1.String()}, map[string]any{"key": org2.String()}},
		"pilots":      []any{},
		"evaluations": []any{},
		"versions":    []any{},
	}
	if got := state.Document().Value(); !domain.Equal(got, wantDocument) {
		t.Fatalf("document = %#v", got)
	}
}

func TestCreateMinimalConcept(t *testing.T) {
	cmd := cooperation.CreateCooperationConcept{Kind: cooperation.LocalProcessSupport, Title: "Local processes", PartnerIDs: []uuid.UUID{org1}}
	events, err := cmd.Decide(nil, ctx(t, conceptID))
	wantEvents(t, events, err, &cooperation.Created{ConceptID: conceptID, Kind: cooperation.LocalProcessSupport, Title: "Local processes", PartnerIDs: []uuid.UUID{org1}})
	doc := then(&cooperation.Concept{}, events).Document()
	if doc.Fields["summary"] != "" || doc.Fields["strategyId"] != nil || !domain.Equal(doc.Fields["targetGroups"], []any{}) {
		t.Fatalf("document = %#v", doc.Value())
	}
}

func TestCreateDoesNotShareTheCommandsLists(t *testing.T) {
	cmd := createCommand()
	events, err := cmd.Decide(nil, ctx(t, conceptID))
	if err != nil {
		t.Fatal(err)
	}
	cmd.TargetGroups[0], cmd.PartnerIDs[0], *cmd.StrategyID = "changed", org3, strategy2
	if !reflect.DeepEqual(events[0], created()) {
		t.Fatalf("event follows the command: %+v", events[0])
	}
}

func TestCreatePartneredAndReferences(t *testing.T) {
	cmd := createCommand()
	if !cmd.HasPartner(org1) || !cmd.HasPartner(org2) || cmd.HasPartner(org3) {
		t.Fatal("HasPartner")
	}
	cmd.PartnerIDs = []uuid.UUID{org1, uuid.Nil, org2}
	want := []domain.Ref{
		{Type: domain.SubjectOrganisation, ID: org1, Field: []string{"partnerIds", "0"}},
		{Type: domain.SubjectOrganisation, ID: org2, Field: []string{"partnerIds", "2"}},
		{Type: domain.SubjectStrategy, ID: strategy, Field: []string{"strategyId"}},
	}
	if got := cmd.References(); !reflect.DeepEqual(got, want) {
		t.Fatalf("refs = %+v", got)
	}
}

func TestCreateValidation(t *testing.T) {
	many := func(n int, f func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	manyIDs := make([]uuid.UUID, domain.MaxReferenceList+1)
	for i := range manyIDs {
		manyIDs[i] = uuid.New()
	}
	for name, tc := range map[string]struct {
		edit   func(*cooperation.CreateCooperationConcept)
		fields []string
	}{
		"unknown kind":       {func(c *cooperation.CreateCooperationConcept) { c.Kind = "OTHER" }, []string{"kind"}},
		"blank title":        {func(c *cooperation.CreateCooperationConcept) { c.Title = "  " }, []string{"title"}},
		"long title":         {func(c *cooperation.CreateCooperationConcept) { c.Title = strings.Repeat("t", 201) }, []string{"title"}},
		"long summary":       {func(c *cooperation.CreateCooperationConcept) { c.Summary = strings.Repeat("s", domain.MaxTextLength+1) }, []string{"summary"}},
		"blank target group": {func(c *cooperation.CreateCooperationConcept) { c.TargetGroups = []string{"SMEs", ""} }, []string{"targetGroups.1"}},
		"duplicate group":    {func(c *cooperation.CreateCooperationConcept) { c.TargetGroups = []string{"SMEs", "A", "SMEs"} }, []string{"targetGroups.2"}},
		"multi-line group":   {func(c *cooperation.CreateCooperationConcept) { c.TargetGroups = []string{"a\nb"} }, []string{"targetGroups.0"}},
		"too many target groups": {func(c *cooperation.CreateCooperationConcept) {
			c.TargetGroups = many(51, func(i int) string { return strings.Repeat("g", i+1) })
		}, []string{"targetGroups"}},
		"no partners":       {func(c *cooperation.CreateCooperationConcept) { c.PartnerIDs = nil }, []string{"partnerIds"}},
		"nil partner":       {func(c *cooperation.CreateCooperationConcept) { c.PartnerIDs = []uuid.UUID{org1, uuid.Nil} }, []string{"partnerIds.1"}},
		"duplicate partner": {func(c *cooperation.CreateCooperationConcept) { c.PartnerIDs = []uuid.UUID{org1, org2, org1} }, []string{"partnerIds.2"}},
		"too many partners": {func(c *cooperation.CreateCooperationConcept) { c.PartnerIDs = manyIDs }, []string{"partnerIds"}},
		"nil strategy":      {func(c *cooperation.CreateCooperationConcept) { c.StrategyID = ptr(uuid.Nil) }, []string{"strategyId"}},
		"everything": {func(c *cooperation.CreateCooperationConcept) {
			*c = cooperation.CreateCooperationConcept{TargetGroups: []string{" "}, StrategyID: ptr(uuid.Nil)}
		}, []string{"kind", "title", "targetGroups.0", "partnerIds", "strategyId"}},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := createCommand()
			tc.edit(&cmd)
			_, err := cmd.Decide(&cooperation.Concept{}, ctx(t, conceptID))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestCreateAcceptsBounds(t *testing.T) {
	cmd := createCommand()
	cmd.Title = strings.Repeat("t", domain.MaxNameLength)
	cmd.Summary = strings.Repeat("s", domain.MaxTextLength)
	cmd.TargetGroups = make([]string, cooperation.MaxTargetGroups)
	for i := range cmd.TargetGroups {
		cmd.TargetGroups[i] = "group " + domain.Index(i)
	}
	cmd.PartnerIDs = make([]uuid.UUID, domain.MaxReferenceList)
	for i := range cmd.PartnerIDs {
		cmd.PartnerIDs[i] = uuid.New()
	}
	if _, err := cmd.Decide(nil, ctx(t, conceptID)); err != nil {
		t.Fatal(err)
	}
}

func TestCreateTwice(t *testing.T) {
	_, err := createCommand().Decide(given(draftHistory()...), ctx(t, id("c0ff")))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrExists)
}
