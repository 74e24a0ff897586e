package strategy

import (
	"strconv"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Document renders the strategy as the tree that diffs, blame and conflict
// detection work on. Paths follow the contract: /title,
// /sections/{key}/body,
// /priorities/{key}/objectives/{key}/measures/{key}/status.
//
// Values are JSON-compatible, as domain.Doc requires: ids as strings,
// arrays as []any.
func (s *Strategy) Document() domain.Doc {
	return domain.NewDoc().
		Set("title", s.Title).
		Set("vision", s.Vision).
		Set("startYear", s.StartYear).
		Set("endYear", s.EndYear()).
		Set("status", string(s.Status)).
		List("locations", mapItems(s.Locations, func(id uuid.UUID) domain.Item {
			return domain.Item{Key: id.String(), Doc: domain.NewDoc()}
		})).
		List("partners", mapItems(s.Partnerships, func(p Partnership) domain.Item {
			return domain.Item{Key: p.OrganisationID.String(), Doc: domain.NewDoc().Set("role", string(p.Role))}
		})).
		List("sections", mapItems(s.Sections, sectionItem)).
		List("priorities", mapItems(s.Priorities, priorityItem)).
		List("reviews", mapItems(s.Reviews, reviewItem)).
		List("versions", mapItems(s.Versions, func(v NamedVersion) domain.Item {
			return domain.Item{Key: v.Name, Doc: domain.NewDoc().Set("revision", v.Revision).Set("note", v.Note)}
		}))
}

func sectionItem(sec Section) domain.Item {
	return domain.Item{Key: sec.Key.String(), Doc: domain.NewDoc().
		Set("heading", sec.Heading).
		Set("body", sec.Body)}
}

func priorityItem(p Priority) domain.Item {
	return domain.Item{Key: p.Key.String(), Doc: domain.NewDoc().
		Set("title", p.Title).
		Set("description", p.Description).
		List("objectives", mapItems(p.Objectives, objectiveItem))}
}

func objectiveItem(o Objective) domain.Item {
	return domain.Item{Key: o.Key.String(), Doc: domain.NewDoc().
		Set("title", o.Title).
		Set("description", o.Description).
		List("measures", mapItems(o.Measures, measureItem)).
		List("indicators", mapItems(o.Indicators, indicatorItem))}
}

func measureItem(m Measure) domain.Item {
	var lead any // nil renders as JSON null
	if m.LeadPartnerID != nil {
		lead = m.LeadPartnerID.String()
	}
	locations := make([]any, len(m.LocationIDs))
	for i, id := range m.LocationIDs {
		locations[i] = id.String()
	}
	return domain.Item{Key: m.Key.String(), Doc: domain.NewDoc().
		Set("title", m.Title).
		Set("description", m.Description).
		Set("leadPartnerId", lead).
		Set("locationIds", locations).
		Set("startYear", m.StartYear).
		Set("endYear", m.EndYear).
		Set("status", string(m.Status)).
		List("milestones", mapItems(m.Milestones, func(ms Milestone) domain.Item {
			return domain.Item{Key: ms.Key.String(), Doc: domain.NewDoc().
				Set("title", ms.Title).
				Set("due", ms.Due).
				Set("done", ms.Done)}
		}))}
}

// indicatorItem renders targets as one field (setIndicatorTargets replaces
// them whole) but actuals as a list keyed by year, so that recording one
// year's actual is a change of its own and does not conflict with another
// year's.
func indicatorItem(in Indicator) domain.Item {
	targets := make([]any, len(in.Targets))
	for i, t := range in.Targets {
		targets[i] = map[string]any{"year": t.Year, "value": t.Value}
	}
	return domain.Item{Key: in.Key.String(), Doc: domain.NewDoc().
		Set("name", in.Name).
		Set("unit", in.Unit).
		Set("baseline", in.Baseline).
		Set("baselineYear", in.BaselineYear).
		Set("targets", targets).
		List("actuals", mapItems(in.Actuals, func(a YearValue) domain.Item {
			return domain.Item{Key: strconv.Itoa(a.Year), Doc: domain.NewDoc().Set("value", a.Value)}
		}))}
}

func reviewItem(r Review) domain.Item {
	return domain.Item{Key: r.ID.String(), Doc: domain.NewDoc().
		Set("contentRevision", r.ContentRevision).
		Set("reviewerId", r.ReviewerID.String()).
		Set("decision", string(r.Decision)).
		Set("comment", r.Comment)}
}

func mapItems[T any](values []T, item func(T) domain.Item) []domain.Item {
	items := make([]domain.Item, len(values))
	for i, v := range values {
		items[i] = item(v)
	}
	return items
}
