package strategy

import (
	"reflect"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

// contentAt is the fixture's content at a revision, as the application
// would load it by replaying the stream.
func contentAt(revision int) Content {
	return given(populatedEvents()[:revision]...).Content
}

func TestRestoreStrategyRevision(t *testing.T) {
	s := givenPopulated(
		&SubmittedForReview{},
		reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
		&VersionNamed{Name: "draft-1", Revision: 3, CreatedAt: clock, CreatedBy: planner.ID},
	) // revision 14
	restored := contentAt(3) // the two sections, nothing else
	events, err := when(t, s, RestoreStrategyRevision{Revision: 3, Content: restored})
	requireEvents(t, events, err, &ContentRestored{Revision: 3, Content: restored})

	after := then(s, events)
	if !reflect.DeepEqual(after.Content, restored) {
		t.Errorf("content %+v", after.Content)
	}
	if after.Revision != 15 || after.ContentRevision != 15 {
		t.Errorf("revision %d contentRevision %d, want 15 and 15", after.Revision, after.ContentRevision)
	}
	if after.Status != StatusInReview || len(after.Reviews) != 1 || len(after.Versions) != 1 {
		t.Error("restore changed more than the content")
	}
}

// The restored state must not share memory with the command's content:
// editing one must not change the other.
func TestRestoreStrategyRevisionCopiesTheContent(t *testing.T) {
	restored := contentAt(11)
	s := givenPopulated()
	after := then(s, mustDecide(t, s, RestoreStrategyRevision{Revision: 5, Content: restored}))
	after.Apply(&SectionUpdated{Key: sectionDiagnosis, Body: new("changed")}, after.Revision+1)
	after.Apply(&IndicatorActualRecorded{Key: indicatorJobs, Year: 2026, Value: 1}, after.Revision+1)
	if !reflect.DeepEqual(restored, contentAt(11)) {
		t.Error("the command's content changed")
	}
}

func TestRestoreStrategyRevisionRejects(t *testing.T) {
	tests := []struct {
		name     string
		state    *Strategy
		revision int
	}{
		{"the current revision", givenPopulated(), 11},
		{"a later revision", givenPopulated(), 12},
		{"revision 0", givenPopulated(), 0},
		{"no earlier revision", given(created()), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, tt.state, RestoreStrategyRevision{Revision: tt.revision, Content: contentAt(1)})
			requireRefused(t, err, domain.CodeValidationFailed, "revision")
		})
	}
	t.Run("content not loaded", func(t *testing.T) {
		_, err := when(t, givenPopulated(), RestoreStrategyRevision{Revision: 2})
		requireRefused(t, err, domain.CodeInternal)
	})
}

func TestNameStrategyVersion(t *testing.T) {
	for _, status := range []Status{StatusDraft, StatusInReview, StatusAdopted, StatusArchived} {
		t.Run(string(status), func(t *testing.T) {
			s := inStatus(status)
			events, err := when(t, s, NameStrategyVersion{Revision: 11, Name: "council-2026", Note: "Sent to the councils."})
			want := NamedVersion{Name: "council-2026", Revision: 11, Note: "Sent to the councils.", CreatedAt: clock, CreatedBy: planner.ID}
			requireEvents(t, events, err, &VersionNamed{Name: want.Name, Revision: want.Revision, Note: want.Note, CreatedAt: clock, CreatedBy: planner.ID})

			after := then(s, events)
			if got, ok := after.Version("council-2026"); !ok || got != want {
				t.Errorf("version %+v", got)
			}
			if after.ContentRevision != s.ContentRevision || after.Status != s.Status {
				t.Error("naming changed content or status")
			}
		})
	}
}

func TestNameStrategyVersionRejects(t *testing.T) {
	s := givenPopulated(&VersionNamed{Name: "council-2026", Revision: 5}) // revision 12
	tests := []struct {
		name string
		cmd  NameStrategyVersion
		path string
	}{
		{"revision 0", NameStrategyVersion{Revision: 0, Name: "v"}, "revision"},
		{"a future revision", NameStrategyVersion{Revision: 13, Name: "v"}, "revision"},
		{"name taken", NameStrategyVersion{Revision: 12, Name: "council-2026"}, "name"},
		{"blank name", NameStrategyVersion{Revision: 12, Name: " "}, "name"},
		{"long name", NameStrategyVersion{Revision: 12, Name: strings.Repeat("n", MaxVersionNameLength+1)}, "name"},
		{"two-line name", NameStrategyVersion{Revision: 12, Name: "a\nb"}, "name"},
		{"adoption's name", NameStrategyVersion{Revision: 12, Name: "adopted-12"}, "name"},
		{"long note", NameStrategyVersion{Revision: 12, Name: "v", Note: strings.Repeat("n", domain.MaxTextLength+1)}, "note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, s, tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
	if _, err := when(t, s, NameStrategyVersion{Revision: 12, Name: strings.Repeat("n", MaxVersionNameLength)}); err != nil {
		t.Errorf("a name of %d characters: %v", MaxVersionNameLength, err)
	}
}
