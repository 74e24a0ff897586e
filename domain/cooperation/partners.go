package cooperation

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// AddConceptPartner is the addConceptPartner mutation.
type AddConceptPartner struct {
	OrganisationID uuid.UUID `json:"organisationId"`
}

// Describe implements domain.Command.
func (AddConceptPartner) Describe() domain.Description {
	return domain.Description{Action: "addConceptPartner", Access: domain.AccessEdit}
}

// References implements domain.Referencing.
func (cmd AddConceptPartner) References() []domain.Ref {
	return ref(nil, domain.SubjectOrganisation, cmd.OrganisationID, "organisationId")
}

// Decide implements domain.Command.
func (cmd AddConceptPartner) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := editableConcept(state); err != nil {
		return nil, err
	}
	var checks domain.Checks
	checkID(&checks, cmd.OrganisationID, "organisationId")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	switch {
	case slices.Contains(state.Content.Partners, cmd.OrganisationID):
		return nil, ErrAlreadyPartner
	case len(state.Content.Partners) >= domain.MaxReferenceList:
		return nil, ErrTooManyPartners
	}
	return []domain.Event{&PartnerAdded{OrganisationID: cmd.OrganisationID}}, nil
}

// RemoveConceptPartner is the removeConceptPartner mutation. It does not
// name a reference: an organisation that is a partner exists, and one that
// is not is refused by the rule below.
type RemoveConceptPartner struct {
	OrganisationID uuid.UUID `json:"organisationId"`
}

// Describe implements domain.Command.
func (RemoveConceptPartner) Describe() domain.Description {
	return domain.Description{Action: "removeConceptPartner", Access: domain.AccessEdit}
}

// Decide implements domain.Command.
func (cmd RemoveConceptPartner) Decide(state *Concept, _ domain.Context) ([]domain.Event, error) {
	if err := editableConcept(state); err != nil {
		return nil, err
	}
	var checks domain.Checks
	checkID(&checks, cmd.OrganisationID, "organisationId")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	switch {
	case !slices.Contains(state.Content.Partners, cmd.OrganisationID):
		return nil, ErrNotPartner
	case len(state.Content.Partners) == 1:
		return nil, ErrLastPartner
	}
	return []domain.Event{&PartnerRemoved{OrganisationID: cmd.OrganisationID}}, nil
}
