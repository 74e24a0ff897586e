package strategy

import (
	"slices"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// An indicator's target and actual years lie within the strategy's ten
// years; its baseline may lie before them, but not after.

// AddIndicator appends an indicator to an objective.
type AddIndicator struct {
	ObjectiveID uuid.UUID `json:"objectiveId"`
	// IndicatorID is the client's key for the new indicator; nil: one is made.
	IndicatorID  *uuid.UUID  `json:"indicatorId,omitempty"`
	Name         string      `json:"name"`
	Unit         string      `json:"unit"`
	Baseline     float64     `json:"baseline"`
	BaselineYear int         `json:"baselineYear"`
	Targets      []YearValue `json:"targets,omitempty"`
}

func (AddIndicator) Describe() domain.Description { return edit("addIndicator") }

func (cmd AddIndicator) Decide(s *Strategy, c domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	o := s.objective(cmd.ObjectiveID)
	if o == nil {
		return nil, domain.NotFound(string(kindObjective))
	}
	if err := requireRoom(len(o.Indicators), domain.MaxListItems, "indicators of an objective"); err != nil {
		return nil, err
	}
	var checks domain.Checks
	key := s.newItemKey(&checks, cmd.IndicatorID, "indicatorId", c)
	checks.Name(cmd.Name, "name")
	checks.Name(cmd.Unit, "unit")
	checkFinite(&checks, cmd.Baseline, "baseline")
	s.checkBaselineYear(&checks, cmd.BaselineYear, "baselineYear")
	s.checkYearValues(&checks, cmd.Targets, "targets")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&IndicatorAdded{
		ObjectiveKey: cmd.ObjectiveID,
		Key:          key,
		Name:         cmd.Name,
		Unit:         cmd.Unit,
		Baseline:     cmd.Baseline,
		BaselineYear: cmd.BaselineYear,
		Targets:      sortedByYear(cmd.Targets),
	}}, nil
}

// UpdateIndicator changes an indicator's name, unit or baseline; all are
// required, so none may be null.
type UpdateIndicator struct {
	IndicatorID  uuid.UUID                `json:"indicatorId"`
	Name         domain.Optional[string]  `json:"name,omitzero"`
	Unit         domain.Optional[string]  `json:"unit,omitzero"`
	Baseline     domain.Optional[float64] `json:"baseline,omitzero"`
	BaselineYear domain.Optional[int]     `json:"baselineYear,omitzero"`
}

func (UpdateIndicator) Describe() domain.Description { return edit("updateIndicator") }

func (cmd UpdateIndicator) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.indicator(cmd.IndicatorID) == nil {
		return nil, domain.NotFound(string(kindIndicator))
	}
	var checks domain.Checks
	requireChange(&checks, cmd.Name.Set, cmd.Unit.Set, cmd.Baseline.Set, cmd.BaselineYear.Set)
	checkNameUpdate(&checks, cmd.Name, "name")
	checkNameUpdate(&checks, cmd.Unit, "unit")
	cmd.Baseline.RequireNotNull(&checks, "baseline")
	if cmd.Baseline.HasValue() {
		checkFinite(&checks, cmd.Baseline.Value, "baseline")
	}
	cmd.BaselineYear.RequireNotNull(&checks, "baselineYear")
	if cmd.BaselineYear.HasValue() {
		s.checkBaselineYear(&checks, cmd.BaselineYear.Value, "baselineYear")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&IndicatorUpdated{
		Key:          cmd.IndicatorID,
		Name:         changed(cmd.Name),
		Unit:         changed(cmd.Unit),
		Baseline:     changed(cmd.Baseline),
		BaselineYear: changed(cmd.BaselineYear),
	}}, nil
}

// SetIndicatorTargets replaces all targets of an indicator; an empty list
// removes them.
type SetIndicatorTargets struct {
	IndicatorID uuid.UUID   `json:"indicatorId"`
	Targets     []YearValue `json:"targets"`
}

func (SetIndicatorTargets) Describe() domain.Description { return edit("setIndicatorTargets") }

func (cmd SetIndicatorTargets) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireEditable(); err != nil {
		return nil, err
	}
	if s.indicator(cmd.IndicatorID) == nil {
		return nil, domain.NotFound(string(kindIndicator))
	}
	var checks domain.Checks
	s.checkYearValues(&checks, cmd.Targets, "targets")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&IndicatorTargetsSet{Key: cmd.IndicatorID, Targets: sortedByYear(cmd.Targets)}}, nil
}

// RecordIndicatorActual records the actual value of one year, replacing a
// value recorded for that year before; monitoring.
type RecordIndicatorActual struct {
	IndicatorID uuid.UUID `json:"indicatorId"`
	Year        int       `json:"year"`
	Value       float64   `json:"value"`
}

func (RecordIndicatorActual) Describe() domain.Description { return monitor("recordIndicatorActual") }

func (cmd RecordIndicatorActual) Decide(s *Strategy, _ domain.Context) ([]domain.Event, error) {
	if err := s.requireMonitorable(); err != nil {
		return nil, err
	}
	if s.indicator(cmd.IndicatorID) == nil {
		return nil, domain.NotFound(string(kindIndicator))
	}
	var checks domain.Checks
	s.checkInPeriod(&checks, cmd.Year, "year")
	checkFinite(&checks, cmd.Value, "value")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&IndicatorActualRecorded{Key: cmd.IndicatorID, Year: cmd.Year, Value: cmd.Value}}, nil
}

// sortedByYear returns a sorted copy, never nil, so that stored targets
// read the same whatever order the client sent them in.
func sortedByYear(values []YearValue) []YearValue {
	out := append([]YearValue{}, values...)
	slices.SortFunc(out, func(a, b YearValue) int { return a.Year - b.Year })
	return out
}
