package cooperation_test

import (
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func TestDocument(t *testing.T) {
	history := append(evaluatedHistory(cooperation.RecommendAdopt),
		&cooperation.VersionNamed{Name: "evaluated", Revision: 6, CreatedAt: now, CreatedBy: planner.ID})
	history[2] = &cooperation.PilotPlanned{PilotID: pilot1, LocationID: loc1, StartDate: "2026-03-01", Participants: 12}
	got := given(history...).Document().Value()
	want := map[string]any{
		"kind":         "CONSULTANCY_STRUCTURE",
		"title":        "Creative consultancy structure",
		"summary":      "Consulting the normal economy on working structures.",
		"targetGroups": []any{"SMEs", "Third institutions"},
		"status":       "EVALUATED",
		"strategyId":   strategy.String(),
		"partners":     []any{map[string]any{"key": org1.String()}, map[string]any{"key": org2.String()}},
		"pilots": []any{map[string]any{
			"key": pilot1.String(), "locationId": loc1.String(), "startDate": "2026-03-01", "endDate": nil,
			"participants": 14, "status": "COMPLETED", "outcome": "Worked.", "lessons": "Start earlier.",
		}},
		"evaluations": []any{map[string]any{"key": "1", "recommendation": "ADOPT", "findings": "Findings."}},
		"versions":    []any{map[string]any{"key": "evaluated", "revision": 6, "note": nil}},
	}
	if !domain.Equal(got, want) {
		t.Fatalf("document:\n got %#v\nwant %#v", got, want)
	}
}

func TestDocumentPaths(t *testing.T) {
	doc := given(completedHistory()...).Document()
	p := "/pilots/" + pilot1.String()
	for path, want := range map[string]any{
		"/title":                     "Creative consultancy structure",
		"/status":                    "PILOTING",
		p + "/status":                "COMPLETED",
		p + "/endDate":               "2026-06-30",
		"/partners/" + org2.String(): true, // an item without fields is its own leaf
	} {
		if got, ok := doc.Leaves()[path]; !ok || !domain.Equal(got, want) {
			t.Errorf("leaf %s = %v (%v), want %v", path, got, ok, want)
		}
	}
	if v, ok := doc.Lookup(p + "/participants"); !ok || !domain.Equal(v, 14) {
		t.Errorf("lookup = %v %v", v, ok)
	}
}
