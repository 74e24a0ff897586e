package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

// fixture is a migrated database of its own with the users over it.
type fixture struct {
	pool  *pgxpool.Pool
	store *eventstore.Store
	orgs  *auth.NetworkResolver
	users *auth.Users
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, auth.NetworkResolverConfig{})
}

func newFixtureWith(t *testing.T, cfg auth.NetworkResolverConfig) *fixture {
	t.Helper()
	pool := pgtest.NewPool(t)
	reg := domain.NewRegistry()
	network.RegisterEvents(reg)
	store := eventstore.New(pool, reg)
	orgs := auth.NewNetworkResolver(store, cfg)
	return &fixture{pool: pool, store: store, orgs: orgs, users: auth.NewUsers(pool, orgs)}
}

// appendEvents records events as the system would, on top of a stream's
// current revision.
func (f *fixture) appendEvents(t *testing.T, kind domain.SubjectType, stream uuid.UUID, events ...domain.Event) {
	t.Helper()
	ctx := context.Background()
	var version, revision int
	if err := f.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0), COALESCE(MAX(revision), 0) FROM events WHERE stream_id = $1`,
		stream).Scan(&version, &revision); err != nil {
		t.Fatal(err)
	}
	_, err := f.store.Append(ctx, eventstore.AppendRequest{
		StreamType: kind, StreamID: stream, ExpectedVersion: version, Revision: revision + 1,
		Events: events, InputHash: []byte{1},
		Metadata: eventstore.Metadata{
			ActorID: domain.SystemActorID, CommandID: uuid.New(), Action: "test",
			RecordedAt: time.Now().UTC(),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) addLocation(t *testing.T, name, country string) uuid.UUID {
	t.Helper()
	id := uuid.New()
	f.appendEvents(t, domain.SubjectLocation, id, &network.LocationAdded{LocationID: id, Name: name, Country: country})
	return id
}

func (f *fixture) addOrganisation(t *testing.T, name string, location uuid.UUID) uuid.UUID {
	t.Helper()
	id := uuid.New()
	f.appendEvents(t, domain.SubjectOrganisation, id, &network.OrganisationRegistered{
		OrganisationID: id, Name: name, Role: network.Partner, LocationID: location,
	})
	return id
}

func (f *fixture) updateOrganisation(t *testing.T, id uuid.UUID, name string, location uuid.UUID) {
	t.Helper()
	f.appendEvents(t, domain.SubjectOrganisation, id, &network.OrganisationUpdated{
		Name: name, Role: network.Partner, LocationID: location,
	})
}

// addUser adds a valid user and returns it with its token.
func (f *fixture) addUser(t *testing.T, in auth.NewUser) (auth.User, string) {
	t.Helper()
	if in.Name == "" {
		in.Name = "Ada Lovelace"
	}
	if in.Email == "" {
		in.Email = uuid.NewString()[:8] + "@example.org"
	}
	if in.Role == "" {
		in.Role = domain.RolePlanner
	}
	u, token, err := f.users.AddUser(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return u, token
}

func (f *fixture) mustAuthenticate(t *testing.T, token string) domain.Actor {
	t.Helper()
	actor, err := f.users.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return actor
}

func (f *fixture) mustFailAuthentication(t *testing.T, token string) {
	t.Helper()
	actor, err := f.users.Authenticate(context.Background(), token)
	if !errors.Is(err, domain.ErrUnauthenticated) {
		t.Fatalf("authenticate: got %+v, %v; want domain.ErrUnauthenticated", actor, err)
	}
}
