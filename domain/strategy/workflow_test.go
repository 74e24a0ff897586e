package strategy

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// The fixture has 11 revisions of content; submitted, it is at revision 12
// with contentRevision 11.
const fixtureContentRevision = 11

// reviewed is the event of actor's decision on a content revision.
func reviewed(actor domain.Actor, decision ReviewDecision, contentRevision int) *Reviewed {
	return &Reviewed{
		ReviewID:        uuid.New(),
		ContentRevision: contentRevision,
		ReviewerID:      actor.ID,
		OrganisationID:  actor.OrganisationID,
		Country:         actor.Country,
		Decision:        decision,
		At:              clock,
	}
}

// approvedByTwoCountries is the fixture in review, approved by reviewers
// of the German and the Lithuanian partner.
func approvedByTwoCountries() *Strategy {
	return givenPopulated(
		&SubmittedForReview{},
		reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
		reviewed(reviewerLT, DecisionApproved, fixtureContentRevision),
	)
}

func TestSubmitStrategyForReview(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, SubmitStrategyForReview{})
	requireEvents(t, events, err, &SubmittedForReview{})

	after := then(s, events)
	if after.Status != StatusInReview || after.Revision != 12 || after.ContentRevision != fixtureContentRevision {
		t.Errorf("status %s revision %d contentRevision %d", after.Status, after.Revision, after.ContentRevision)
	}
}

func TestSubmitStrategyForReviewOnlyFromDraft(t *testing.T) {
	for _, status := range []Status{StatusInReview, StatusAdopted, StatusArchived} {
		_, err := when(t, inStatus(status), SubmitStrategyForReview{})
		requireRule(t, err, ErrNotDraft)
	}
}

func TestReviewStrategy(t *testing.T) {
	tests := []struct {
		decision ReviewDecision
		status   Status
	}{
		{DecisionApproved, StatusInReview},
		{DecisionChangesRequested, StatusDraft},
	}
	for _, tt := range tests {
		t.Run(string(tt.decision), func(t *testing.T) {
			s := inStatus(StatusInReview)
			events, err := whenAs(t, reviewerLT, s, ReviewStrategy{ContentRevision: fixtureContentRevision, Decision: tt.decision, Comment: "Fine."})
			want := &Reviewed{
				ReviewID:        generated(1),
				ContentRevision: fixtureContentRevision,
				ReviewerID:      reviewerLT.ID,
				OrganisationID:  orgLT,
				Country:         "LT",
				Decision:        tt.decision,
				Comment:         "Fine.",
				At:              clock,
			}
			requireEvents(t, events, err, want)

			after := then(s, events)
			wantReview := Review{ID: generated(1), ContentRevision: fixtureContentRevision, ReviewerID: reviewerLT.ID,
				OrganisationID: orgLT, Country: "LT", Decision: tt.decision, Comment: "Fine.", At: clock}
			if len(after.Reviews) != 1 || after.Reviews[0] != wantReview {
				t.Errorf("reviews %+v", after.Reviews)
			}
			if after.Status != tt.status || after.ContentRevision != fixtureContentRevision {
				t.Errorf("status %s contentRevision %d", after.Status, after.ContentRevision)
			}
		})
	}
}

func TestReviewStrategyOfStaleContent(t *testing.T) {
	s := inStatus(StatusInReview)
	_, err := whenAs(t, reviewerLT, s, ReviewStrategy{ContentRevision: 10, Decision: DecisionApproved})
	requireRefused(t, err, domain.CodeRevisionConflict)
	var conflict *domain.ConflictError
	if !errors.As(err, &conflict) || conflict.Subject != "strategy" || conflict.Expected != 10 || conflict.CurrentRevision != fixtureContentRevision {
		t.Errorf("conflict %+v", conflict)
	}
}

func TestReviewStrategyRejects(t *testing.T) {
	t.Run("not in review", func(t *testing.T) {
		for _, status := range []Status{StatusDraft, StatusAdopted, StatusArchived} {
			_, err := whenAs(t, reviewerLT, inStatus(status), ReviewStrategy{ContentRevision: fixtureContentRevision, Decision: DecisionApproved})
			requireRule(t, err, ErrNotInReview)
		}
	})
	t.Run("unknown decision", func(t *testing.T) {
		_, err := whenAs(t, reviewerLT, inStatus(StatusInReview), ReviewStrategy{ContentRevision: fixtureContentRevision, Decision: "MAYBE"})
		requireRefused(t, err, domain.CodeValidationFailed, "decision")
	})
	t.Run("long comment", func(t *testing.T) {
		_, err := whenAs(t, reviewerLT, inStatus(StatusInReview), ReviewStrategy{ContentRevision: fixtureContentRevision,
			Decision: DecisionApproved, Comment: strings.Repeat("c", domain.MaxTextLength+1)})
		requireRefused(t, err, domain.CodeValidationFailed, "comment")
	})
}

func TestAdoptStrategy(t *testing.T) {
	s := approvedByTwoCountries() // revision 14
	if _, ok := s.AdoptedVersion(); ok {
		t.Fatal("adopted before adoption")
	}
	events, err := when(t, s, AdoptStrategy{})
	requireEvents(t, events, err,
		&Adopted{Version: "adopted-15"},
		&VersionNamed{Name: "adopted-15", Revision: 15, CreatedAt: clock, CreatedBy: planner.ID},
	)

	after := then(s, events)
	version, ok := after.AdoptedVersion()
	if after.Status != StatusAdopted || !ok || version.Revision != 15 || after.ContentRevision != fixtureContentRevision {
		t.Errorf("status %s adopted %+v contentRevision %d", after.Status, version, after.ContentRevision)
	}
}

func TestAdoptStrategyNotReady(t *testing.T) {
	tests := []struct {
		name    string
		state   *Strategy
		missing string
	}{
		{"no approvals", inStatus(StatusInReview), "2 partner organisations (0 so far)"},
		{"one approval", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision)), "2 partner organisations (1 so far)"},
		{"one reviewer twice", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision)), "2 partner organisations (1 so far)"},
		{"two partners of one country", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(domain.Actor{ID: uuid.New(), OrganisationID: orgLT, Country: "DE"}, DecisionApproved, fixtureContentRevision)),
			"at least 2 countries (1 so far)"},
		{"approval of an organisation that is no partner", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerSE, DecisionApproved, fixtureContentRevision)), "2 partner organisations (1 so far)"},
		{"approvals of older content", givenPopulated(
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision-1),
			&SubmittedForReview{},
			reviewed(reviewerLT, DecisionApproved, fixtureContentRevision)), "2 partner organisations (1 so far)"},
		{"content edited after the approvals", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerLT, DecisionApproved, fixtureContentRevision),
			&SectionUpdated{Key: sectionDiagnosis, Body: new("Edited in review.")}), "(0 so far)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, tt.state, AdoptStrategy{})
			requireRule(t, err, ErrNotReady)
			if !strings.Contains(err.Error(), tt.missing) {
				t.Errorf("message %q does not say %q", err, tt.missing)
			}
		})
	}
}

func TestAdoptStrategyOnlyInReview(t *testing.T) {
	for _, status := range []Status{StatusDraft, StatusAdopted, StatusArchived} {
		_, err := when(t, inStatus(status), AdoptStrategy{})
		requireRule(t, err, ErrNotInReview)
	}
}

func TestReopenStrategy(t *testing.T) {
	s := then(approvedByTwoCountries(), mustDecide(t, approvedByTwoCountries(), AdoptStrategy{}))
	events, err := when(t, s, ReopenStrategy{})
	requireEvents(t, events, err, &Reopened{})

	after := then(s, events)
	if after.Status != StatusDraft || after.LastAdopted == nil || *after.LastAdopted != "adopted-15" {
		t.Errorf("status %s lastAdopted %v", after.Status, after.LastAdopted)
	}
	for _, status := range []Status{StatusDraft, StatusInReview, StatusArchived} {
		_, err := when(t, inStatus(status), ReopenStrategy{})
		requireRule(t, err, ErrNotAdopted)
	}
}

func TestArchiveStrategy(t *testing.T) {
	for _, status := range []Status{StatusDraft, StatusInReview, StatusAdopted} {
		t.Run(string(status), func(t *testing.T) {
			s := inStatus(status)
			events, err := when(t, s, ArchiveStrategy{})
			requireEvents(t, events, err, &Archived{})
			if after := then(s, events); after.Status != StatusArchived || after.ContentRevision != s.ContentRevision {
				t.Errorf("status %s contentRevision %d", after.Status, after.ContentRevision)
			}
		})
	}
	_, err := when(t, inStatus(StatusArchived), ArchiveStrategy{})
	requireRule(t, err, ErrArchived)
}

// mustDecide returns the events of a command that must be accepted.
func mustDecide(t *testing.T, s *Strategy, cmd domain.Command[*Strategy]) []domain.Event {
	t.Helper()
	events, err := when(t, s, cmd)
	if err != nil {
		t.Fatalf("%T: %v", cmd, err)
	}
	return events
}
