package strategy

import (
	"fmt"

	"github.com/creativeclusters/planner/domain"
)

// RestoreStrategyRevision makes the content of an earlier revision current
// again, as a new revision; workflow, reviews and names stay as they are.
// The application loads the content at Revision (by replaying the stream up
// to it) and fills in Content; the contract's input names only the revision.
type RestoreStrategyRevision struct {
	Revision int     `json:"revision"`
	Content  Content `json:"content"`
}

func (RestoreStrategyRevision) Describe() domain.Description { return edit("restoreStrategyRevision") }

func (cmd RestoreStrategyRevision) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	switch {
	case s.Revision == 1:
		return nil, domain.Invalid("revision", "the strategy has no earlier revision")
	case cmd.Revision < 1 || cmd.Revision >= s.Revision:
		return nil, domain.Invalid("revision", fmt.Sprintf("must be an earlier revision, 1 to %d", s.Revision-1))
	}
	if cmd.Content.StartYear == 0 {
		// A strategy's content always has a start year: the caller did not
		// load the revision. Refusing keeps a bug from wiping the document.
		return nil, fmt.Errorf("restore strategy revision %d: content was not loaded", cmd.Revision)
	}
	return []domain.Event{&ContentRestored{Revision: cmd.Revision, Content: cmd.Content.Clone()}}, nil
}

// NameStrategyVersion gives a revision a name, unique within the strategy,
// e.g. to mark the edition sent to a council. It changes no content and is
// allowed in every state.
type NameStrategyVersion struct {
	Revision int    `json:"revision"`
	Name     string `json:"name"`
	Note     string `json:"note,omitempty"`
}

func (NameStrategyVersion) Describe() domain.Description { return edit("nameStrategyVersion") }

func (cmd NameStrategyVersion) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireExisting(); err != nil {
		return nil, err
	}
	var checks domain.Checks
	checks.Require(cmd.Revision >= 1 && cmd.Revision <= s.Revision,
		fmt.Sprintf("must be a revision of the strategy, 1 to %d", s.Revision), "revision")
	s.checkVersionName(&checks, cmd.Name, "name")
	checks.Text(cmd.Note, domain.MaxTextLength, "note")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&VersionNamed{
		Name:      cmd.Name,
		Revision:  cmd.Revision,
		Note:      cmd.Note,
		CreatedAt: c.Now,
		CreatedBy: c.Actor.ID,
	}}, nil
}
