package strategy

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// addWithKey returns a command adding an item of every kind under key,
// valid against the fixture once key is free.
func addWithKey(key uuid.UUID) map[string]domain.Command[*Strategy] {
	return map[string]domain.Command[*Strategy]{
		"section":   AddSection{SectionID: &key, Heading: "Vision"},
		"priority":  AddPriority{PriorityID: &key, Title: "Education"},
		"objective": AddObjective{PriorityID: priorityCulture, ObjectiveID: &key, Title: "More firms"},
		"measure":   AddMeasure{ObjectiveID: objectiveVisitors, MeasureID: &key, Title: "Coaching", StartYear: 2027, EndYear: 2029},
		"milestone": AddMilestone{MeasureID: measureFestival, MilestoneID: &key, Title: "Plan", Due: "2027-12-31"},
		"indicator": AddIndicator{ObjectiveID: objectiveVisitors, IndicatorID: &key, Name: "Firms", Unit: "firms", Baseline: 10, BaselineYear: 2025},
	}
}

// keyField is the input field naming the new item's key.
var keyField = map[string]string{
	"section": "sectionId", "priority": "priorityId", "objective": "objectiveId",
	"measure": "measureId", "milestone": "milestoneId", "indicator": "indicatorId",
}

func TestKeysOfRemovedItemsAreNeverReused(t *testing.T) {
	removed := map[string]uuid.UUID{
		"section": sectionMonitoring, "priority": priorityEconomy, "objective": objectiveJobs,
		"measure": measureHub, "milestone": milestoneOpening, "indicator": indicatorJobs,
	}
	for kind, key := range removed {
		t.Run(kind, func(t *testing.T) {
			// given the fixture after the item was removed
			s := givenPopulated(&ItemRemoved{Key: key})
			if s.hasKey(key) {
				t.Fatal("the item is still there")
			}
			// when any kind of new item asks for its key
			for newKind, cmd := range addWithKey(key) {
				events, err := when(t, s, cmd)
				// then it is refused on the key field
				requireRefused(t, err, domain.CodeValidationFailed, keyField[newKind])
				if events != nil {
					t.Errorf("%s: events %s", newKind, dump(events))
				}
			}
		})
	}
}

func TestKeysInsideARemovedItemAreRetiredToo(t *testing.T) {
	// given the priority economy removed, with its objective, measure,
	// milestone and indicator
	s := givenPopulated(&ItemRemoved{Key: priorityEconomy})
	for _, key := range []uuid.UUID{objectiveJobs, measureHub, milestoneOpening, indicatorJobs} {
		_, err := when(t, s, AddSection{SectionID: &key, Heading: "Vision"})
		requireRefused(t, err, domain.CodeValidationFailed, "sectionId")
	}
	// a fresh key is fine
	fresh := uuid.MustParse("5ec00000-0000-4000-8000-0000000000ff")
	if _, err := when(t, s, AddSection{SectionID: &fresh, Heading: "Vision"}); err != nil {
		t.Fatal(err)
	}
}

func TestRetiredKeysSurviveAReplay(t *testing.T) {
	h := lifecycle(t)
	if len(h.state.RetiredKeys) == 0 {
		t.Fatal("the lifecycle removes items but retired no key")
	}
	if got := replay(h.log).RetiredKeys; !slices.Equal(got, h.state.RetiredKeys) {
		t.Fatalf("replay retired %v, live %v", got, h.state.RetiredKeys)
	}
}

func TestRestoreBringsRemovedItemsBackUnderTheirOwnKeys(t *testing.T) {
	// given the fixture (revision 11) with the measure hub removed
	s := givenPopulated(&ItemRemoved{Key: measureHub})
	// when revision 11 is restored
	events := mustDecide(t, s, RestoreStrategyRevision{Revision: 11, Content: givenPopulated().Content})
	after := then(s, events)
	// then the hub and its milestone are back under their own keys, with
	// their paths in the document
	if m := after.measure(measureHub); m == nil || m.Title != "Creative hub" || after.milestone(milestoneOpening) == nil {
		t.Fatalf("hub not restored under its key: %+v", m)
	}
	doc := after.Document()
	for _, path := range []string{
		"/priorities/" + priorityEconomy.String() + "/objectives/" + objectiveJobs.String() + "/measures/" + measureHub.String() + "/title",
	} {
		if _, ok := doc.Lookup(path); !ok {
			t.Errorf("%s missing after the restore", path)
		}
	}
	if after.retired(measureHub) || after.retired(milestoneOpening) {
		t.Errorf("restored keys still retired: %v", after.RetiredKeys)
	}
	// and they are in use, so still not available for a new item
	_, err := when(t, after, AddSection{SectionID: &measureHub, Heading: "Vision"})
	requireRefused(t, err, domain.CodeValidationFailed, "sectionId")

	// restoring an earlier revision without the festival retires its key
	earlier := then(after, mustDecide(t, after, RestoreStrategyRevision{Revision: 10, Content: given(populatedEvents()[:10]...).Content}))
	_, err = when(t, earlier, AddSection{SectionID: &measureFestival, Heading: "Vision"})
	requireRefused(t, err, domain.CodeValidationFailed, "sectionId")
}
