package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// OrganisationResolver finds the organisations users belong to. Users store
// only the organisation's id; its country comes from its location, which an
// administrator may change, so it is asked for rather than copied.
type OrganisationResolver interface {
	// Resolve finds an organisation by its id or by its current name
	// (exactly, else ignoring case and a trailing country "(DE)"). It fails with ErrOrganisationNotFound or
	// ErrOrganisationAmbiguous (wrapped, with details).
	Resolve(ctx context.Context, idOrName string) (id uuid.UUID, country string, err error)
	// Country returns the ISO 3166-1 alpha-2 country of the organisation's
	// location ("" when the location is unknown), or
	// ErrOrganisationNotFound.
	Country(ctx context.Context, id uuid.UUID) (string, error)
}

// Errors of organisation resolution. AddUser reports both as a validation
// error on the field "org".
var (
	ErrOrganisationNotFound  = domain.NewError(domain.CodeNotFound, "no organisation has this id or name")
	ErrOrganisationAmbiguous = domain.NewError(domain.CodeValidationFailed, "several organisations have this name; give the id instead")
)
