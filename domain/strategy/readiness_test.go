package strategy

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestReadiness(t *testing.T) {
	reviewerPL2 := domain.Actor{ID: uuid.New(), OrganisationID: orgPL, Country: "PL"}
	tests := []struct {
		name      string
		state     *Strategy
		ready     bool
		approvers []uuid.UUID
		countries []string
		missing   int
	}{
		{"draft without reviews", givenPopulated(), false, nil, []string{}, 3},
		{"in review without reviews", inStatus(StatusInReview), false, nil, []string{}, 2},
		{"approved by two countries", approvedByTwoCountries(), true,
			[]uuid.UUID{reviewerDE.ID, reviewerLT.ID}, []string{"DE", "LT"}, 0},
		{"countries sorted, each once", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerPL, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerPL2, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision)), true,
			[]uuid.UUID{reviewerPL.ID, reviewerPL2.ID, reviewerDE.ID}, []string{"DE", "PL"}, 0},
		{"a reviewer's latest decision counts", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerLT, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerLT, DecisionChangesRequested, fixtureContentRevision),
			&SubmittedForReview{}), false,
			[]uuid.UUID{reviewerDE.ID}, []string{"DE"}, 2},
		{"changed mind back", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerLT, DecisionChangesRequested, fixtureContentRevision),
			&SubmittedForReview{},
			reviewed(reviewerLT, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision)), true,
			[]uuid.UUID{reviewerLT.ID, reviewerDE.ID}, []string{"DE", "LT"}, 0},
		// An approval from outside the partnership is listed, but neither
		// it nor its country counts.
		{"approval of a non-partner", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(reviewerSE, DecisionApproved, fixtureContentRevision)), false,
			[]uuid.UUID{reviewerDE.ID, reviewerSE.ID}, []string{"DE"}, 2},
		{"reviewer without a country", givenPopulated(&SubmittedForReview{},
			reviewed(reviewerDE, DecisionApproved, fixtureContentRevision),
			reviewed(domain.Actor{ID: uuid.New(), OrganisationID: orgLT}, DecisionApproved, fixtureContentRevision)), false,
			nil, []string{"DE"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.state.Readiness()
			if r.Ready != tt.ready || len(r.Missing) != tt.missing {
				t.Errorf("ready %v, missing %q", r.Ready, r.Missing)
			}
			if !slices.Equal(r.Countries, tt.countries) {
				t.Errorf("countries %q, want %q", r.Countries, tt.countries)
			}
			var approvers []uuid.UUID
			for _, a := range r.Approvals {
				if a.Decision != DecisionApproved || a.ContentRevision != tt.state.ContentRevision {
					t.Errorf("approval %+v", a)
				}
				approvers = append(approvers, a.ReviewerID)
			}
			if tt.approvers != nil && !slices.Equal(approvers, tt.approvers) {
				t.Errorf("approvers %v, want %v", approvers, tt.approvers)
			}
			if r.Approvals == nil || r.Countries == nil || r.Missing == nil {
				t.Error("lists must be empty, not nil: clients read them as JSON arrays")
			}
		})
	}
}
