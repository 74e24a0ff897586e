package network_test

import (
	"github.com/creativeclusters/planner/internal/domaintest"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

var (
	now     = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	admin   = domain.Actor{ID: uuid.MustParse("0193a1b0-0000-7000-8000-00000000a001"), Kind: domain.ActorPerson, Role: domain.RoleAdmin}
	locID   = uuid.MustParse("0193a1b0-0000-7000-8000-000000000101")
	loc2ID  = uuid.MustParse("0193a1b0-0000-7000-8000-000000000102")
	orgID   = uuid.MustParse("0193a1b0-0000-7000-8000-000000000201")
	person1 = uuid.MustParse("0193a1b0-0000-7000-8000-000000000301")
	person2 = uuid.MustParse("0193a1b0-0000-7000-8000-000000000302")
)

// ctx returns a decision context whose NewID hands out ids in order and
// fails the test when it runs out.
func ctx(t testing.TB, ids ...uuid.UUID) domain.Context {
	return domain.Context{Actor: admin, Now: now, NewID: func() uuid.UUID {
		if len(ids) == 0 {
			t.Fatalf("NewID called more often than expected")
			return uuid.Nil
		}
		id := ids[0]
		ids = ids[1:]
		return id
	}}
}

// given applies events to s, one revision each, and returns s.
func given[S domain.Aggregate](s S, events ...domain.Event) S {
	for i, e := range events {
		s.Apply(e, i+1)
	}
	return s
}

// apply applies the events of one command as the next revision.
func apply[S domain.Aggregate](s S, revision int, events []domain.Event) S {
	for _, e := range events {
		s.Apply(e, revision)
	}
	return s
}

func wantDoc(t *testing.T, got domain.Doc, want map[string]any) {
	t.Helper()
	if !domain.Equal(got.Value(), want) {
		t.Fatalf("document:\n got %#v\nwant %#v", got.Value(), want)
	}
}

// The shared assertions (internal/domaintest).
var (
	wantEvents = domaintest.WantEvents
	wantCode   = domaintest.WantCode
	wantFields = domaintest.WantFields
)
