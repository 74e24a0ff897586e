package strategy

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

var (
	priorityEducation = uuid.MustParse("9c100000-0000-4000-8000-000000000003")
	objectiveFirms    = uuid.MustParse("0b100000-0000-4000-8000-000000000003")
	measureCoaching   = uuid.MustParse("3ea00000-0000-4000-8000-000000000003")
)

// withSiblings is the fixture with a third priority, a second objective of
// economy and a second measure of jobs, so that every kind has siblings.
func withSiblings() *Strategy {
	return givenPopulated(
		&PriorityAdded{Key: priorityEducation, Title: "Education"},
		&ObjectiveAdded{PriorityKey: priorityEconomy, Key: objectiveFirms, Title: "More firms"},
		&MeasureAdded{ObjectiveKey: objectiveJobs, Key: measureCoaching, Title: "Coaching", StartYear: 2027, EndYear: 2028, Status: MeasurePlanned},
	)
}

func TestMoveItem(t *testing.T) {
	tests := []struct {
		name   string
		cmd    MoveItem
		order  func(*Strategy) []uuid.UUID
		before []uuid.UUID
		after  []uuid.UUID
	}{
		{"section to the front", MoveItem{ItemID: sectionMonitoring, BeforeItemID: new(sectionDiagnosis)}, sectionOrder,
			[]uuid.UUID{sectionDiagnosis, sectionMonitoring}, []uuid.UUID{sectionMonitoring, sectionDiagnosis}},
		{"section to the end", MoveItem{ItemID: sectionDiagnosis}, sectionOrder,
			[]uuid.UUID{sectionDiagnosis, sectionMonitoring}, []uuid.UUID{sectionMonitoring, sectionDiagnosis}},
		{"priority into the middle", MoveItem{ItemID: priorityEducation, BeforeItemID: new(priorityCulture)}, priorityOrder,
			[]uuid.UUID{priorityEconomy, priorityCulture, priorityEducation}, []uuid.UUID{priorityEconomy, priorityEducation, priorityCulture}},
		{"priority to the end", MoveItem{ItemID: priorityEconomy}, priorityOrder,
			[]uuid.UUID{priorityEconomy, priorityCulture, priorityEducation}, []uuid.UUID{priorityCulture, priorityEducation, priorityEconomy}},
		{"objective", MoveItem{ItemID: objectiveFirms, BeforeItemID: new(objectiveJobs)}, objectiveOrder,
			[]uuid.UUID{objectiveJobs, objectiveFirms}, []uuid.UUID{objectiveFirms, objectiveJobs}},
		{"measure", MoveItem{ItemID: measureCoaching, BeforeItemID: new(measureHub)}, measureOrder,
			[]uuid.UUID{measureHub, measureCoaching}, []uuid.UUID{measureCoaching, measureHub}},
		{"already in place", MoveItem{ItemID: measureCoaching}, measureOrder,
			[]uuid.UUID{measureHub, measureCoaching}, []uuid.UUID{measureHub, measureCoaching}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withSiblings()
			if got := tt.order(s); !slices.Equal(got, tt.before) {
				t.Fatalf("given order %v", got)
			}
			events, err := when(t, s, tt.cmd)
			requireEvents(t, events, err, &ItemMoved{Key: tt.cmd.ItemID, BeforeKey: tt.cmd.BeforeItemID})

			after := then(s, events)
			if got := tt.order(after); !slices.Equal(got, tt.after) {
				t.Errorf("order %v, want %v", got, tt.after)
			}
			if m := after.measure(measureHub); m == nil || len(m.Milestones) != 1 {
				t.Errorf("moving lost content: %+v", m)
			}
		})
	}
}

func TestMoveItemRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  MoveItem
		path string
	}{
		{"a milestone", MoveItem{ItemID: milestoneOpening}, "itemId"},
		{"an indicator", MoveItem{ItemID: indicatorJobs}, "itemId"},
		{"before itself", MoveItem{ItemID: measureHub, BeforeItemID: new(measureHub)}, "beforeItemId"},
		{"before a measure of another objective", MoveItem{ItemID: measureHub, BeforeItemID: new(measureFestival)}, "beforeItemId"},
		{"before an objective of another priority", MoveItem{ItemID: objectiveFirms, BeforeItemID: new(objectiveVisitors)}, "beforeItemId"},
		{"before an item of another kind", MoveItem{ItemID: priorityCulture, BeforeItemID: new(sectionDiagnosis)}, "beforeItemId"},
		{"before an unknown item", MoveItem{ItemID: sectionDiagnosis, BeforeItemID: new(uuid.New())}, "beforeItemId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, withSiblings(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}

func TestRemoveItem(t *testing.T) {
	tests := []struct {
		name string
		key  uuid.UUID
		// gone lists keys that must disappear with the item.
		gone []uuid.UUID
	}{
		{"section", sectionDiagnosis, nil},
		{"priority with what it contains", priorityEconomy, []uuid.UUID{objectiveJobs, objectiveFirms, measureHub, measureCoaching, milestoneOpening, indicatorJobs}},
		{"objective with what it contains", objectiveJobs, []uuid.UUID{measureHub, measureCoaching, milestoneOpening, indicatorJobs}},
		{"measure with its milestones", measureHub, []uuid.UUID{milestoneOpening}},
		{"milestone", milestoneOpening, nil},
		{"indicator", indicatorJobs, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withSiblings()
			events, err := when(t, s, RemoveItem{ItemID: tt.key})
			requireEvents(t, events, err, &ItemRemoved{Key: tt.key})

			after := then(s, events)
			for _, key := range append(tt.gone, tt.key) {
				if after.hasKey(key) {
					t.Errorf("%s is still there", key)
				}
			}
			if after.hasKey(measureCoaching) != !slices.Contains(tt.gone, measureCoaching) || !after.hasKey(measureFestival) {
				t.Error("removed too much")
			}
		})
	}
}

func sectionOrder(s *Strategy) []uuid.UUID   { return keysOf(s.Sections) }
func priorityOrder(s *Strategy) []uuid.UUID  { return keysOf(s.Priorities) }
func objectiveOrder(s *Strategy) []uuid.UUID { return keysOf(s.Priorities[0].Objectives) }
func measureOrder(s *Strategy) []uuid.UUID   { return keysOf(s.Priorities[0].Objectives[0].Measures) }

func keysOf[T keyed](items []T) []uuid.UUID {
	keys := make([]uuid.UUID, len(items))
	for i, it := range items {
		keys[i] = it.itemKey()
	}
	return keys
}
