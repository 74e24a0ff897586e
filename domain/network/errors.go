package network

import "github.com/creativeclusters/planner/domain"

// Business rules of the network, as sentinels callers match with errors.Is.
var (
	// ErrLocationExists: an add command ran against a stream that already
	// holds a location.
	ErrLocationExists = domain.InvalidState("location already exists")
	// ErrOrganisationExists: a register command ran against a stream that
	// already holds an organisation.
	ErrOrganisationExists = domain.InvalidState("organisation already exists")
	// ErrNoContactPerson: there is no contact person to erase, or they were
	// erased already.
	ErrNoContactPerson = domain.InvalidState("organisation has no contact person to erase")
)

// Subject names used in NOT_FOUND errors.
const (
	locationSubject     = "location"
	organisationSubject = "organisation"
)
