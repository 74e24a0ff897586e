package cooperation

import (
	"fmt"
	"strings"

	"github.com/creativeclusters/planner/domain"
)

// RestoreCooperationConceptRevision is the restoreCooperationConceptRevision
// mutation: the content of an earlier revision becomes current again, as a
// new revision. Status, evaluations and versions stay as they are.
type RestoreCooperationConceptRevision struct {
	Revision int `json:"revision"`
	// Content is the concept's content at Revision. The application loads
	// it from the history before Decide runs; Decide stays pure.
	Content Content `json:"content"`
}

// Describe implements domain.Command.
func (RestoreCooperationConceptRevision) Describe() domain.Description {
	return domain.Description{Action: "restoreCooperationConceptRevision", Access: domain.AccessEdit}
}

// Decide implements domain.Command.
func (cmd RestoreCooperationConceptRevision) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := editableConcept(state); err != nil {
		return nil, err
	}
	var checks domain.Checks
	switch {
	case state.Revision < 2:
		checks.Fail("there is no earlier revision", "revision")
	case cmd.Revision < 1 || cmd.Revision >= state.Revision:
		checks.Fail(fmt.Sprintf("must be an earlier revision, between 1 and %d", state.Revision-1), "revision")
	case len(cmd.Content.Partners) == 0 || strings.TrimSpace(cmd.Content.Title) == "":
		// Every revision has a title and a partner; an empty content means
		// the revision was not loaded.
		checks.Fail("has no content to restore", "revision")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&RevisionRestored{Revision: cmd.Revision, Content: cmd.Content.Clone()}}, nil
}

// NameCooperationConceptVersion is the nameCooperationConceptVersion
// mutation: a unique name for one revision, allowed in every status.
type NameCooperationConceptVersion struct {
	Revision int    `json:"revision"`
	Name     string `json:"name"`
	Note     string `json:"note,omitempty"`
}

// Describe implements domain.Command.
func (NameCooperationConceptVersion) Describe() domain.Description {
	return domain.Description{Action: "nameCooperationConceptVersion", Access: domain.AccessEdit}
}

// Decide implements domain.Command. Names are document keys
// (/versions/{name}), so they cannot contain "/".
func (cmd NameCooperationConceptVersion) Decide(state *Concept, c domain.Context) ([]domain.Event, error) {
	if err := existingConcept(state); err != nil {
		return nil, err
	}
	var checks domain.Checks
	if cmd.Revision < 1 || cmd.Revision > state.Revision {
		checks.Fail(fmt.Sprintf("must be a revision between 1 and %d", state.Revision), "revision")
	}
	checks.Name(cmd.Name, "name")
	if strings.Contains(cmd.Name, "/") {
		checks.Fail(`must not contain "/"`, "name")
	}
	for _, v := range state.Versions {
		if v.Name == cmd.Name {
			checks.Fail(fmt.Sprintf("already names revision %d", v.Revision), "name")
		}
	}
	checks.Text(cmd.Note, domain.MaxTextLength, "note")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	if len(state.Versions) >= domain.MaxListItems {
		return nil, ErrTooManyVersions
	}
	return []domain.Event{&VersionNamed{
		Name:      cmd.Name,
		Revision:  cmd.Revision,
		Note:      cmd.Note,
		CreatedAt: c.Now,
		CreatedBy: c.Actor.ID,
	}}, nil
}
