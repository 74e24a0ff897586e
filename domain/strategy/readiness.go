package strategy

import (
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// Adoption needs the current content approved by reviewers of at least
// MinApprovingPartners partner organisations of the strategy, located in at
// least MinApprovingCountries countries: a cross-border strategy is adopted
// by more than one side of the border.
const (
	MinApprovingPartners  = 2
	MinApprovingCountries = 2
)

// Readiness tells whether the strategy can be adopted now and, if not, why.
type Readiness struct {
	Ready bool `json:"ready"`
	// Approvals are the APPROVED reviews of the current contentRevision:
	// each reviewer's latest decision on it, when it approves; oldest first.
	Approvals []Review `json:"approvals"`
	// Countries are those of the approving partner organisations, sorted;
	// approvals from other organisations do not count towards adoption.
	Countries []string `json:"countries"`
	// Missing lists human-readable reasons adoption would be refused now.
	Missing []string `json:"missing"`
}

// Readiness reports whether AdoptStrategy would succeed now.
func (s *Strategy) Readiness() Readiness {
	r := Readiness{Approvals: s.approvals(), Countries: []string{}, Missing: []string{}}
	partners := map[uuid.UUID]bool{}
	for _, a := range r.Approvals {
		if !s.HasPartner(a.OrganisationID) {
			continue
		}
		partners[a.OrganisationID] = true
		if a.Country != "" && !slices.Contains(r.Countries, a.Country) {
			r.Countries = append(r.Countries, a.Country)
		}
	}
	slices.Sort(r.Countries)

	if s.Status != StatusInReview {
		r.Missing = append(r.Missing, fmt.Sprintf("the strategy must be IN_REVIEW (it is %s)", s.Status))
	}
	if len(partners) < MinApprovingPartners {
		r.Missing = append(r.Missing, fmt.Sprintf(
			"approvals of content revision %d by reviewers of at least %d partner organisations (%d so far)",
			s.ContentRevision, MinApprovingPartners, len(partners)))
	}
	if len(r.Countries) < MinApprovingCountries {
		r.Missing = append(r.Missing, fmt.Sprintf(
			"approvals from partner organisations in at least %d countries (%d so far)",
			MinApprovingCountries, len(r.Countries)))
	}
	r.Ready = len(r.Missing) == 0
	return r
}

// approvals returns each reviewer's latest decision on the current content
// when it is APPROVED, oldest first. A reviewer who approved and then asked
// for changes on the same content no longer approves it.
func (s *Strategy) approvals() []Review {
	latest := map[uuid.UUID]int{} // reviewer -> index of their latest review of the current content
	for i, r := range s.Reviews {
		if r.ContentRevision == s.ContentRevision {
			latest[r.ReviewerID] = i
		}
	}
	approvals := []Review{}
	for i, r := range s.Reviews {
		if r.ContentRevision == s.ContentRevision && latest[r.ReviewerID] == i && r.Decision == DecisionApproved {
			approvals = append(approvals, r)
		}
	}
	return approvals
}
