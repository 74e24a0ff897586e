package strategy

import (
	"slices"
	"strings"
	"time"

	"github.com/creativeclusters/planner/domain"
)

// Publication: an ADMIN makes a strategy readable without a token (the
// public view) and withdraws it again. Only the edition in force is ever
// shown publicly, so only a strategy that was adopted at least once can be
// published. A reopened draft, a new review or an archival leave the
// publication alone: third parties keep reading the last adopted edition,
// never the draft, until the next adoption replaces it or an ADMIN
// withdraws it. Both commands are workflow: they change no content, need
// an exact expectedRevision when one is given, and show in the audit log.

// PublishStrategy is the publishStrategy mutation.
type PublishStrategy struct{}

func (PublishStrategy) Describe() domain.Description {
	return workflow("publishStrategy", domain.AccessAdmin)
}

func (PublishStrategy) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.LastAdopted == nil {
		return nil, ErrNeverAdopted
	}
	if s.PublishedAt != nil {
		return nil, ErrAlreadyPublic
	}
	return []domain.Event{&Published{At: c.Now}}, nil
}

// UnpublishStrategy is the unpublishStrategy mutation: the strategy leaves
// the public view at once.
type UnpublishStrategy struct{}

func (UnpublishStrategy) Describe() domain.Description {
	return workflow("unpublishStrategy", domain.AccessAdmin)
}

func (UnpublishStrategy) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	if s.PublishedAt == nil {
		return nil, ErrNotPublic
	}
	return []domain.Event{&Unpublished{}}, nil
}

// Published made the strategy's adopted edition public.
type Published struct {
	At time.Time `json:"at"`
}

// Unpublished withdrew the strategy from the public view.
type Unpublished struct{}

func (*Published) EventType() string   { return "strategy.Published" }
func (*Unpublished) EventType() string { return "strategy.Unpublished" }

func (*Published) Workflow()   {}
func (*Unpublished) Workflow() {}

// Editions returns the adopted versions, oldest first: the editions the
// strategy has had in force. Adoption alone gives names with the
// "adopted-" prefix (clients cannot), so the names tell them apart.
func (s *Strategy) Editions() []NamedVersion {
	var out []NamedVersion
	for _, v := range s.Versions {
		if strings.HasPrefix(v.Name, adoptedVersionPrefix) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b NamedVersion) int { return a.Revision - b.Revision })
	return out
}
