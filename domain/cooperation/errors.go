package cooperation

import (
	"fmt"

	"github.com/creativeclusters/planner/domain"
)

// Business rules of cooperation concepts, as sentinels callers match with
// errors.Is. All are INVALID_STATE: the command is not allowed in the
// concept's current state.
var (
	ErrExists      = domain.InvalidState("cooperation concept already exists")
	ErrNotEditable = domain.InvalidState("a cooperation concept can be edited only in DRAFT, SPECIFIED or PILOTING")
	ErrNotDraft    = domain.InvalidState("only a DRAFT cooperation concept can be specified")
	// ErrNotPilotable: pilots are planned and started in SPECIFIED or
	// PILOTING only.
	ErrNotPilotable    = domain.InvalidState("pilots can be planned and started only in SPECIFIED or PILOTING")
	ErrPilotNotPlanned = domain.InvalidState("only a PLANNED pilot can be started")
	ErrPilotNotRunning = domain.InvalidState("only a RUNNING pilot can be completed")
	// ErrPilotClosed: a COMPLETED or CANCELLED pilot is history.
	ErrPilotClosed      = domain.InvalidState("the pilot is COMPLETED or CANCELLED")
	ErrNotPiloting      = domain.InvalidState("only a PILOTING cooperation concept can be evaluated")
	ErrNoCompletedPilot = domain.InvalidState("evaluation needs at least one COMPLETED pilot")
	ErrNotAdoptable     = domain.InvalidState("only an EVALUATED cooperation concept whose latest recommendation is ADOPT can be adopted")
	// ErrClosed: ADOPTED and DISCONTINUED are final.
	ErrClosed          = domain.InvalidState("an ADOPTED or DISCONTINUED cooperation concept cannot be discontinued")
	ErrAlreadyPartner  = domain.InvalidState("the organisation is already a partner of the cooperation concept")
	ErrNotPartner      = domain.InvalidState("the organisation is not a partner of the cooperation concept")
	ErrLastPartner     = domain.InvalidState("the last partner of a cooperation concept cannot be removed")
	ErrTooManyPartners = domain.InvalidState(fmt.Sprintf("a cooperation concept has at most %d partners", domain.MaxReferenceList))
	ErrTooManyPilots   = domain.InvalidState(fmt.Sprintf("a cooperation concept has at most %d pilots", domain.MaxListItems))
	ErrTooManyVersions = domain.InvalidState(fmt.Sprintf("a cooperation concept has at most %d named versions", domain.MaxListItems))
	// ErrNotAdoptedForPublication: the public view shows adopted concepts only.
	ErrNotAdoptedForPublication = domain.InvalidState("only an ADOPTED cooperation concept can be published")
	ErrAlreadyPublic            = domain.InvalidState("the cooperation concept is published already")
	ErrNotPublic                = domain.InvalidState("the cooperation concept is not published")
)

// notFound is the error for commands on a concept that does not exist.
func notFound() error { return domain.NotFound("cooperation concept") }

func pilotNotFound() error { return domain.NotFound("pilot") }
