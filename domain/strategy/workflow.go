package strategy

import (
	"strconv"
	"strings"

	"github.com/creativeclusters/planner/domain"
)

// The workflow: DRAFT -> IN_REVIEW -> ADOPTED, back to DRAFT on
// CHANGES_REQUESTED or reopen, and ARCHIVED from anywhere else. Workflow
// commands change no content, so contentRevision stays and the approvals of
// the current content remain valid across them.

// SubmitStrategyForReview moves a draft to IN_REVIEW.
type SubmitStrategyForReview struct{}

func (SubmitStrategyForReview) Describe() domain.Description {
	return workflow("submitStrategyForReview", domain.AccessEdit)
}

func (SubmitStrategyForReview) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.Status != StatusDraft {
		return nil, ErrNotDraft
	}
	return []domain.Event{&SubmittedForReview{}}, nil
}

// ReviewStrategy records a reviewer's decision on the current content
// revision, which the reviewer names to prove what they read. The reviewer,
// their organisation and its country come from the acting user; the
// application checks the role.
type ReviewStrategy struct {
	ContentRevision int            `json:"contentRevision"`
	Decision        ReviewDecision `json:"decision"`
	Comment         string         `json:"comment,omitempty"`
}

func (ReviewStrategy) Describe() domain.Description {
	return workflow("reviewStrategy", domain.AccessReview)
}

func (cmd ReviewStrategy) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.Status != StatusInReview {
		return nil, ErrNotInReview
	}
	var checks domain.Checks
	checks.Require(cmd.Decision.valid(), "must be APPROVED or CHANGES_REQUESTED", "decision")
	checks.Text(cmd.Comment, domain.MaxTextLength, "comment")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	if cmd.ContentRevision != s.ContentRevision {
		return nil, &domain.ConflictError{Subject: "strategy", Expected: cmd.ContentRevision, CurrentRevision: s.ContentRevision}
	}
	return []domain.Event{&Reviewed{
		ReviewID:        c.NewID(),
		ContentRevision: s.ContentRevision,
		ReviewerID:      c.Actor.ID,
		OrganisationID:  c.Actor.OrganisationID,
		Country:         c.Actor.Country,
		Decision:        cmd.Decision,
		Comment:         cmd.Comment,
		At:              c.Now,
	}}, nil
}

// AdoptStrategy puts a reviewed strategy in force (see Readiness) and names
// the adopting revision "adopted-<revision>".
type AdoptStrategy struct{}

func (AdoptStrategy) Describe() domain.Description {
	return workflow("adoptStrategy", domain.AccessEdit)
}

func (AdoptStrategy) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.Status != StatusInReview {
		return nil, ErrNotInReview
	}
	if readiness := s.Readiness(); !readiness.Ready {
		return nil, refuse(ErrNotReady, "needs "+strings.Join(readiness.Missing, "; "))
	}
	revision := s.Revision + 1 // the one these events will be recorded in
	name := adoptedVersionPrefix + strconv.Itoa(revision)
	return []domain.Event{
		&Adopted{Version: name},
		&VersionNamed{Name: name, Revision: revision, CreatedAt: c.Now, CreatedBy: c.Actor.ID},
	}, nil
}

// ReopenStrategy turns an adopted strategy into a draft of its next
// edition; the adopted version stays in force until the next adoption.
type ReopenStrategy struct{}

func (ReopenStrategy) Describe() domain.Description {
	return workflow("reopenStrategy", domain.AccessEdit)
}

func (ReopenStrategy) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.Status != StatusAdopted {
		return nil, ErrNotAdopted
	}
	return []domain.Event{&Reopened{}}, nil
}

// ArchiveStrategy retires a strategy in any other state. Archiving is
// final: no command leads out of ARCHIVED.
type ArchiveStrategy struct{}

func (ArchiveStrategy) Describe() domain.Description {
	return workflow("archiveStrategy", domain.AccessEdit)
}

func (ArchiveStrategy) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.Status == StatusArchived {
		return nil, ErrArchived
	}
	return []domain.Event{&Archived{}}, nil
}
