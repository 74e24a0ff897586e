package strategy

import (
	"reflect"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

// adoptedOnce is the fixture adopted at revision 13.
func adoptedOnce() *Strategy {
	return givenPopulated(&SubmittedForReview{}, &Adopted{Version: "adopted-13"},
		&VersionNamed{Name: "adopted-13", Revision: 13, CreatedAt: clock, CreatedBy: planner.ID})
}

func TestPublicationNeedsAdmin(t *testing.T) {
	// The application lets only ADMIN (and the system) run AccessAdmin
	// commands; the matrix in graphql/authztest checks every role.
	for _, cmd := range []domain.Command[*Strategy]{PublishStrategy{}, UnpublishStrategy{}} {
		d := cmd.Describe()
		if d.Access != domain.AccessAdmin || !d.Workflow || d.Creates {
			t.Errorf("%s: %+v, want ADMIN-only workflow", d.Action, d)
		}
	}
}

func TestPublishAnAdoptedStrategy(t *testing.T) {
	// given an adopted strategy
	s := adoptedOnce()
	// when an ADMIN publishes it
	events, err := whenAs(t, admin, s, PublishStrategy{})
	// then it is public from now on, with no new content revision
	requireEvents(t, events, err, &Published{At: clock})
	after := then(s, events)
	if after.PublishedAt == nil || !after.PublishedAt.Equal(clock) || after.ContentRevision != s.ContentRevision {
		t.Errorf("publishedAt %v contentRevision %d", after.PublishedAt, after.ContentRevision)
	}
}

func TestPublishNeedsAnAdoptedEdition(t *testing.T) {
	for _, s := range []*Strategy{givenPopulated(), inStatus(StatusInReview), givenPopulated(&Archived{})} {
		_, err := whenAs(t, admin, s, PublishStrategy{})
		requireRule(t, err, ErrNeverAdopted)
	}
	_, err := whenAs(t, admin, &Strategy{}, PublishStrategy{})
	requireRefused(t, err, domain.CodeNotFound)
}

// A reopened (or archived) strategy still has its edition in force: it may
// be published, and a published one stays public while the next edition
// is drafted; the public view shows the adopted edition, not the draft.
func TestPublicationSurvivesReopenAndArchive(t *testing.T) {
	reopened := then(adoptedOnce(), mustDecide(t, adoptedOnce(), ReopenStrategy{}))
	events, err := whenAs(t, admin, reopened, PublishStrategy{})
	requireEvents(t, events, err, &Published{At: clock})

	public := then(adoptedOnce(), []domain.Event{&Published{At: clock}})
	for _, cmd := range []domain.Command[*Strategy]{ReopenStrategy{}, ArchiveStrategy{}} {
		after := then(public, mustDecide(t, public, cmd))
		if after.PublishedAt == nil {
			t.Errorf("%s withdrew the publication", cmd.Describe().Action)
		}
		if v, ok := after.AdoptedVersion(); !ok || v.Revision != 13 {
			t.Errorf("%s: adopted version %+v", cmd.Describe().Action, v)
		}
	}
}

func TestPublishTwiceIsRefused(t *testing.T) {
	public := then(adoptedOnce(), []domain.Event{&Published{At: clock}})
	_, err := whenAs(t, admin, public, PublishStrategy{})
	requireRule(t, err, ErrAlreadyPublic)
}

func TestUnpublish(t *testing.T) {
	// given a public strategy
	public := then(adoptedOnce(), []domain.Event{&Published{At: clock}})
	// when an ADMIN withdraws it
	events, err := whenAs(t, admin, public, UnpublishStrategy{})
	// then it is no longer public
	requireEvents(t, events, err, &Unpublished{})
	if after := then(public, events); after.PublishedAt != nil {
		t.Errorf("still public since %v", after.PublishedAt)
	}
	// and withdrawing what is not public is refused
	for _, s := range []*Strategy{adoptedOnce(), givenPopulated()} {
		_, err := whenAs(t, admin, s, UnpublishStrategy{})
		requireRule(t, err, ErrNotPublic)
	}
}

func TestEditionsAreTheAdoptedVersions(t *testing.T) {
	s := adoptedOnce()
	s.Apply(&VersionNamed{Name: "council", Revision: 5, CreatedAt: clock}, 15)
	s.Apply(&VersionNamed{Name: "adopted-20", Revision: 20, CreatedAt: clock}, 20)
	var names []string
	for _, v := range s.Editions() {
		names = append(names, v.Name)
	}
	if !reflect.DeepEqual(names, []string{"adopted-13", "adopted-20"}) {
		t.Errorf("editions %v", names)
	}
}
