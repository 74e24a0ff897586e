package strategy

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestProgress(t *testing.T) {
	measure := func(status MeasureStatus) *MeasureAdded {
		return &MeasureAdded{ObjectiveKey: objectiveVisitors, Key: uuid.New(), Title: "M", StartYear: 2027, EndYear: 2028, Status: status}
	}
	s := givenPopulated(
		measure(MeasureCompleted),
		measure(MeasureCompleted),
		measure(MeasureCancelled),
		measure(MeasureInProgress),
		&MilestoneAdded{MeasureKey: measureFestival, Key: uuid.New(), Title: "Due today", Due: "2027-06-30"},
		&MilestoneAdded{MeasureKey: measureFestival, Key: uuid.New(), Title: "Overdue", Due: "2027-05-01"},
		&MilestoneAdded{MeasureKey: measureFestival, Key: uuid.New(), Title: "Done", Due: "2027-01-01"},
		&IndicatorActualRecorded{Key: indicatorJobs, Year: 2030, Value: 151},
		&IndicatorAdded{ObjectiveKey: objectiveVisitors, Key: uuid.New(), Name: "Visitors", Unit: "k", Baseline: 10, BaselineYear: 2025},
	)
	s.Apply(&MilestoneDoneChanged{Key: s.Priorities[1].Objectives[0].Measures[0].Milestones[2].Key, Done: true}, s.Revision+1)

	got := s.Progress(time.Date(2027, 6, 30, 23, 0, 0, 0, time.UTC))
	want := Progress{
		Objectives: 2,
		Measures:   6, // hub and festival (PLANNED) and four more
		MeasuresByStatus: []MeasureStatusCount{
			{MeasurePlanned, 2}, {MeasureInProgress, 1}, {MeasureCompleted, 2}, {MeasurePostponed, 0}, {MeasureCancelled, 1},
		},
		Indicators:        2,
		IndicatorsOnTrack: 1,
		// Only "Overdue": the hub's opening and "Due today" are due today,
		// not before, and "Done" is done.
		MilestonesOverdue: 1,
		Completion:        2.0 / 5.0, // the cancelled measure does not count
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("progress\n got %+v\nwant %+v", got, want)
	}
}

func TestProgressWithoutMeasures(t *testing.T) {
	got := given(created()).Progress(clock)
	if got.Completion != 0 || got.Measures != 0 || len(got.MeasuresByStatus) != len(MeasureStatuses) {
		t.Errorf("progress %+v", got)
	}
	onlyCancelled := givenPopulated(
		&MeasureStatusChanged{Key: measureHub, Status: MeasureCancelled},
		&MeasureStatusChanged{Key: measureFestival, Status: MeasureCancelled},
	)
	if got := onlyCancelled.Progress(clock); got.Completion != 0 {
		t.Errorf("completion %v with only cancelled measures", got.Completion)
	}
}

func TestIndicatorOnTrack(t *testing.T) {
	yes, no := new(true), new(false)
	tests := []struct {
		name     string
		baseline float64
		targets  []YearValue
		actuals  []YearValue
		want     *bool
	}{
		{"no actuals", 100, []YearValue{{2030, 150}}, nil, nil},
		{"no target for the latest actual's year", 100, []YearValue{{2030, 150}}, []YearValue{{2030, 160}, {2031, 90}}, nil},
		{"growth reached", 100, []YearValue{{2030, 150}}, []YearValue{{2030, 150}}, yes},
		{"growth missed", 100, []YearValue{{2030, 150}}, []YearValue{{2030, 149}}, no},
		{"the latest actual counts", 100, []YearValue{{2028, 120}, {2030, 150}}, []YearValue{{2028, 130}, {2030, 140}}, no},
		{"reduction reached", 50, []YearValue{{2030, 30}}, []YearValue{{2030, 29.5}}, yes},
		{"reduction missed", 50, []YearValue{{2030, 30}}, []YearValue{{2030, 31}}, no},
		{"target equal to baseline: keep it", 50, []YearValue{{2030, 50}}, []YearValue{{2030, 50}}, yes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Indicator{Baseline: tt.baseline, Targets: tt.targets, Actuals: tt.actuals}.OnTrack()
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("onTrack %v, want %v", show(got), show(tt.want))
			}
		})
	}
}

func show(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
