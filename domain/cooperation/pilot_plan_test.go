package cooperation_test

import (
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func TestPlanPilot(t *testing.T) {
	state := given(specifiedHistory()...)
	cmd := cooperation.PlanPilot{PilotID: ptr(pilot1), LocationID: loc1, StartDate: "2026-03-01", EndDate: ptr("2026-06-30"), Participants: 12}
	events, err := cmd.Decide(state, ctx(t))
	wantEvents(t, events, err, planned1())

	next := then(given(specifiedHistory()...), events)
	want := []cooperation.Pilot{{Key: pilot1, LocationID: loc1, StartDate: "2026-03-01", EndDate: ptr("2026-06-30"), Participants: 12, Status: cooperation.PilotStatusPlanned}}
	if !reflect.DeepEqual(next.Content.Pilots, want) || next.Status != cooperation.StatusSpecified || next.ContentRevision != 3 {
		t.Fatalf("state = %+v", next)
	}
	wantChanges(t, state, next, domain.Change{Path: "/pilots/" + pilot1.String(), Kind: domain.Added, After: map[string]any{
		"locationId": loc1.String(), "startDate": "2026-03-01", "endDate": "2026-06-30", "participants": 12,
		"status": "PLANNED", "outcome": nil, "lessons": nil,
	}})
}

func TestPlanPilotMakesAKeyAndAcceptsAnOpenEnd(t *testing.T) {
	cmd := cooperation.PlanPilot{LocationID: loc2, StartDate: "2026-09-01", Participants: 0}
	events, err := cmd.Decide(given(pilotingHistory()...), ctx(t, pilot2))
	wantEvents(t, events, err, &cooperation.PilotPlanned{PilotID: pilot2, LocationID: loc2, StartDate: "2026-09-01"})
	next := then(given(pilotingHistory()...), events)
	if len(next.Content.Pilots) != 2 || next.Content.Pilots[1].Key != pilot2 || next.Content.Pilots[1].EndDate != nil {
		t.Fatalf("pilots = %+v", next.Content.Pilots)
	}
}

func TestPlanPilotOnTheStartDay(t *testing.T) {
	cmd := cooperation.PlanPilot{LocationID: loc2, StartDate: "2026-09-01", EndDate: ptr("2026-09-01"), Participants: cooperation.MaxParticipants}
	if _, err := cmd.Decide(given(specifiedHistory()...), ctx(t, pilot2)); err != nil {
		t.Fatal(err)
	}
}

func TestPlanPilotReferencesTheLocation(t *testing.T) {
	want := []domain.Ref{{Type: domain.SubjectLocation, ID: loc1, Field: []string{"locationId"}}}
	if got := (cooperation.PlanPilot{LocationID: loc1}).References(); !reflect.DeepEqual(got, want) {
		t.Fatalf("refs = %+v", got)
	}
	if got := (cooperation.PlanPilot{}).References(); len(got) != 0 {
		t.Fatalf("refs = %+v", got)
	}
}

func TestPlanPilotByStatus(t *testing.T) {
	for status, state := range byStatus {
		cmd := cooperation.PlanPilot{LocationID: loc2, StartDate: "2026-09-01"}
		_, err := cmd.Decide(state(), ctx(t, pilot2))
		switch status {
		case cooperation.StatusSpecified, cooperation.StatusPiloting:
			if err != nil {
				t.Errorf("%s: %v", status, err)
			}
		default:
			if err != cooperation.ErrNotPilotable {
				t.Errorf("%s: got %v, want ErrNotPilotable", status, err)
			}
		}
	}
}

func TestPlanPilotValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		edit   func(*cooperation.PlanPilot)
		fields []string
	}{
		"key in use":           {func(c *cooperation.PlanPilot) { c.PilotID = ptr(pilot1) }, []string{"pilotId"}},
		"nil key":              {func(c *cooperation.PlanPilot) { c.PilotID = ptr(uuid.Nil) }, []string{"pilotId"}},
		"nil location":         {func(c *cooperation.PlanPilot) { c.LocationID = uuid.Nil }, []string{"locationId"}},
		"missing start":        {func(c *cooperation.PlanPilot) { c.StartDate = "" }, []string{"startDate"}},
		"no such month":        {func(c *cooperation.PlanPilot) { c.StartDate = "2026-13-01" }, []string{"startDate"}},
		"no such day":          {func(c *cooperation.PlanPilot) { c.StartDate = "2026-02-30" }, []string{"startDate"}},
		"short month":          {func(c *cooperation.PlanPilot) { c.StartDate = "2026-1-01" }, []string{"startDate"}},
		"timestamp":            {func(c *cooperation.PlanPilot) { c.StartDate = "2026-01-01T00:00:00Z" }, []string{"startDate"}},
		"year too early":       {func(c *cooperation.PlanPilot) { c.StartDate = "1999-12-31"; c.EndDate = nil }, []string{"startDate"}},
		"year too late":        {func(c *cooperation.PlanPilot) { c.EndDate = ptr("2101-01-01") }, []string{"endDate"}},
		"bad end":              {func(c *cooperation.PlanPilot) { c.EndDate = ptr("soon") }, []string{"endDate"}},
		"end before start":     {func(c *cooperation.PlanPilot) { c.EndDate = ptr("2026-02-28") }, []string{"endDate"}},
		"negative participant": {func(c *cooperation.PlanPilot) { c.Participants = -1 }, []string{"participants"}},
		"too many participant": {func(c *cooperation.PlanPilot) { c.Participants = cooperation.MaxParticipants + 1 }, []string{"participants"}},
		"everything": {func(c *cooperation.PlanPilot) {
			*c = cooperation.PlanPilot{PilotID: ptr(uuid.Nil), StartDate: "x", EndDate: ptr("y"), Participants: -5}
		}, []string{"pilotId", "locationId", "startDate", "endDate", "participants"}},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := cooperation.PlanPilot{PilotID: ptr(pilot2), LocationID: loc1, StartDate: "2026-03-01", EndDate: ptr("2026-06-30"), Participants: 3}
			tc.edit(&cmd)
			_, err := cmd.Decide(given(plannedHistory()...), ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestPlanPilotBound(t *testing.T) {
	history := specifiedHistory()
	for range domain.MaxListItems {
		history = append(history, &cooperation.PilotPlanned{PilotID: uuid.New(), LocationID: loc1, StartDate: "2026-01-01"})
	}
	cmd := cooperation.PlanPilot{LocationID: loc1, StartDate: "2026-01-01"}
	_, err := cmd.Decide(given(history...), ctx(t, pilot2))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrTooManyPilots)
}

func TestUpdatePilot(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd   cooperation.UpdatePilot
		event *cooperation.PilotUpdated
	}{
		"participants only": {
			cooperation.UpdatePilot{Participants: domain.Some(20)},
			&cooperation.PilotUpdated{PilotID: pilot1, LocationID: loc1, StartDate: "2026-03-01", EndDate: ptr("2026-06-30"), Participants: 20},
		},
		"null clears the end": {
			cooperation.UpdatePilot{EndDate: domain.Null[string]()},
			&cooperation.PilotUpdated{PilotID: pilot1, LocationID: loc1, StartDate: "2026-03-01", Participants: 12},
		},
		"everything": {
			cooperation.UpdatePilot{LocationID: domain.Some(loc2), StartDate: domain.Some("2026-04-01"), EndDate: domain.Some("2026-04-30"), Participants: domain.Some(0)},
			&cooperation.PilotUpdated{PilotID: pilot1, LocationID: loc2, StartDate: "2026-04-01", EndDate: ptr("2026-04-30"), Participants: 0},
		},
	} {
		t.Run(name, func(t *testing.T) {
			tc.cmd.PilotID = pilot1
			for _, history := range [][]domain.Event{plannedHistory(), pilotingHistory()} {
				events, err := tc.cmd.Decide(given(history...), ctx(t))
				wantEvents(t, events, err, tc.event)
				next := then(given(history...), events)
				p := next.Content.Pilots[0]
				if p.LocationID != tc.event.LocationID || p.StartDate != tc.event.StartDate || !reflect.DeepEqual(p.EndDate, tc.event.EndDate) || p.Participants != tc.event.Participants {
					t.Fatalf("pilot = %+v", p)
				}
				if want := given(history...).Content.Pilots[0].Status; p.Status != want {
					t.Fatalf("status = %s, want %s", p.Status, want)
				}
			}
		})
	}
}

func TestUpdatePilotChangesArePerField(t *testing.T) {
	state := given(plannedHistory()...)
	events, err := cooperation.UpdatePilot{PilotID: pilot1, EndDate: domain.Null[string]()}.Decide(state, ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	wantChanges(t, state, then(given(plannedHistory()...), events),
		domain.Change{Path: "/pilots/" + pilot1.String() + "/endDate", Kind: domain.Changed, Before: "2026-06-30", After: nil})
}

func TestUpdatePilotValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		cmd    cooperation.UpdatePilot
		fields []string
	}{
		"null location":     {cooperation.UpdatePilot{LocationID: domain.Null[uuid.UUID]()}, []string{"locationId"}},
		"nil location":      {cooperation.UpdatePilot{LocationID: domain.Some(uuid.Nil)}, []string{"locationId"}},
		"null start":        {cooperation.UpdatePilot{StartDate: domain.Null[string]()}, []string{"startDate"}},
		"null participants": {cooperation.UpdatePilot{Participants: domain.Null[int]()}, []string{"participants"}},
		"bad start":         {cooperation.UpdatePilot{StartDate: domain.Some("01.03.2026")}, []string{"startDate"}},
		"bad end":           {cooperation.UpdatePilot{EndDate: domain.Some("2026-06-31")}, []string{"endDate"}},
		"start after end":   {cooperation.UpdatePilot{StartDate: domain.Some("2026-07-01")}, []string{"startDate"}},
		"end before start":  {cooperation.UpdatePilot{EndDate: domain.Some("2026-02-01")}, []string{"endDate"}},
		"both reversed":     {cooperation.UpdatePilot{StartDate: domain.Some("2026-07-01"), EndDate: domain.Some("2026-06-01")}, []string{"endDate"}},
		"participants":      {cooperation.UpdatePilot{Participants: domain.Some(-1)}, []string{"participants"}},
	} {
		t.Run(name, func(t *testing.T) {
			tc.cmd.PilotID = pilot1
			_, err := tc.cmd.Decide(given(plannedHistory()...), ctx(t))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestUpdatePilotRules(t *testing.T) {
	cmd := cooperation.UpdatePilot{PilotID: pilot2, Participants: domain.Some(1)}
	_, err := cmd.Decide(given(plannedHistory()...), ctx(t))
	wantCode(t, err, domain.CodeNotFound, domain.ErrNotFound)

	cmd.PilotID = pilot1
	for name, history := range map[string][]domain.Event{
		"completed": completedHistory(),
		"cancelled": append(plannedHistory(), &cooperation.PilotCancelled{PilotID: pilot1}),
	} {
		_, err := cmd.Decide(given(history...), ctx(t))
		if err != cooperation.ErrPilotClosed {
			t.Errorf("%s: got %v, want ErrPilotClosed", name, err)
		}
	}
	_, err = cmd.Decide(byStatus[cooperation.StatusEvaluated](), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNotEditable)
}

func TestUpdatePilotReferences(t *testing.T) {
	want := []domain.Ref{{Type: domain.SubjectLocation, ID: loc2, Field: []string{"locationId"}}}
	if got := (cooperation.UpdatePilot{LocationID: domain.Some(loc2)}).References(); !reflect.DeepEqual(got, want) {
		t.Fatalf("refs = %+v", got)
	}
	if got := (cooperation.UpdatePilot{LocationID: domain.Null[uuid.UUID]()}).References(); len(got) != 0 {
		t.Fatalf("refs = %+v", got)
	}
}
