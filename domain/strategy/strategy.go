package strategy

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// PeriodYears is the length of every strategy: endYear = startYear + 9.
const PeriodYears = 10

// Status is where a strategy stands in its workflow.
type Status string

// The workflow states of the contract's StrategyStatus.
const (
	StatusDraft    Status = "DRAFT"
	StatusInReview Status = "IN_REVIEW"
	StatusAdopted  Status = "ADOPTED"
	StatusArchived Status = "ARCHIVED"
)

// PartnerRole is an organisation's role in one strategy.
type PartnerRole string

// The contract's PartnerRole values.
const (
	RoleLeadPartner PartnerRole = "LEAD_PARTNER"
	RolePartner     PartnerRole = "PARTNER"
	RoleAssociated  PartnerRole = "ASSOCIATED"
)

func (r PartnerRole) valid() bool {
	return r == RoleLeadPartner || r == RolePartner || r == RoleAssociated
}

// MeasureStatus is how far a measure has come.
type MeasureStatus string

// The contract's MeasureStatus values.
const (
	MeasurePlanned    MeasureStatus = "PLANNED"
	MeasureInProgress MeasureStatus = "IN_PROGRESS"
	MeasureCompleted  MeasureStatus = "COMPLETED"
	MeasurePostponed  MeasureStatus = "POSTPONED"
	MeasureCancelled  MeasureStatus = "CANCELLED"
)

// MeasureStatuses lists every measure status in the contract's enum order.
var MeasureStatuses = []MeasureStatus{MeasurePlanned, MeasureInProgress, MeasureCompleted, MeasurePostponed, MeasureCancelled}

func (m MeasureStatus) valid() bool { return slices.Contains(MeasureStatuses, m) }

// ReviewDecision is a reviewer's verdict on one content revision.
type ReviewDecision string

// The contract's ReviewDecision values.
const (
	DecisionApproved         ReviewDecision = "APPROVED"
	DecisionChangesRequested ReviewDecision = "CHANGES_REQUESTED"
)

func (d ReviewDecision) valid() bool {
	return d == DecisionApproved || d == DecisionChangesRequested
}

// Strategy is the state of one strategy stream. Its zero value is a
// strategy that does not exist yet (ID is uuid.Nil).
type Strategy struct {
	ID     uuid.UUID `json:"id"`
	Status Status    `json:"status"`
	// Revision counts accepted commands of any kind, from 1.
	Revision int `json:"revision"`
	// ContentRevision is the last revision that changed Content; reviews
	// approve this one, so any content edit makes earlier approvals stale.
	ContentRevision int `json:"contentRevision"`

	// Content is everything a review approves and a restore brings back.
	Content

	// Reviews are kept oldest first, across every content revision.
	Reviews  []Review       `json:"reviews"`
	Versions []NamedVersion `json:"versions"`
	// LastAdopted names the version in force: the last adoption, which stays
	// while a reopened draft is edited. Nil until the first adoption.
	LastAdopted *string `json:"lastAdopted,omitempty"`
	// PublishedAt is when an ADMIN made the strategy public (its last
	// adopted edition readable without a token); nil while it is not.
	PublishedAt *time.Time `json:"publishedAt,omitempty"`
	// RetiredKeys are the keys of removed items (see keys.go): never given
	// to a new item, so that a path in the history names one item forever.
	RetiredKeys []uuid.UUID `json:"retiredKeys,omitempty"`
}

// Content is a strategy's document proper, without workflow, reviews or
// names. It is one value so that restoring a revision replaces it whole.
type Content struct {
	Title     string `json:"title"`
	Vision    string `json:"vision"`
	StartYear int    `json:"startYear"`
	// Locations are ids of network locations, in the order they were added.
	Locations    []uuid.UUID   `json:"locations"`
	Partnerships []Partnership `json:"partnerships"`
	Sections     []Section     `json:"sections"`
	Priorities   []Priority    `json:"priorities"`
}

// EndYear is the last year of the strategy's ten-year period.
func (c *Content) EndYear() int { return c.StartYear + PeriodYears - 1 }

// Partnership is a partner organisation and its role in the strategy.
type Partnership struct {
	OrganisationID uuid.UUID   `json:"organisationId"`
	Role           PartnerRole `json:"role"`
}

// Section is an ordered chapter of free Markdown text.
type Section struct {
	Key     uuid.UUID `json:"key"`
	Heading string    `json:"heading"`
	Body    string    `json:"body"`
}

// Priority is a field of action; it groups objectives.
type Priority struct {
	Key         uuid.UUID   `json:"key"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Objectives  []Objective `json:"objectives"`
}

// Objective is what a priority wants to reach: measures work towards it
// and indicators tell whether it is reached.
type Objective struct {
	Key         uuid.UUID   `json:"key"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Measures    []Measure   `json:"measures"`
	Indicators  []Indicator `json:"indicators"`
}

// Measure is a concrete action within the strategy's period.
type Measure struct {
	Key         uuid.UUID `json:"key"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	// LeadPartnerID is a partner organisation of the strategy, or nil.
	LeadPartnerID *uuid.UUID `json:"leadPartnerId,omitempty"`
	// LocationIDs are a subset of the strategy's locations.
	LocationIDs []uuid.UUID   `json:"locationIds"`
	StartYear   int           `json:"startYear"`
	EndYear     int           `json:"endYear"`
	Status      MeasureStatus `json:"status"`
	Milestones  []Milestone   `json:"milestones"`
}

// Milestone is a dated step of a measure.
type Milestone struct {
	Key   uuid.UUID `json:"key"`
	Title string    `json:"title"`
	// Due is a calendar date, YYYY-MM-DD.
	Due  string `json:"due"`
	Done bool   `json:"done"`
}

// YearValue is one figure of an indicator for one year.
type YearValue struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// Indicator measures an objective: a baseline, targets and actual values,
// the latter two sorted by year with at most one value per year.
type Indicator struct {
	Key          uuid.UUID   `json:"key"`
	Name         string      `json:"name"`
	Unit         string      `json:"unit"`
	Baseline     float64     `json:"baseline"`
	BaselineYear int         `json:"baselineYear"`
	Targets      []YearValue `json:"targets"`
	Actuals      []YearValue `json:"actuals"`
}

// Review is one reviewer's decision on one content revision. The reviewer's
// organisation and country are recorded as they were at the time, since
// adoption counts them.
type Review struct {
	ID              uuid.UUID      `json:"id"`
	ContentRevision int            `json:"contentRevision"`
	ReviewerID      uuid.UUID      `json:"reviewerId"`
	OrganisationID  uuid.UUID      `json:"organisationId"`
	Country         string         `json:"country"`
	Decision        ReviewDecision `json:"decision"`
	Comment         string         `json:"comment,omitempty"`
	At              time.Time      `json:"at"`
}

// NamedVersion is a name given to one revision, unique within a strategy.
type NamedVersion struct {
	Name      string    `json:"name"`
	Revision  int       `json:"revision"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy uuid.UUID `json:"createdBy"`
}

// Exists reports whether the strategy was created.
func (s *Strategy) Exists() bool { return s != nil && s.ID != uuid.Nil }

// HasPartner reports whether the organisation is a partner of the strategy;
// only planners of partner organisations may edit it.
func (s *Strategy) HasPartner(organisation uuid.UUID) bool {
	return s.Exists() && s.partnership(organisation) >= 0
}

// Version returns the named version called name.
func (s *Strategy) Version(name string) (NamedVersion, bool) {
	for _, v := range s.Versions {
		if v.Name == name {
			return v, true
		}
	}
	return NamedVersion{}, false
}

// AdoptedVersion returns the edition in force, if the strategy was ever
// adopted.
func (s *Strategy) AdoptedVersion() (NamedVersion, bool) {
	if s.LastAdopted == nil {
		return NamedVersion{}, false
	}
	return s.Version(*s.LastAdopted)
}

func (c *Content) partnership(organisation uuid.UUID) int {
	return slices.IndexFunc(c.Partnerships, func(p Partnership) bool { return p.OrganisationID == organisation })
}

func (c *Content) inPeriod(year int) bool {
	return year >= c.StartYear && year <= c.EndYear()
}

// Clone returns a deep copy, so that a caller can evolve one copy and keep
// the other (Apply changes the state in place).
func (s *Strategy) Clone() *Strategy {
	c := *s
	c.Content = s.Content.Clone()
	c.Reviews = slices.Clone(s.Reviews)
	c.Versions = slices.Clone(s.Versions)
	c.RetiredKeys = slices.Clone(s.RetiredKeys)
	if s.LastAdopted != nil {
		c.LastAdopted = new(*s.LastAdopted)
	}
	if s.PublishedAt != nil {
		c.PublishedAt = new(*s.PublishedAt)
	}
	return &c
}

// Clone returns a deep copy of the content.
func (c Content) Clone() Content {
	c.Locations = slices.Clone(c.Locations)
	c.Partnerships = slices.Clone(c.Partnerships)
	c.Sections = slices.Clone(c.Sections)
	c.Priorities = slices.Clone(c.Priorities)
	for i := range c.Priorities {
		p := &c.Priorities[i]
		p.Objectives = slices.Clone(p.Objectives)
		for j := range p.Objectives {
			o := &p.Objectives[j]
			o.Measures = slices.Clone(o.Measures)
			for k := range o.Measures {
				m := &o.Measures[k]
				if m.LeadPartnerID != nil {
					m.LeadPartnerID = new(*m.LeadPartnerID)
				}
				m.LocationIDs = slices.Clone(m.LocationIDs)
				m.Milestones = slices.Clone(m.Milestones)
			}
			o.Indicators = slices.Clone(o.Indicators)
			for k := range o.Indicators {
				in := &o.Indicators[k]
				in.Targets = slices.Clone(in.Targets)
				in.Actuals = slices.Clone(in.Actuals)
			}
		}
	}
	return c
}
