package domain

import "github.com/google/uuid"

// Role is what an authenticated person may do.
type Role string

// The roles of the public contract.
const (
	RoleAdmin    Role = "ADMIN"
	RolePlanner  Role = "PLANNER"
	RoleReviewer Role = "REVIEWER"
	RoleViewer   Role = "VIEWER"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RolePlanner, RoleReviewer, RoleViewer:
		return true
	}
	return false
}

// ActorKind tells people from the system itself (seeding, migrations).
type ActorKind string

// Actor kinds.
const (
	ActorPerson ActorKind = "PERSON"
	ActorSystem ActorKind = "SYSTEM"
)

// Actor is who issues a command. It always comes from authentication,
// never from a request body.
type Actor struct {
	ID   uuid.UUID
	Kind ActorKind
	Role Role
	// OrganisationID is uuid.Nil for actors without an organisation.
	OrganisationID uuid.UUID
	// Country of the actor's organisation (ISO 3166-1 alpha-2), empty when
	// unknown; adoption counts reviewers' countries.
	Country string
}

// SystemActorID identifies the planner itself (seed data, maintenance).
var SystemActorID = uuid.MustParse("00000000-0000-7000-8000-000000000001")

// System is the actor of commands the planner issues on its own.
var System = Actor{ID: SystemActorID, Kind: ActorSystem, Role: RoleAdmin}
