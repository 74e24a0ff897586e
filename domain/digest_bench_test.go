package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/strategy"
)

// largeStrategy is a strategy with n sections of about 2 KB and 4
// priorities × 3 objectives × 4 measures (each with 2 milestones) and an
// indicator per objective.
func largeStrategy(n int) *strategy.Strategy {
	s := &strategy.Strategy{ID: uuid.New(), Status: strategy.StatusDraft, Revision: 1}
	s.Title, s.StartYear = "Creative South Baltic 2036", 2027
	for i := range n {
		s.Sections = append(s.Sections, strategy.Section{Key: uuid.New(), Heading: fmt.Sprintf("Chapter %d", i),
			Body: strings.Repeat("Partners cooperate on creative industries across the South Baltic. ", 30)})
	}
	for p := range 4 {
		pr := strategy.Priority{Key: uuid.New(), Title: fmt.Sprintf("Priority %d", p)}
		for o := range 3 {
			ob := strategy.Objective{Key: uuid.New(), Title: fmt.Sprintf("Objective %d", o)}
			for m := range 4 {
				ob.Measures = append(ob.Measures, strategy.Measure{Key: uuid.New(), Title: fmt.Sprintf("Measure %d", m),
					Description: strings.Repeat("A measure. ", 20), StartYear: 2027, EndYear: 2030, Status: strategy.MeasurePlanned,
					Milestones: []strategy.Milestone{{Key: uuid.New(), Title: "Start", Due: "2027-06-30"}, {Key: uuid.New(), Title: "End", Due: "2030-06-30"}}})
			}
			ob.Indicators = append(ob.Indicators, strategy.Indicator{Key: uuid.New(), Name: "Enterprises", Unit: "count",
				Baseline: 100, BaselineYear: 2026, Targets: []strategy.YearValue{{Year: 2030, Value: 150}}})
			pr.Objectives = append(pr.Objectives, ob)
		}
		s.Priorities = append(s.Priorities, pr)
	}
	return s
}

// BenchmarkDigest measures what the command path adds per revision to
// compute its digest (one section edited), by document size.
func BenchmarkDigest(b *testing.B) {
	for _, n := range []int{1, 25, 100} {
		s := largeStrategy(n)
		b.Run(fmt.Sprintf("sections=%d", n), func(b *testing.B) {
			body := "An edited body."
			edit := &strategy.SectionUpdated{Key: s.Sections[0].Key, Body: &body}
			for b.Loop() {
				start, err := domain.StartDigest(s, s.Revision)
				if err != nil {
					b.Fatal(err)
				}
				s.Apply(edit, s.Revision+1)
				if _, err := start.Finish(s.Document(), s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
