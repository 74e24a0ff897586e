package strategy

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// A measure runs within the strategy's ten years, is led by one of its
// partners (or none) and takes place at some of its locations.

// AddMeasure appends a measure, PLANNED, to an objective.
type AddMeasure struct {
	ObjectiveID uuid.UUID `json:"objectiveId"`
	// MeasureID is the client's key for the new measure; nil: one is made.
	MeasureID     *uuid.UUID  `json:"measureId,omitempty"`
	Title         string      `json:"title"`
	Description   string      `json:"description,omitempty"`
	LeadPartnerID *uuid.UUID  `json:"leadPartnerId,omitempty"`
	LocationIDs   []uuid.UUID `json:"locationIds,omitempty"`
	StartYear     int         `json:"startYear"`
	EndYear       int         `json:"endYear"`
}

func (AddMeasure) Describe() domain.Description { return edit("addMeasure") }

func (cmd AddMeasure) References() []domain.Ref {
	out := refs(domain.SubjectLocation, cmd.LocationIDs, "locationIds")
	if cmd.LeadPartnerID != nil {
		out = append(out, domain.Ref{Type: domain.SubjectOrganisation, ID: *cmd.LeadPartnerID, Field: []string{"leadPartnerId"}})
	}
	return out
}

func (cmd AddMeasure) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	o := s.objective(cmd.ObjectiveID)
	if o == nil {
		return nil, domain.NotFound(string(kindObjective))
	}
	if err := requireRoom(len(o.Measures), domain.MaxListItems, "measures of an objective"); err != nil {
		return nil, err
	}
	var checks domain.Checks
	key := s.newItemKey(&checks, cmd.MeasureID, "measureId", c)
	checks.Name(cmd.Title, "title")
	checks.Text(cmd.Description, domain.MaxTextLength, "description")
	if cmd.LeadPartnerID != nil {
		s.checkLeadPartner(&checks, *cmd.LeadPartnerID, "leadPartnerId")
	}
	s.checkMeasureLocations(&checks, cmd.LocationIDs, "locationIds")
	s.checkMeasureYears(&checks, cmd.StartYear, cmd.EndYear, true, true)
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&MeasureAdded{
		ObjectiveKey:  cmd.ObjectiveID,
		Key:           key,
		Title:         cmd.Title,
		Description:   cmd.Description,
		LeadPartnerID: clonePointer(cmd.LeadPartnerID),
		LocationIDs:   slices.Clone(cmd.LocationIDs),
		StartYear:     cmd.StartYear,
		EndYear:       cmd.EndYear,
		Status:        MeasurePlanned,
	}}, nil
}

// UpdateMeasure changes a measure. A null leadPartnerId leaves it without
// a lead partner; null locationIds, without locations.
type UpdateMeasure struct {
	MeasureID     uuid.UUID                    `json:"measureId"`
	Title         domain.Optional[string]      `json:"title,omitzero"`
	Description   domain.Optional[string]      `json:"description,omitzero"`
	LeadPartnerID domain.Optional[uuid.UUID]   `json:"leadPartnerId,omitzero"`
	LocationIDs   domain.Optional[[]uuid.UUID] `json:"locationIds,omitzero"`
	StartYear     domain.Optional[int]         `json:"startYear,omitzero"`
	EndYear       domain.Optional[int]         `json:"endYear,omitzero"`
}

func (UpdateMeasure) Describe() domain.Description { return edit("updateMeasure") }

func (cmd UpdateMeasure) References() []domain.Ref {
	var out []domain.Ref
	if cmd.LocationIDs.HasValue() {
		out = refs(domain.SubjectLocation, cmd.LocationIDs.Value, "locationIds")
	}
	if cmd.LeadPartnerID.HasValue() {
		out = append(out, domain.Ref{Type: domain.SubjectOrganisation, ID: cmd.LeadPartnerID.Value, Field: []string{"leadPartnerId"}})
	}
	return out
}

func (cmd UpdateMeasure) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	m := s.measure(cmd.MeasureID)
	if m == nil {
		return nil, domain.NotFound(string(kindMeasure))
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Title.Set, cmd.Description.Set, cmd.LeadPartnerID.Set,
		cmd.LocationIDs.Set, cmd.StartYear.Set, cmd.EndYear.Set)
	checkNameUpdate(&checks, cmd.Title, "title")
	checkTextUpdate(&checks, cmd.Description, domain.MaxTextLength, "description")
	if cmd.LeadPartnerID.HasValue() {
		s.checkLeadPartner(&checks, cmd.LeadPartnerID.Value, "leadPartnerId")
	}
	if cmd.LocationIDs.HasValue() {
		s.checkMeasureLocations(&checks, cmd.LocationIDs.Value, "locationIds")
	}
	cmd.StartYear.RequireNotNull(&checks, "startYear")
	cmd.EndYear.RequireNotNull(&checks, "endYear")
	start, end := m.StartYear, m.EndYear
	if cmd.StartYear.HasValue() {
		start = cmd.StartYear.Value
	}
	if cmd.EndYear.HasValue() {
		end = cmd.EndYear.Value
	}
	if cmd.StartYear.HasValue() || cmd.EndYear.HasValue() {
		s.checkMeasureYears(&checks, start, end, cmd.StartYear.HasValue(), cmd.EndYear.HasValue())
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}

	var events []domain.Event
	if cmd.Title.Set || cmd.Description.Set || cmd.StartYear.Set || cmd.EndYear.Set {
		events = append(events, &MeasureUpdated{
			Key:         cmd.MeasureID,
			Title:       changed(cmd.Title),
			Description: changed(cmd.Description),
			StartYear:   changed(cmd.StartYear),
			EndYear:     changed(cmd.EndYear),
		})
	}
	if cmd.LeadPartnerID.Set {
		var lead *uuid.UUID
		if cmd.LeadPartnerID.HasValue() {
			lead = new(cmd.LeadPartnerID.Value)
		}
		events = append(events, &MeasureLeadPartnerChanged{Key: cmd.MeasureID, LeadPartnerID: lead})
	}
	if cmd.LocationIDs.Set {
		locations := []uuid.UUID{}
		if cmd.LocationIDs.HasValue() {
			locations = slices.Clone(cmd.LocationIDs.Value)
		}
		events = append(events, &MeasureLocationsChanged{Key: cmd.MeasureID, LocationIDs: locations})
	}
	return events, nil
}

// SetMeasureStatus moves a measure to any status; progress counts them.
// It is monitoring (see monitoring.go).
type SetMeasureStatus struct {
	MeasureID uuid.UUID     `json:"measureId"`
	Status    MeasureStatus `json:"status"`
}

func (SetMeasureStatus) Describe() domain.Description { return monitor("setMeasureStatus") }

func (cmd SetMeasureStatus) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireMonitorable(); err != nil {
		return nil, err
	}
	if s.measure(cmd.MeasureID) == nil {
		return nil, domain.NotFound(string(kindMeasure))
	}
	if !cmd.Status.valid() {
		return nil, domain.Invalid("status", "must be one of PLANNED, IN_PROGRESS, COMPLETED, POSTPONED, CANCELLED")
	}
	return []domain.Event{&MeasureStatusChanged{Key: cmd.MeasureID, Status: cmd.Status}}, nil
}

// AddMilestone appends a milestone, not done, to a measure.
type AddMilestone struct {
	MeasureID uuid.UUID `json:"measureId"`
	// MilestoneID is the client's key for the new milestone; nil: one is made.
	MilestoneID *uuid.UUID `json:"milestoneId,omitempty"`
	Title       string     `json:"title"`
	// Due is a date, YYYY-MM-DD.
	Due string `json:"due"`
}

func (AddMilestone) Describe() domain.Description { return edit("addMilestone") }

func (cmd AddMilestone) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	m := s.measure(cmd.MeasureID)
	if m == nil {
		return nil, domain.NotFound(string(kindMeasure))
	}
	if err := requireRoom(len(m.Milestones), domain.MaxListItems, "milestones of a measure"); err != nil {
		return nil, err
	}
	var checks domain.Checks
	key := s.newItemKey(&checks, cmd.MilestoneID, "milestoneId", c)
	checks.Name(cmd.Title, "title")
	checkDate(&checks, cmd.Due, "due")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&MilestoneAdded{MeasureKey: cmd.MeasureID, Key: key, Title: cmd.Title, Due: cmd.Due}}, nil
}

// UpdateMilestone changes a milestone's title or due date.
type UpdateMilestone struct {
	MilestoneID uuid.UUID               `json:"milestoneId"`
	Title       domain.Optional[string] `json:"title,omitzero"`
	Due         domain.Optional[string] `json:"due,omitzero"`
}

func (UpdateMilestone) Describe() domain.Description { return edit("updateMilestone") }

func (cmd UpdateMilestone) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.milestone(cmd.MilestoneID) == nil {
		return nil, domain.NotFound(string(kindMilestone))
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Title.Set, cmd.Due.Set)
	checkNameUpdate(&checks, cmd.Title, "title")
	cmd.Due.RequireNotNull(&checks, "due")
	if cmd.Due.HasValue() {
		checkDate(&checks, cmd.Due.Value, "due")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&MilestoneUpdated{Key: cmd.MilestoneID, Title: changed(cmd.Title), Due: changed(cmd.Due)}}, nil
}

// SetMilestoneDone marks a milestone done or not done; monitoring.
type SetMilestoneDone struct {
	MilestoneID uuid.UUID `json:"milestoneId"`
	Done        bool      `json:"done"`
}

func (SetMilestoneDone) Describe() domain.Description { return monitor("setMilestoneDone") }

func (cmd SetMilestoneDone) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireMonitorable(); err != nil {
		return nil, err
	}
	if s.milestone(cmd.MilestoneID) == nil {
		return nil, domain.NotFound(string(kindMilestone))
	}
	return []domain.Event{&MilestoneDoneChanged{Key: cmd.MilestoneID, Done: cmd.Done}}, nil
}
