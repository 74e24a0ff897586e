package strategy

import (
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Events are stored as JSON under the name EventType returns. Renaming a
// Go type is safe; changing a name or a JSON tag is not: stored events would
// no longer decode (add a schema version with an upcaster instead).
//
// Update events carry only the fields the command set, as pointers: nil
// means unchanged.

// RegisterEvents adds every strategy event to r.
func RegisterEvents(r *domain.Registry) {
	for _, factory := range eventFactories {
		r.Register(factory)
	}
}

// eventFactories lists every event of the package, content first.
var eventFactories = []func() domain.Event{
	func() domain.Event { return &Created{} },
	func() domain.Event { return &Updated{} },
	func() domain.Event { return &LocationAdded{} },
	func() domain.Event { return &LocationRemoved{} },
	func() domain.Event { return &PartnerAdded{} },
	func() domain.Event { return &PartnerRoleChanged{} },
	func() domain.Event { return &PartnerRemoved{} },
	func() domain.Event { return &SectionAdded{} },
	func() domain.Event { return &SectionUpdated{} },
	func() domain.Event { return &PriorityAdded{} },
	func() domain.Event { return &PriorityUpdated{} },
	func() domain.Event { return &ObjectiveAdded{} },
	func() domain.Event { return &ObjectiveUpdated{} },
	func() domain.Event { return &MeasureAdded{} },
	func() domain.Event { return &MeasureUpdated{} },
	func() domain.Event { return &MeasureLeadPartnerChanged{} },
	func() domain.Event { return &MeasureLocationsChanged{} },
	func() domain.Event { return &MeasureStatusChanged{} },
	func() domain.Event { return &MilestoneAdded{} },
	func() domain.Event { return &MilestoneUpdated{} },
	func() domain.Event { return &MilestoneDoneChanged{} },
	func() domain.Event { return &IndicatorAdded{} },
	func() domain.Event { return &IndicatorUpdated{} },
	func() domain.Event { return &IndicatorTargetsSet{} },
	func() domain.Event { return &IndicatorActualRecorded{} },
	func() domain.Event { return &ItemMoved{} },
	func() domain.Event { return &ItemRemoved{} },
	func() domain.Event { return &ContentRestored{} },
	func() domain.Event { return &SubmittedForReview{} },
	func() domain.Event { return &Reviewed{} },
	func() domain.Event { return &Adopted{} },
	func() domain.Event { return &Reopened{} },
	func() domain.Event { return &Archived{} },
	func() domain.Event { return &VersionNamed{} },
	func() domain.Event { return &Published{} },
	func() domain.Event { return &Unpublished{} },
}

// ---------------------------------------------------------------- the strategy

// Created starts a strategy, in DRAFT, with its first locations and
// partners.
type Created struct {
	ID           uuid.UUID     `json:"id"`
	Title        string        `json:"title"`
	Vision       string        `json:"vision"`
	StartYear    int           `json:"startYear"`
	Locations    []uuid.UUID   `json:"locations"`
	Partnerships []Partnership `json:"partnerships"`
}

// Updated changed the strategy's own fields.
type Updated struct {
	Title     *string `json:"title,omitempty"`
	Vision    *string `json:"vision,omitempty"`
	StartYear *int    `json:"startYear,omitempty"`
}

// LocationAdded appended a location to the strategy.
type LocationAdded struct {
	LocationID uuid.UUID `json:"locationId"`
}

// LocationRemoved took a location out of the strategy.
type LocationRemoved struct {
	LocationID uuid.UUID `json:"locationId"`
}

// PartnerAdded made an organisation a partner of the strategy.
type PartnerAdded struct {
	OrganisationID uuid.UUID   `json:"organisationId"`
	Role           PartnerRole `json:"role"`
}

// PartnerRoleChanged gave a partner another role in the strategy.
type PartnerRoleChanged struct {
	OrganisationID uuid.UUID   `json:"organisationId"`
	Role           PartnerRole `json:"role"`
}

// PartnerRemoved took an organisation out of the strategy's partners.
type PartnerRemoved struct {
	OrganisationID uuid.UUID `json:"organisationId"`
}

func (*Created) EventType() string            { return "strategy.Created" }
func (*Updated) EventType() string            { return "strategy.Updated" }
func (*LocationAdded) EventType() string      { return "strategy.LocationAdded" }
func (*LocationRemoved) EventType() string    { return "strategy.LocationRemoved" }
func (*PartnerAdded) EventType() string       { return "strategy.PartnerAdded" }
func (*PartnerRoleChanged) EventType() string { return "strategy.PartnerRoleChanged" }
func (*PartnerRemoved) EventType() string     { return "strategy.PartnerRemoved" }

// ---------------------------------------------------------------- sections, priorities, objectives

// SectionAdded inserted a section before BeforeKey, or appended it when nil.
type SectionAdded struct {
	Key       uuid.UUID  `json:"key"`
	Heading   string     `json:"heading"`
	Body      string     `json:"body"`
	BeforeKey *uuid.UUID `json:"beforeKey,omitempty"`
}

// SectionUpdated changed a section's heading or body.
type SectionUpdated struct {
	Key     uuid.UUID `json:"key"`
	Heading *string   `json:"heading,omitempty"`
	Body    *string   `json:"body,omitempty"`
}

// PriorityAdded appended a priority.
type PriorityAdded struct {
	Key         uuid.UUID `json:"key"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
}

// PriorityUpdated changed a priority's title or description.
type PriorityUpdated struct {
	Key         uuid.UUID `json:"key"`
	Title       *string   `json:"title,omitempty"`
	Description *string   `json:"description,omitempty"`
}

// ObjectiveAdded appended an objective to a priority.
type ObjectiveAdded struct {
	PriorityKey uuid.UUID `json:"priorityKey"`
	Key         uuid.UUID `json:"key"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
}

// ObjectiveUpdated changed an objective's title or description.
type ObjectiveUpdated struct {
	Key         uuid.UUID `json:"key"`
	Title       *string   `json:"title,omitempty"`
	Description *string   `json:"description,omitempty"`
}

func (*SectionAdded) EventType() string     { return "strategy.SectionAdded" }
func (*SectionUpdated) EventType() string   { return "strategy.SectionUpdated" }
func (*PriorityAdded) EventType() string    { return "strategy.PriorityAdded" }
func (*PriorityUpdated) EventType() string  { return "strategy.PriorityUpdated" }
func (*ObjectiveAdded) EventType() string   { return "strategy.ObjectiveAdded" }
func (*ObjectiveUpdated) EventType() string { return "strategy.ObjectiveUpdated" }

// ---------------------------------------------------------------- measures and milestones

// MeasureAdded appended a measure to an objective.
type MeasureAdded struct {
	ObjectiveKey  uuid.UUID     `json:"objectiveKey"`
	Key           uuid.UUID     `json:"key"`
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	LeadPartnerID *uuid.UUID    `json:"leadPartnerId,omitempty"`
	LocationIDs   []uuid.UUID   `json:"locationIds"`
	StartYear     int           `json:"startYear"`
	EndYear       int           `json:"endYear"`
	Status        MeasureStatus `json:"status"`
}

// MeasureUpdated changed a measure's texts or years.
type MeasureUpdated struct {
	Key         uuid.UUID `json:"key"`
	Title       *string   `json:"title,omitempty"`
	Description *string   `json:"description,omitempty"`
	StartYear   *int      `json:"startYear,omitempty"`
	EndYear     *int      `json:"endYear,omitempty"`
}

// MeasureLeadPartnerChanged set a measure's lead partner; nil: none.
type MeasureLeadPartnerChanged struct {
	Key           uuid.UUID  `json:"key"`
	LeadPartnerID *uuid.UUID `json:"leadPartnerId"`
}

// MeasureLocationsChanged replaced a measure's locations.
type MeasureLocationsChanged struct {
	Key         uuid.UUID   `json:"key"`
	LocationIDs []uuid.UUID `json:"locationIds"`
}

// MeasureStatusChanged moved a measure to another status.
type MeasureStatusChanged struct {
	Key    uuid.UUID     `json:"key"`
	Status MeasureStatus `json:"status"`
}

// MilestoneAdded appended a milestone, not done, to a measure.
type MilestoneAdded struct {
	MeasureKey uuid.UUID `json:"measureKey"`
	Key        uuid.UUID `json:"key"`
	Title      string    `json:"title"`
	Due        string    `json:"due"`
}

// MilestoneUpdated changed a milestone's title or due date.
type MilestoneUpdated struct {
	Key   uuid.UUID `json:"key"`
	Title *string   `json:"title,omitempty"`
	Due   *string   `json:"due,omitempty"`
}

// MilestoneDoneChanged marked a milestone done or not done.
type MilestoneDoneChanged struct {
	Key  uuid.UUID `json:"key"`
	Done bool      `json:"done"`
}

func (*MeasureAdded) EventType() string              { return "strategy.MeasureAdded" }
func (*MeasureUpdated) EventType() string            { return "strategy.MeasureUpdated" }
func (*MeasureLeadPartnerChanged) EventType() string { return "strategy.MeasureLeadPartnerChanged" }
func (*MeasureLocationsChanged) EventType() string   { return "strategy.MeasureLocationsChanged" }
func (*MeasureStatusChanged) EventType() string      { return "strategy.MeasureStatusChanged" }
func (*MilestoneAdded) EventType() string            { return "strategy.MilestoneAdded" }
func (*MilestoneUpdated) EventType() string          { return "strategy.MilestoneUpdated" }
func (*MilestoneDoneChanged) EventType() string      { return "strategy.MilestoneDoneChanged" }

// ---------------------------------------------------------------- indicators

// IndicatorAdded appended an indicator to an objective.
type IndicatorAdded struct {
	ObjectiveKey uuid.UUID   `json:"objectiveKey"`
	Key          uuid.UUID   `json:"key"`
	Name         string      `json:"name"`
	Unit         string      `json:"unit"`
	Baseline     float64     `json:"baseline"`
	BaselineYear int         `json:"baselineYear"`
	Targets      []YearValue `json:"targets"`
}

// IndicatorUpdated changed an indicator's name, unit or baseline.
type IndicatorUpdated struct {
	Key          uuid.UUID `json:"key"`
	Name         *string   `json:"name,omitempty"`
	Unit         *string   `json:"unit,omitempty"`
	Baseline     *float64  `json:"baseline,omitempty"`
	BaselineYear *int      `json:"baselineYear,omitempty"`
}

// IndicatorTargetsSet replaced all targets of an indicator (sorted by year).
type IndicatorTargetsSet struct {
	Key     uuid.UUID   `json:"key"`
	Targets []YearValue `json:"targets"`
}

// IndicatorActualRecorded recorded the actual value of one year, replacing
// an earlier value of that year.
type IndicatorActualRecorded struct {
	Key   uuid.UUID `json:"key"`
	Year  int       `json:"year"`
	Value float64   `json:"value"`
}

func (*IndicatorAdded) EventType() string          { return "strategy.IndicatorAdded" }
func (*IndicatorUpdated) EventType() string        { return "strategy.IndicatorUpdated" }
func (*IndicatorTargetsSet) EventType() string     { return "strategy.IndicatorTargetsSet" }
func (*IndicatorActualRecorded) EventType() string { return "strategy.IndicatorActualRecorded" }

// ---------------------------------------------------------------- structure and history

// ItemMoved moved a section, priority, objective or measure before its
// sibling BeforeKey, or to the end of its list when nil.
type ItemMoved struct {
	Key       uuid.UUID  `json:"key"`
	BeforeKey *uuid.UUID `json:"beforeKey,omitempty"`
}

// ItemRemoved removed an item with everything it contains.
type ItemRemoved struct {
	Key uuid.UUID `json:"key"`
}

// ContentRestored made the content of an earlier revision current again.
type ContentRestored struct {
	Revision int     `json:"revision"`
	Content  Content `json:"content"`
}

func (*ItemMoved) EventType() string       { return "strategy.ItemMoved" }
func (*ItemRemoved) EventType() string     { return "strategy.ItemRemoved" }
func (*ContentRestored) EventType() string { return "strategy.ContentRestored" }

// ---------------------------------------------------------------- workflow (no content changes)

// SubmittedForReview moved a draft to IN_REVIEW.
type SubmittedForReview struct{}

// Reviewed recorded a reviewer's decision; CHANGES_REQUESTED sent the
// strategy back to DRAFT.
type Reviewed struct {
	ReviewID        uuid.UUID      `json:"reviewId"`
	ContentRevision int            `json:"contentRevision"`
	ReviewerID      uuid.UUID      `json:"reviewerId"`
	OrganisationID  uuid.UUID      `json:"organisationId"`
	Country         string         `json:"country"`
	Decision        ReviewDecision `json:"decision"`
	Comment         string         `json:"comment,omitempty"`
	At              time.Time      `json:"at"`
}

// Adopted put the strategy in force as the named version Version.
type Adopted struct {
	Version string `json:"version"`
}

// Reopened turned an adopted strategy into a draft of its next edition.
type Reopened struct{}

// Archived retired the strategy.
type Archived struct{}

// VersionNamed gave a revision a name.
type VersionNamed struct {
	Name      string    `json:"name"`
	Revision  int       `json:"revision"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy uuid.UUID `json:"createdBy"`
}

func (*SubmittedForReview) EventType() string { return "strategy.SubmittedForReview" }
func (*Reviewed) EventType() string           { return "strategy.Reviewed" }
func (*Adopted) EventType() string            { return "strategy.Adopted" }
func (*Reopened) EventType() string           { return "strategy.Reopened" }
func (*Archived) EventType() string           { return "strategy.Archived" }
func (*VersionNamed) EventType() string       { return "strategy.VersionNamed" }

func (*SubmittedForReview) Workflow() {}
func (*Reviewed) Workflow()           {}
func (*Adopted) Workflow()            {}
func (*Reopened) Workflow()           {}
func (*Archived) Workflow()           {}
func (*VersionNamed) Workflow()       {}
