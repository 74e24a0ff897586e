package strategy

import (
	"math"
	"reflect"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func TestAddIndicator(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, AddIndicator{
		ObjectiveID:  objectiveVisitors,
		Name:         "Overnight stays",
		Unit:         "thousand",
		Baseline:     80,
		BaselineYear: 2024,
		Targets:      []YearValue{{Year: 2035, Value: 160}, {Year: 2030, Value: 120}},
	})
	want := Indicator{
		Key:          generated(1),
		Name:         "Overnight stays",
		Unit:         "thousand",
		Baseline:     80,
		BaselineYear: 2024,
		Targets:      []YearValue{{Year: 2030, Value: 120}, {Year: 2035, Value: 160}}, // sorted
	}
	requireEvents(t, events, err, &IndicatorAdded{
		ObjectiveKey: objectiveVisitors,
		Key:          want.Key,
		Name:         want.Name,
		Unit:         want.Unit,
		Baseline:     want.Baseline,
		BaselineYear: want.BaselineYear,
		Targets:      want.Targets,
	})

	indicators := then(s, events).Priorities[1].Objectives[0].Indicators
	if len(indicators) != 1 || !reflect.DeepEqual(indicators[0], want) {
		t.Errorf("indicators %+v", indicators)
	}
}

func TestAddIndicatorRejects(t *testing.T) {
	valid := func() AddIndicator {
		return AddIndicator{ObjectiveID: objectiveVisitors, Name: "Stays", Unit: "nights", Baseline: 1, BaselineYear: 2025}
	}
	tests := []struct {
		name   string
		change func(*AddIndicator)
		path   []string
	}{
		{"key in use", func(c *AddIndicator) { c.IndicatorID = new(indicatorJobs) }, []string{"indicatorId"}},
		{"blank name", func(c *AddIndicator) { c.Name = "" }, []string{"name"}},
		{"blank unit", func(c *AddIndicator) { c.Unit = "" }, []string{"unit"}},
		{"NaN baseline", func(c *AddIndicator) { c.Baseline = math.NaN() }, []string{"baseline"}},
		{"infinite baseline", func(c *AddIndicator) { c.Baseline = math.Inf(-1) }, []string{"baseline"}},
		{"baseline after the period", func(c *AddIndicator) { c.BaselineYear = 2036 }, []string{"baselineYear"}},
		{"baseline before 2000", func(c *AddIndicator) { c.BaselineYear = 1990 }, []string{"baselineYear"}},
		{"target before the period", func(c *AddIndicator) {
			c.Targets = []YearValue{{Year: 2030, Value: 1}, {Year: 2025, Value: 1}}
		}, []string{"targets", "1", "year"}},
		{"target year twice", func(c *AddIndicator) {
			c.Targets = []YearValue{{Year: 2030, Value: 1}, {Year: 2031, Value: 1}, {Year: 2030, Value: 2}}
		}, []string{"targets", "2", "year"}},
		{"infinite target", func(c *AddIndicator) {
			c.Targets = []YearValue{{Year: 2030, Value: math.Inf(1)}}
		}, []string{"targets", "0", "value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := valid()
			tt.change(&cmd)
			_, err := when(t, givenPopulated(), cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestAddIndicatorBaselineBeforeThePeriod(t *testing.T) {
	cmd := AddIndicator{ObjectiveID: objectiveVisitors, Name: "Stays", Unit: "nights", BaselineYear: 2010}
	if _, err := when(t, givenPopulated(), cmd); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateIndicator(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, UpdateIndicator{IndicatorID: indicatorJobs, Unit: domain.Some("FTE"), Baseline: domain.Some(0.0), BaselineYear: domain.Some(2026)})
	requireEvents(t, events, err, &IndicatorUpdated{Key: indicatorJobs, Unit: new("FTE"), Baseline: new(0.0), BaselineYear: new(2026)})

	in := then(s, events).Priorities[0].Objectives[0].Indicators[0]
	if in.Name != "Creative jobs" || in.Unit != "FTE" || in.Baseline != 0 || in.BaselineYear != 2026 || len(in.Targets) != 1 {
		t.Errorf("indicator %+v", in)
	}
}

func TestUpdateIndicatorRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  UpdateIndicator
		path []string
	}{
		{"nothing to change", UpdateIndicator{IndicatorID: indicatorJobs}, nil},
		{"null name", UpdateIndicator{IndicatorID: indicatorJobs, Name: domain.Null[string]()}, []string{"name"}},
		{"null unit", UpdateIndicator{IndicatorID: indicatorJobs, Unit: domain.Null[string]()}, []string{"unit"}},
		{"null baseline", UpdateIndicator{IndicatorID: indicatorJobs, Baseline: domain.Null[float64]()}, []string{"baseline"}},
		{"NaN baseline", UpdateIndicator{IndicatorID: indicatorJobs, Baseline: domain.Some(math.NaN())}, []string{"baseline"}},
		{"null baseline year", UpdateIndicator{IndicatorID: indicatorJobs, BaselineYear: domain.Null[int]()}, []string{"baselineYear"}},
		{"baseline year after the period", UpdateIndicator{IndicatorID: indicatorJobs, BaselineYear: domain.Some(2040)}, []string{"baselineYear"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestSetIndicatorTargets(t *testing.T) {
	tests := []struct {
		name    string
		targets []YearValue
		want    []YearValue
	}{
		{"replaced and sorted", []YearValue{{Year: 2035, Value: 200}, {Year: 2028, Value: 120}}, []YearValue{{Year: 2028, Value: 120}, {Year: 2035, Value: 200}}},
		{"removed", nil, []YearValue{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := givenPopulated()
			events, err := when(t, s, SetIndicatorTargets{IndicatorID: indicatorJobs, Targets: tt.targets})
			requireEvents(t, events, err, &IndicatorTargetsSet{Key: indicatorJobs, Targets: tt.want})

			if got := then(s, events).Priorities[0].Objectives[0].Indicators[0].Targets; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("targets %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSetIndicatorTargetsRejects(t *testing.T) {
	many := make([]YearValue, domain.MaxListItems+1)
	tests := []struct {
		name    string
		targets []YearValue
		path    []string
	}{
		{"after the period", []YearValue{{Year: 2036, Value: 1}}, []string{"targets", "0", "year"}},
		{"year twice", []YearValue{{Year: 2030, Value: 1}, {Year: 2030, Value: 2}}, []string{"targets", "1", "year"}},
		{"NaN", []YearValue{{Year: 2030, Value: 1}, {Year: 2031, Value: math.NaN()}}, []string{"targets", "1", "value"}},
		{"too many", many, []string{"targets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), SetIndicatorTargets{IndicatorID: indicatorJobs, Targets: tt.targets})
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestRecordIndicatorActual(t *testing.T) {
	s := givenPopulated(
		&IndicatorActualRecorded{Key: indicatorJobs, Year: 2028, Value: 120},
		&IndicatorActualRecorded{Key: indicatorJobs, Year: 2026, Value: 102},
	)
	events, err := when(t, s, RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2027, Value: 110.5})
	requireEvents(t, events, err, &IndicatorActualRecorded{Key: indicatorJobs, Year: 2027, Value: 110.5})
	s = then(s, events)

	// A year recorded again replaces its value.
	events, err = when(t, s, RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2028, Value: 125})
	requireEvents(t, events, err, &IndicatorActualRecorded{Key: indicatorJobs, Year: 2028, Value: 125})

	want := []YearValue{{Year: 2026, Value: 102}, {Year: 2027, Value: 110.5}, {Year: 2028, Value: 125}}
	if got := then(s, events).Priorities[0].Objectives[0].Indicators[0].Actuals; !reflect.DeepEqual(got, want) {
		t.Errorf("actuals %v, want %v", got, want)
	}
}

func TestRecordIndicatorActualRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  RecordIndicatorActual
		path string
	}{
		{"before the period", RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2025, Value: 1}, "year"},
		{"after the period", RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2036, Value: 1}, "year"},
		{"infinite", RecordIndicatorActual{IndicatorID: indicatorJobs, Year: 2030, Value: math.Inf(1)}, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}
