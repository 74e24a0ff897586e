package auth

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// Names the directory gives actors that are not people with a user row.
const (
	SystemActorName  = "System"
	UnknownActorName = "unknown actor"
)

// ActorInfo is what the API shows about the actor of a revision.
type ActorInfo struct {
	ID   uuid.UUID
	Kind domain.ActorKind
	// Name is the pseudonym once the person was erased.
	Name string
	// Role is "" for the system and unknown actors.
	Role domain.Role
	// OrganisationID is uuid.Nil when the actor has none.
	OrganisationID uuid.UUID
	Erased         bool
}

// Actors describes the actors with the given ids in one query, for a
// dataloader that batches a page of revisions. Every id gets an entry: the
// system actor (domain.SystemActorID) is SYSTEM "System" (the seed and other work the service does itself), and an id no user
// has (a deleted test database, a foreign import) is the placeholder
// "unknown actor" rather than an error that would fail a whole history.
func (s *Users) Actors(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]ActorInfo, error) {
	out := make(map[uuid.UUID]ActorInfo, len(ids))
	var people []uuid.UUID
	for _, id := range ids {
		if id == domain.SystemActorID {
			out[id] = ActorInfo{ID: id, Kind: domain.ActorSystem, Name: SystemActorName}
			continue
		}
		if _, seen := out[id]; !seen {
			out[id] = ActorInfo{ID: id, Kind: domain.ActorPerson, Name: UnknownActorName}
			people = append(people, id)
		}
	}
	if len(people) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `
		SELECT id, COALESCE(pseudonym, name), role, organisation_id, erased_at IS NOT NULL
		FROM users WHERE id = ANY($1)`, people)
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	var (
		info ActorInfo
		role string
		org  *uuid.UUID
	)
	_, err = pgx.ForEachRow(rows, []any{&info.ID, &info.Name, &role, &org, &info.Erased}, func() error {
		info.Kind, info.Role, info.OrganisationID = domain.ActorPerson, domain.Role(role), uuid.Nil
		if org != nil {
			info.OrganisationID = *org
		}
		out[info.ID] = info
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	return out, nil
}
