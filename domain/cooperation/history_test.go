package cooperation_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// contentAt replays history up to revision n, as the application does
// before it restores n.
func contentAt(history []domain.Event, n int) cooperation.Content {
	return given(history[:n]...).Content
}

func TestRestoreCooperationConceptRevision(t *testing.T) {
	history := append(pilotingHistory(),
		&cooperation.Updated{Title: "Renamed", TargetGroups: []string{"Municipalities"}},
		&cooperation.PartnerAdded{OrganisationID: org3},
		&cooperation.PilotCancelled{PilotID: pilot1})
	state := given(history...)
	old := contentAt(history, 3) // title, partners org1+org2, pilot1 PLANNED
	cmd := cooperation.RestoreCooperationConceptRevision{Revision: 3, Content: old}
	events, err := cmd.Decide(state, ctx(t))
	wantEvents(t, events, err, &cooperation.RevisionRestored{Revision: 3, Content: old})

	next := then(given(history...), events)
	if !reflect.DeepEqual(next.Content, old) {
		t.Fatalf("content = %+v\nwant %+v", next.Content, old)
	}
	if next.Status != cooperation.StatusPiloting || next.Revision != 8 || next.ContentRevision != 8 {
		t.Fatalf("state = %+v", next)
	}
	p := "/pilots/" + pilot1.String()
	wantChanges(t, state, next,
		domain.Change{Path: "/strategyId", Kind: domain.Changed, Before: nil, After: strategy.String()},
		domain.Change{Path: "/summary", Kind: domain.Changed, Before: "", After: "Consulting the normal economy on working structures."},
		domain.Change{Path: "/targetGroups", Kind: domain.Changed, Before: []any{"Municipalities"}, After: []any{"SMEs", "Third institutions"}},
		domain.Change{Path: "/title", Kind: domain.Changed, Before: "Renamed", After: "Creative consultancy structure"},
		domain.Change{Path: "/partners/" + org3.String(), Kind: domain.Removed, Before: map[string]any{}},
		domain.Change{Path: p + "/status", Kind: domain.Changed, Before: "CANCELLED", After: "PLANNED"})

	// Neither the event nor the new state shares memory with the command.
	cmd.Content.Pilots[0].Status = "CHANGED"
	*cmd.Content.Pilots[0].EndDate = "2000-01-01"
	cmd.Content.Partners[0] = uuid.Nil
	if next.Content.Pilots[0].Status != cooperation.PilotStatusPlanned || *next.Content.Pilots[0].EndDate != "2026-06-30" || next.Content.Partners[0] != org1 {
		t.Fatalf("state shares the command's content: %+v", next.Content)
	}
	if ev := events[0].(*cooperation.RevisionRestored); ev.Content.Pilots[0].Status != cooperation.PilotStatusPlanned {
		t.Fatal("event shares the command's content")
	}
}

func TestRestoreValidation(t *testing.T) {
	state := given(pilotingHistory()...) // revision 4
	for name, tc := range map[string]struct {
		revision int
		content  cooperation.Content
	}{
		"zero":              {0, contentAt(pilotingHistory(), 1)},
		"the current one":   {4, contentAt(pilotingHistory(), 4)},
		"a future one":      {5, contentAt(pilotingHistory(), 4)},
		"no content loaded": {2, cooperation.Content{}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cooperation.RestoreCooperationConceptRevision{Revision: tc.revision, Content: tc.content}.Decide(state, ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, "revision")
		})
	}
	_, err := cooperation.RestoreCooperationConceptRevision{Revision: 1, Content: contentAt(draftHistory(), 1)}.Decide(given(draftHistory()...), ctx(t))
	wantFields(t, err, "revision")
}

func TestNameCooperationConceptVersion(t *testing.T) {
	state := given(pilotingHistory()...)
	cmd := cooperation.NameCooperationConceptVersion{Revision: 2, Name: "specified", Note: "As sent to the partners."}
	events, err := cmd.Decide(state, ctx(t))
	want := &cooperation.VersionNamed{Name: "specified", Revision: 2, Note: "As sent to the partners.", CreatedAt: now, CreatedBy: planner.ID}
	wantEvents(t, events, err, want)

	next := then(given(pilotingHistory()...), events)
	wantVersions := []cooperation.NamedVersion{{Name: "specified", Revision: 2, Note: "As sent to the partners.", CreatedAt: now, CreatedBy: planner.ID}}
	if !reflect.DeepEqual(next.Versions, wantVersions) || next.Revision != 5 || next.ContentRevision != 4 {
		t.Fatalf("state = %+v", next)
	}
	wantChanges(t, state, next, domain.Change{Path: "/versions/specified", Kind: domain.Added, After: map[string]any{"revision": 2, "note": "As sent to the partners."}})

	// The current revision can be named too, and in any status.
	for status, s := range byStatus {
		cmd := cooperation.NameCooperationConceptVersion{Revision: s().Revision, Name: "now"}
		if _, err := cmd.Decide(s(), ctx(t)); err != nil {
			t.Errorf("%s: %v", status, err)
		}
	}
}

func TestNameVersionValidation(t *testing.T) {
	history := append(pilotingHistory(), &cooperation.VersionNamed{Name: "v1", Revision: 1, CreatedAt: now, CreatedBy: planner.ID})
	state := given(history...) // revision 5
	for name, tc := range map[string]struct {
		cmd    cooperation.NameCooperationConceptVersion
		fields []string
	}{
		"revision zero":   {cooperation.NameCooperationConceptVersion{Revision: 0, Name: "x"}, []string{"revision"}},
		"future revision": {cooperation.NameCooperationConceptVersion{Revision: 6, Name: "x"}, []string{"revision"}},
		"blank name":      {cooperation.NameCooperationConceptVersion{Revision: 1, Name: " "}, []string{"name"}},
		"slash in name":   {cooperation.NameCooperationConceptVersion{Revision: 1, Name: "2026/1"}, []string{"name"}},
		"name taken":      {cooperation.NameCooperationConceptVersion{Revision: 2, Name: "v1"}, []string{"name"}},
		"long note":       {cooperation.NameCooperationConceptVersion{Revision: 1, Name: "x", Note: strings.Repeat("n", domain.MaxTextLength+1)}, []string{"note"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(state, ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestNameVersionBound(t *testing.T) {
	history := draftHistory()
	for i := range domain.MaxListItems {
		history = append(history, &cooperation.VersionNamed{Name: "v" + domain.Index(i), Revision: 1})
	}
	_, err := cooperation.NameCooperationConceptVersion{Revision: 1, Name: "one more"}.Decide(given(history...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrTooManyVersions)
}
