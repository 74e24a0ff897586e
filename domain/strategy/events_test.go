package strategy

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func registry() *domain.Registry {
	r := domain.NewRegistry()
	RegisterEvents(r)
	return r
}

// Every event a command decides is registered, decodes back to an equal
// value, and every registered event is decided by some command.
func TestEventsAreRegistered(t *testing.T) {
	r := registry()
	decided := map[string]bool{}
	for revision, events := range lifecycle(t).log {
		for _, e := range events {
			name := e.EventType()
			decided[name] = true
			data, err := json.Marshal(e)
			if err != nil {
				t.Fatalf("revision %d: %v", revision+1, err)
			}
			back, err := r.Decode(name, r.SchemaVersion(name), data)
			if err != nil {
				t.Fatalf("revision %d: %v", revision+1, err)
			}
			if !reflect.DeepEqual(back, e) {
				t.Errorf("%s round trip\n got %s\nwant %s", name, dump(back), dump(e))
			}
		}
	}
	for _, name := range r.Names() {
		if !decided[name] {
			t.Errorf("%s is registered but no command of the lifecycle decided it", name)
		}
		if !strings.HasPrefix(name, "strategy.") {
			t.Errorf("%s lacks the aggregate prefix", name)
		}
	}
	if len(decided) != len(r.Names()) {
		t.Errorf("decided %d event types, registered %d", len(decided), len(r.Names()))
	}
}

func TestWorkflowEventsChangeNoContent(t *testing.T) {
	var workflow []string
	for _, factory := range eventFactories {
		if e := factory(); domain.IsWorkflow(e) {
			workflow = append(workflow, e.EventType())
		}
	}
	want := []string{
		"strategy.SubmittedForReview", "strategy.Reviewed", "strategy.Adopted",
		"strategy.Reopened", "strategy.Archived", "strategy.VersionNamed",
		"strategy.Published", "strategy.Unpublished",
	}
	if !slices.Equal(workflow, want) {
		t.Errorf("workflow events %v, want %v", workflow, want)
	}
}

// Apply trusts events but must survive ones naming items that are gone,
// e.g. when a projection replays a stream with a bug fixed in between.
func TestApplyIgnoresMissingItems(t *testing.T) {
	gone := generated(999)
	events := []domain.Event{
		&SectionUpdated{Key: gone, Heading: new("x")},
		&SectionAdded{Key: generated(998), Heading: "x", BeforeKey: &gone},
		&PriorityUpdated{Key: gone, Title: new("x")},
		&ObjectiveAdded{PriorityKey: gone, Key: generated(997)},
		&ObjectiveUpdated{Key: gone},
		&MeasureAdded{ObjectiveKey: gone, Key: generated(996)},
		&MeasureUpdated{Key: gone, StartYear: new(2000)},
		&MeasureLeadPartnerChanged{Key: gone},
		&MeasureLocationsChanged{Key: gone},
		&MeasureStatusChanged{Key: gone, Status: MeasureCompleted},
		&MilestoneAdded{MeasureKey: gone, Key: generated(995)},
		&MilestoneUpdated{Key: gone},
		&MilestoneDoneChanged{Key: gone, Done: true},
		&IndicatorAdded{ObjectiveKey: gone, Key: generated(994)},
		&IndicatorUpdated{Key: gone},
		&IndicatorTargetsSet{Key: gone},
		&IndicatorActualRecorded{Key: gone, Year: 2030},
		&ItemMoved{Key: gone},
		&ItemMoved{Key: measureHub, BeforeKey: &gone},
		&ItemRemoved{Key: gone},
		&LocationRemoved{LocationID: gone},
		&PartnerRemoved{OrganisationID: gone},
		&PartnerRoleChanged{OrganisationID: gone, Role: RoleAssociated},
	}
	s := givenPopulated()
	want := dump(givenPopulated().Content)
	for _, e := range events {
		s.Apply(e, s.Revision+1)
	}
	// Only the section with an unknown position was added (at the end).
	s.Apply(&ItemRemoved{Key: generated(998)}, s.Revision+1)
	if got := dump(s.Content); got != want {
		t.Errorf("content changed\n got %s\nwant %s", got, want)
	}
}
