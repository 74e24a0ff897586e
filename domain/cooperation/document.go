package cooperation

import (
	"strconv"

	"github.com/creativeclusters/planner/domain"
)

// Document renders the concept for diffs, blame and conflict detection;
// the package documentation lists its paths. Absent optional values are
// null.
func (c *Concept) Document() domain.Doc {
	doc := domain.NewDoc()
	if c == nil {
		return doc
	}
	targetGroups := c.Content.TargetGroups
	if targetGroups == nil {
		targetGroups = []string{}
	}
	var strategyID any
	if c.Content.StrategyID != nil {
		strategyID = c.Content.StrategyID.String()
	}
	doc.Set("kind", string(c.Kind)).
		Set("title", c.Content.Title).
		Set("summary", c.Content.Summary).
		Set("targetGroups", append([]string(nil), targetGroups...)).
		Set("status", string(c.Status)).
		Set("strategyId", strategyID)

	partners := make([]domain.Item, len(c.Content.Partners))
	for i, id := range c.Content.Partners {
		partners[i] = domain.Item{Key: id.String(), Doc: domain.NewDoc()}
	}
	pilots := make([]domain.Item, len(c.Content.Pilots))
	for i, p := range c.Content.Pilots {
		var end any
		if p.EndDate != nil {
			end = *p.EndDate
		}
		pilots[i] = domain.Item{Key: p.Key.String(), Doc: domain.NewDoc().
			Set("locationId", p.LocationID.String()).
			Set("startDate", p.StartDate).
			Set("endDate", end).
			Set("participants", p.Participants).
			Set("status", string(p.Status)).
			Set("outcome", optionalString(p.Outcome)).
			Set("lessons", optionalString(p.Lessons))}
	}
	evaluations := make([]domain.Item, len(c.Evaluations))
	for i, e := range c.Evaluations {
		evaluations[i] = domain.Item{Key: strconv.Itoa(i + 1), Doc: domain.NewDoc().
			Set("recommendation", string(e.Recommendation)).
			Set("findings", e.Findings)}
	}
	versions := make([]domain.Item, len(c.Versions))
	for i, v := range c.Versions {
		versions[i] = domain.Item{Key: v.Name, Doc: domain.NewDoc().
			Set("revision", v.Revision).
			Set("note", optionalString(v.Note))}
	}
	return doc.List("partners", partners).
		List("pilots", pilots).
		List("evaluations", evaluations).
		List("versions", versions)
}

// optionalString renders "" (none) as null.
func optionalString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
