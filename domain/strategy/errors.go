package strategy

import "github.com/creativeclusters/planner/domain"

// The rules a strategy's state can break, all INVALID_STATE. Match them with
// errors.Is; some are returned with details (see refuse).
var (
	ErrExists      = domain.InvalidState("strategy already exists")
	ErrNotEditable = domain.InvalidState("strategy content can be edited in DRAFT and IN_REVIEW only")
	ErrNotDraft    = domain.InvalidState("only a DRAFT strategy can be submitted for review")
	ErrNotInReview = domain.InvalidState("strategy is not IN_REVIEW")
	ErrNotAdopted  = domain.InvalidState("only an ADOPTED strategy can be reopened")
	ErrArchived    = domain.InvalidState("strategy is already archived")
	// ErrNotMonitorable: progress is recorded in every state but ARCHIVED.
	ErrNotMonitorable = domain.InvalidState("progress cannot be recorded on an archived strategy")
	// ErrNotReady refuses adoption; the details list what is missing.
	ErrNotReady = domain.InvalidState("strategy is not ready for adoption")
	// ErrNeverAdopted: the public view shows the edition in force, so a
	// strategy that has none cannot be published.
	ErrNeverAdopted  = domain.InvalidState("only a strategy that was adopted can be published")
	ErrAlreadyPublic = domain.InvalidState("strategy is published already")
	ErrNotPublic     = domain.InvalidState("strategy is not published")

	ErrLastLocation        = domain.InvalidState("a strategy needs at least one location")
	ErrLastPartner         = domain.InvalidState("a strategy needs at least one partner")
	ErrLocationInUse       = domain.InvalidState("location is used by a measure")
	ErrPartnerLeadsMeasure = domain.InvalidState("partner leads a measure")
	// ErrListFull: a document list holds domain.MaxListItems items (locations
	// and partners domain.MaxReferenceList), which keeps documents bounded.
	ErrListFull = domain.InvalidState("list is full")
)

// refuse returns rule with details for the client, e.g. which measure still
// uses a location.
func refuse(rule *domain.Error, details string) error {
	return &detailedRule{rule: rule, details: details}
}

// detailedRule reads as its rule's message plus details. It matches the rule
// with errors.Is, and errors.As to *domain.Error yields the rule's code with
// the whole message, so that domain.CodeOf and the transport need not know
// about it.
type detailedRule struct {
	rule    *domain.Error
	details string
}

func (e *detailedRule) Error() string { return e.rule.Message + ": " + e.details }

func (e *detailedRule) Is(target error) bool { return target == e.rule }

func (e *detailedRule) As(target any) bool {
	if t, ok := target.(**domain.Error); ok {
		*t = domain.NewError(e.rule.Code, e.Error())
		return true
	}
	return false
}
