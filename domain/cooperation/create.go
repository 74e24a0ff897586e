package cooperation

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// CreateCooperationConcept is the createCooperationConcept mutation: a new
// concept in DRAFT, whose id is the first id Context.NewID returns. Its
// partners must include the actor's organisation,
// which the application checks through domain.Partnered.
type CreateCooperationConcept struct {
	Kind         Kind        `json:"kind"`
	Title        string      `json:"title"`
	Summary      string      `json:"summary,omitempty"`
	TargetGroups []string    `json:"targetGroups,omitempty"`
	PartnerIDs   []uuid.UUID `json:"partnerIds"`
	StrategyID   *uuid.UUID  `json:"strategyId,omitempty"`
}

// Describe implements domain.Command.
func (CreateCooperationConcept) Describe() domain.Description {
	return domain.Description{Action: "createCooperationConcept", Access: domain.AccessCreate, Creates: true}
}

// HasPartner implements domain.Partnered.
func (cmd CreateCooperationConcept) HasPartner(organisation uuid.UUID) bool {
	return slices.Contains(cmd.PartnerIDs, organisation)
}

// References implements domain.Referencing.
func (cmd CreateCooperationConcept) References() []domain.Ref {
	var refs []domain.Ref
	for i, id := range cmd.PartnerIDs {
		refs = ref(refs, domain.SubjectOrganisation, id, "partnerIds", domain.Index(i))
	}
	if cmd.StrategyID != nil {
		refs = ref(refs, domain.SubjectStrategy, *cmd.StrategyID, "strategyId")
	}
	return refs
}

// Decide implements domain.Command.
func (cmd CreateCooperationConcept) Decide(state *Concept, c domain.Context) ([]domain.Event, error) {
	if state.exists() {
		return nil, ErrExists
	}
	var checks domain.Checks
	checks.Require(cmd.Kind.Valid(), "must be CONSULTANCY_STRUCTURE or LOCAL_PROCESS_SUPPORT", "kind")
	checks.Name(cmd.Title, "title")
	checks.Text(cmd.Summary, domain.MaxTextLength, "summary")
	checkTargetGroups(&checks, cmd.TargetGroups, "targetGroups")
	checkPartners(&checks, cmd.PartnerIDs)
	if cmd.StrategyID != nil {
		checkID(&checks, *cmd.StrategyID, "strategyId")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&Created{
		ConceptID:    newID(c),
		Kind:         cmd.Kind,
		Title:        cmd.Title,
		Summary:      cmd.Summary,
		TargetGroups: slices.Clone(cmd.TargetGroups),
		PartnerIDs:   slices.Clone(cmd.PartnerIDs),
		StrategyID:   clonePtr(cmd.StrategyID),
	}}, nil
}

// checkPartners: between 1 and domain.MaxReferenceList ids, none nil, no
// duplicates.
func checkPartners(c *domain.Checks, ids []uuid.UUID) {
	c.Require(len(ids) > 0, "must name at least one partner organisation", "partnerIds")
	c.Count(len(ids), domain.MaxReferenceList, "partnerIds")
	for i, id := range ids {
		checkID(c, id, "partnerIds", domain.Index(i))
		if id != uuid.Nil && slices.Index(ids, id) < i {
			c.Fail("is listed twice", "partnerIds", domain.Index(i))
		}
	}
}
