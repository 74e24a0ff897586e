package auth_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

func TestActorsDescribesPeopleTheSystemAndUnknownIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	org := f.addOrganisation(t, "Kreativum Science Center", f.addLocation(t, "Karlshamn", "SE"))
	ada, _ := f.addUser(t, auth.NewUser{Name: "Ada", Org: org.String(), Role: domain.RoleReviewer})
	bob, _ := f.addUser(t, auth.NewUser{Name: "Bob", Role: domain.RoleAdmin})
	unknown := uuid.New()

	got, err := f.users.Actors(ctx, []uuid.UUID{ada.ID, domain.SystemActorID, bob.ID, unknown, ada.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[uuid.UUID]auth.ActorInfo{
		ada.ID:               {ID: ada.ID, Kind: domain.ActorPerson, Name: "Ada", Role: domain.RoleReviewer, OrganisationID: org},
		bob.ID:               {ID: bob.ID, Kind: domain.ActorPerson, Name: "Bob", Role: domain.RoleAdmin},
		domain.SystemActorID: {ID: domain.SystemActorID, Kind: domain.ActorSystem, Name: "System"},
		unknown:              {ID: unknown, Kind: domain.ActorPerson, Name: "unknown actor"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d actors, want %d: %+v", len(got), len(want), got)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("actor %s: got %+v, want %+v", id, got[id], w)
		}
	}

	empty, err := f.users.Actors(ctx, nil)
	if err != nil || len(empty) != 0 {
		t.Fatalf("no ids: %v, %v", empty, err)
	}
}
