package cooperation_test

import (
	"errors"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

var admin = domain.Actor{ID: id("a009"), Kind: domain.ActorPerson, Role: domain.RoleAdmin}

func asAdmin(t *testing.T) domain.Context {
	c := ctx(t)
	c.Actor = admin
	return c
}

func TestPublicationNeedsAdmin(t *testing.T) {
	for _, cmd := range []domain.Command[*cooperation.Concept]{cooperation.PublishCooperationConcept{}, cooperation.UnpublishCooperationConcept{}} {
		d := cmd.Describe()
		if d.Access != domain.AccessAdmin || !d.Workflow || d.Creates {
			t.Errorf("%s: %+v, want ADMIN-only workflow", d.Action, d)
		}
	}
}

func TestPublishAnAdoptedConcept(t *testing.T) {
	// given an adopted concept
	state := given(adoptedHistory()...)
	// when an ADMIN publishes it
	events, err := cooperation.PublishCooperationConcept{}.Decide(state, asAdmin(t))
	// then it is public, with no content change
	wantEvents(t, events, err, &cooperation.Published{At: now})
	before := given(adoptedHistory()...)
	next := then(given(adoptedHistory()...), events)
	if next.PublishedAt == nil || !next.PublishedAt.Equal(now) || next.ContentRevision != before.ContentRevision {
		t.Fatalf("state = %+v", next)
	}
	wantChanges(t, before, next)

	// and publishing it again is refused
	_, err = cooperation.PublishCooperationConcept{}.Decide(next, asAdmin(t))
	if !errors.Is(err, cooperation.ErrAlreadyPublic) {
		t.Errorf("second publish: %v", err)
	}
}

func TestOnlyAdoptedConceptsArePublished(t *testing.T) {
	for status, state := range byStatus {
		if status == cooperation.StatusAdopted {
			continue
		}
		_, err := cooperation.PublishCooperationConcept{}.Decide(state(), asAdmin(t))
		if !errors.Is(err, cooperation.ErrNotAdoptedForPublication) || domain.CodeOf(err) != domain.CodeInvalidState {
			t.Errorf("%s: got %v, want ErrNotAdoptedForPublication", status, err)
		}
	}
	_, err := cooperation.PublishCooperationConcept{}.Decide(&cooperation.Concept{}, asAdmin(t))
	if domain.CodeOf(err) != domain.CodeNotFound {
		t.Errorf("missing concept: %v", err)
	}
}

func TestUnpublishConcept(t *testing.T) {
	public := then(given(adoptedHistory()...), []domain.Event{&cooperation.Published{At: now}})
	events, err := cooperation.UnpublishCooperationConcept{}.Decide(public, asAdmin(t))
	wantEvents(t, events, err, &cooperation.Unpublished{})
	if next := then(public, events); next.PublishedAt != nil {
		t.Fatalf("still public: %+v", next)
	}
	_, err = cooperation.UnpublishCooperationConcept{}.Decide(given(adoptedHistory()...), asAdmin(t))
	if !errors.Is(err, cooperation.ErrNotPublic) {
		t.Errorf("unpublish of a concept that is not public: %v", err)
	}
}
