package strategy

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Apply evolves the state by one event recorded in the given revision.
//
// Events are facts that were validated when they were decided, so Apply
// trusts them; still it never panics: an event naming an item that is no
// longer there changes nothing. Apply copies the slices it keeps, so the
// state never shares memory with an event (events may be applied to
// several states, e.g. a snapshot and a read model).
func (s *Strategy) Apply(e domain.Event, revision int) {
	s.Revision = revision
	if changesContent(e) {
		s.ContentRevision = revision
	}
	switch e := e.(type) {
	case *Created:
		s.ID = e.ID
		s.Status = StatusDraft
		s.Content = Content{
			Title:        e.Title,
			Vision:       e.Vision,
			StartYear:    e.StartYear,
			Locations:    slices.Clone(e.Locations),
			Partnerships: slices.Clone(e.Partnerships),
		}
	case *SubmittedForReview:
		s.Status = StatusInReview
	case *Reviewed:
		s.Reviews = append(s.Reviews, Review{
			ID:              e.ReviewID,
			ContentRevision: e.ContentRevision,
			ReviewerID:      e.ReviewerID,
			OrganisationID:  e.OrganisationID,
			Country:         e.Country,
			Decision:        e.Decision,
			Comment:         e.Comment,
			At:              e.At,
		})
		if e.Decision == DecisionChangesRequested {
			s.Status = StatusDraft
		}
	case *Adopted:
		s.Status = StatusAdopted
		s.LastAdopted = new(e.Version)
	case *Reopened:
		s.Status = StatusDraft
	case *Archived:
		s.Status = StatusArchived
	case *Published:
		s.PublishedAt = new(e.At)
	case *Unpublished:
		s.PublishedAt = nil
	case *VersionNamed:
		s.Versions = append(s.Versions, NamedVersion{
			Name:      e.Name,
			Revision:  e.Revision,
			Note:      e.Note,
			CreatedAt: e.CreatedAt,
			CreatedBy: e.CreatedBy,
		})
	case *ContentRestored:
		s.retire(s.Content.keys(), e.Content.keys())
		s.Content = e.Content.Clone()
	case *ItemRemoved:
		s.retire(s.Content.keysUnder(e.Key), nil)
		s.Content.apply(e)
	default:
		s.Content.apply(e)
	}
}

// apply evolves the content by one content event.
func (c *Content) apply(e domain.Event) {
	switch e := e.(type) {
	case *Updated:
		setIf(&c.Title, e.Title)
		setIf(&c.Vision, e.Vision)
		setIf(&c.StartYear, e.StartYear)
	case *LocationAdded:
		if !slices.Contains(c.Locations, e.LocationID) {
			c.Locations = append(c.Locations, e.LocationID)
		}
	case *LocationRemoved:
		c.Locations = slices.DeleteFunc(c.Locations, func(id uuid.UUID) bool { return id == e.LocationID })
	case *PartnerAdded:
		if c.partnership(e.OrganisationID) < 0 {
			c.Partnerships = append(c.Partnerships, Partnership{OrganisationID: e.OrganisationID, Role: e.Role})
		}
	case *PartnerRoleChanged:
		if i := c.partnership(e.OrganisationID); i >= 0 {
			c.Partnerships[i].Role = e.Role
		}
	case *PartnerRemoved:
		if i := c.partnership(e.OrganisationID); i >= 0 {
			c.Partnerships = slices.Delete(c.Partnerships, i, i+1)
		}

	case *SectionAdded:
		c.Sections = insertBefore(c.Sections, Section{Key: e.Key, Heading: e.Heading, Body: e.Body}, e.BeforeKey)
	case *SectionUpdated:
		if sec := c.section(e.Key); sec != nil {
			setIf(&sec.Heading, e.Heading)
			setIf(&sec.Body, e.Body)
		}
	case *PriorityAdded:
		c.Priorities = append(c.Priorities, Priority{Key: e.Key, Title: e.Title, Description: e.Description})
	case *PriorityUpdated:
		if p := c.priority(e.Key); p != nil {
			setIf(&p.Title, e.Title)
			setIf(&p.Description, e.Description)
		}
	case *ObjectiveAdded:
		if p := c.priority(e.PriorityKey); p != nil {
			p.Objectives = append(p.Objectives, Objective{Key: e.Key, Title: e.Title, Description: e.Description})
		}
	case *ObjectiveUpdated:
		if o := c.objective(e.Key); o != nil {
			setIf(&o.Title, e.Title)
			setIf(&o.Description, e.Description)
		}

	case *MeasureAdded:
		if o := c.objective(e.ObjectiveKey); o != nil {
			o.Measures = append(o.Measures, Measure{
				Key:           e.Key,
				Title:         e.Title,
				Description:   e.Description,
				LeadPartnerID: clonePointer(e.LeadPartnerID),
				LocationIDs:   slices.Clone(e.LocationIDs),
				StartYear:     e.StartYear,
				EndYear:       e.EndYear,
				Status:        e.Status,
			})
		}
	case *MeasureUpdated:
		if m := c.measure(e.Key); m != nil {
			setIf(&m.Title, e.Title)
			setIf(&m.Description, e.Description)
			setIf(&m.StartYear, e.StartYear)
			setIf(&m.EndYear, e.EndYear)
		}
	case *MeasureLeadPartnerChanged:
		if m := c.measure(e.Key); m != nil {
			m.LeadPartnerID = clonePointer(e.LeadPartnerID)
		}
	case *MeasureLocationsChanged:
		if m := c.measure(e.Key); m != nil {
			m.LocationIDs = slices.Clone(e.LocationIDs)
		}
	case *MeasureStatusChanged:
		if m := c.measure(e.Key); m != nil {
			m.Status = e.Status
		}
	case *MilestoneAdded:
		if m := c.measure(e.MeasureKey); m != nil {
			m.Milestones = append(m.Milestones, Milestone{Key: e.Key, Title: e.Title, Due: e.Due})
		}
	case *MilestoneUpdated:
		if ms := c.milestone(e.Key); ms != nil {
			setIf(&ms.Title, e.Title)
			setIf(&ms.Due, e.Due)
		}
	case *MilestoneDoneChanged:
		if ms := c.milestone(e.Key); ms != nil {
			ms.Done = e.Done
		}

	case *IndicatorAdded:
		if o := c.objective(e.ObjectiveKey); o != nil {
			o.Indicators = append(o.Indicators, Indicator{
				Key:          e.Key,
				Name:         e.Name,
				Unit:         e.Unit,
				Baseline:     e.Baseline,
				BaselineYear: e.BaselineYear,
				Targets:      slices.Clone(e.Targets),
			})
		}
	case *IndicatorUpdated:
		if in := c.indicator(e.Key); in != nil {
			setIf(&in.Name, e.Name)
			setIf(&in.Unit, e.Unit)
			setIf(&in.Baseline, e.Baseline)
			setIf(&in.BaselineYear, e.BaselineYear)
		}
	case *IndicatorTargetsSet:
		if in := c.indicator(e.Key); in != nil {
			in.Targets = slices.Clone(e.Targets)
		}
	case *IndicatorActualRecorded:
		if in := c.indicator(e.Key); in != nil {
			in.Actuals = withYearValue(in.Actuals, YearValue{Year: e.Year, Value: e.Value})
		}

	case *ItemMoved:
		c.move(e.Key, e.BeforeKey)
	case *ItemRemoved:
		c.remove(e.Key)
	}
}

// move puts a section, priority, objective or measure before its sibling
// before (at the end when nil or not a sibling).
func (c *Content) move(key uuid.UUID, before *uuid.UUID) {
	at, found := c.locate(key)
	if !found {
		return
	}
	switch at.kind {
	case kindSection:
		c.Sections = moveBefore(c.Sections, at.index, before)
	case kindPriority:
		c.Priorities = moveBefore(c.Priorities, at.index, before)
	case kindObjective:
		p := &c.Priorities[at.priority]
		p.Objectives = moveBefore(p.Objectives, at.index, before)
	case kindMeasure:
		o := &c.Priorities[at.priority].Objectives[at.objective]
		o.Measures = moveBefore(o.Measures, at.index, before)
	}
}

// remove deletes an item of any kind with everything it contains.
func (c *Content) remove(key uuid.UUID) {
	at, found := c.locate(key)
	if !found {
		return
	}
	i := at.index
	switch at.kind {
	case kindSection:
		c.Sections = slices.Delete(c.Sections, i, i+1)
	case kindPriority:
		c.Priorities = slices.Delete(c.Priorities, i, i+1)
	case kindObjective:
		p := &c.Priorities[at.priority]
		p.Objectives = slices.Delete(p.Objectives, i, i+1)
	case kindMeasure:
		o := &c.Priorities[at.priority].Objectives[at.objective]
		o.Measures = slices.Delete(o.Measures, i, i+1)
	case kindIndicator:
		o := &c.Priorities[at.priority].Objectives[at.objective]
		o.Indicators = slices.Delete(o.Indicators, i, i+1)
	case kindMilestone:
		m := &c.Priorities[at.priority].Objectives[at.objective].Measures[at.measure]
		m.Milestones = slices.Delete(m.Milestones, i, i+1)
	}
}

// withYearValue returns values with v replacing the value of its year,
// kept sorted by year.
func withYearValue(values []YearValue, v YearValue) []YearValue {
	i, found := slices.BinarySearchFunc(values, v.Year, func(yv YearValue, year int) int { return yv.Year - year })
	if found {
		values[i] = v
		return values
	}
	return slices.Insert(values, i, v)
}

func setIf[T any](field *T, value *T) {
	if value != nil {
		*field = *value
	}
}

func clonePointer[T any](p *T) *T {
	if p == nil {
		return nil
	}
	return new(*p)
}
