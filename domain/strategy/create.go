package strategy

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// CreateStrategy starts a strategy in DRAFT. Its id is the first id
// Context.NewID returns; every partner starts with the role PARTNER.
type CreateStrategy struct {
	Title     string `json:"title"`
	Vision    string `json:"vision,omitempty"`
	StartYear int    `json:"startYear"`
	// LocationIDs and PartnerIDs need at least one entry each; the
	// application checks that they exist (References).
	LocationIDs []uuid.UUID `json:"locationIds"`
	PartnerIDs  []uuid.UUID `json:"partnerIds"`
}

func (CreateStrategy) Describe() domain.Description {
	return domain.Description{Action: "createStrategy", Access: domain.AccessCreate, Creates: true}
}

func (cmd CreateStrategy) References() []domain.Ref {
	return slices.Concat(
		refs(domain.SubjectLocation, cmd.LocationIDs, "locationIds"),
		refs(domain.SubjectOrganisation, cmd.PartnerIDs, "partnerIds"),
	)
}

// HasPartner lets the application check that a planner creates a strategy
// their own organisation takes part in.
func (cmd CreateStrategy) HasPartner(organisation uuid.UUID) bool {
	return slices.Contains(cmd.PartnerIDs, organisation)
}

func (cmd CreateStrategy) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if s.Exists() {
		return nil, ErrExists
	}
	var checks domain.Checks
	checks.Name(cmd.Title, "title")
	checks.Text(cmd.Vision, domain.MaxTextLength, "vision")
	checkStartYear(&checks, cmd.StartYear, "startYear")
	checks.Require(len(cmd.LocationIDs) > 0, "must name at least one location", "locationIds")
	checkIDList(&checks, cmd.LocationIDs, "locationIds")
	checks.Require(len(cmd.PartnerIDs) > 0, "must name at least one partner", "partnerIds")
	checkIDList(&checks, cmd.PartnerIDs, "partnerIds")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	partnerships := make([]Partnership, len(cmd.PartnerIDs))
	for i, id := range cmd.PartnerIDs {
		partnerships[i] = Partnership{OrganisationID: id, Role: RolePartner}
	}
	return []domain.Event{&Created{
		ID:           c.NewID(),
		Title:        cmd.Title,
		Vision:       cmd.Vision,
		StartYear:    cmd.StartYear,
		Locations:    slices.Clone(cmd.LocationIDs),
		Partnerships: partnerships,
	}}, nil
}

// UpdateStrategy changes the title, vision or start year. A new start year
// moves the whole period, so every measure and indicator year must fit the
// new one.
type UpdateStrategy struct {
	Title     domain.Optional[string] `json:"title,omitzero"`
	Vision    domain.Optional[string] `json:"vision,omitzero"`
	StartYear domain.Optional[int]    `json:"startYear,omitzero"`
}

func (UpdateStrategy) Describe() domain.Description { return edit("updateStrategy") }

func (cmd UpdateStrategy) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Title.Set, cmd.Vision.Set, cmd.StartYear.Set)
	checkNameUpdate(&checks, cmd.Title, "title")
	checkTextUpdate(&checks, cmd.Vision, domain.MaxTextLength, "vision")
	cmd.StartYear.RequireNotNull(&checks, "startYear")
	if cmd.StartYear.HasValue() {
		checkStartYear(&checks, cmd.StartYear.Value, "startYear")
		if conflict := s.periodConflict(cmd.StartYear.Value); conflict != "" {
			checks.Fail("would leave items outside the period: "+conflict, "startYear")
		}
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&Updated{
		Title:     changed(cmd.Title),
		Vision:    changed(cmd.Vision),
		StartYear: changed(cmd.StartYear),
	}}, nil
}
