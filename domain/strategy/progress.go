package strategy

import (
	"slices"
	"time"
)

// Progress summarises how far a strategy's implementation has come, for
// dashboards.
type Progress struct {
	Objectives int `json:"objectives"`
	Measures   int `json:"measures"`
	// MeasuresByStatus has every status, in MeasureStatuses order, also
	// those no measure has.
	MeasuresByStatus  []MeasureStatusCount `json:"measuresByStatus"`
	Indicators        int                  `json:"indicators"`
	IndicatorsOnTrack int                  `json:"indicatorsOnTrack"`
	// MilestonesOverdue counts milestones not done and due before today.
	MilestonesOverdue int `json:"milestonesOverdue"`
	// Completion is completed / (measures - cancelled), 0 when no measure
	// counts: cancelled measures are neither done nor left to do.
	Completion float64 `json:"completion"`
}

// MeasureStatusCount is how many measures have one status.
type MeasureStatusCount struct {
	Status MeasureStatus `json:"status"`
	Count  int           `json:"count"`
}

// Progress computes the figures as of today; only today's date (in its
// location) matters.
func (s *Strategy) Progress(today time.Time) Progress {
	date := today.Format(dateLayout) // dates compare as strings: YYYY-MM-DD
	counts := map[MeasureStatus]int{}
	var p Progress
	for range s.objectives() {
		p.Objectives++
	}
	for m := range s.measures() {
		p.Measures++
		counts[m.Status]++
		for _, ms := range m.Milestones {
			if !ms.Done && ms.Due < date {
				p.MilestonesOverdue++
			}
		}
	}
	for in := range s.indicators() {
		p.Indicators++
		if onTrack := in.OnTrack(); onTrack != nil && *onTrack {
			p.IndicatorsOnTrack++
		}
	}
	p.MeasuresByStatus = make([]MeasureStatusCount, len(MeasureStatuses))
	for i, status := range MeasureStatuses {
		p.MeasuresByStatus[i] = MeasureStatusCount{Status: status, Count: counts[status]}
	}
	if counting := p.Measures - counts[MeasureCancelled]; counting > 0 {
		p.Completion = float64(counts[MeasureCompleted]) / float64(counting)
	}
	return p
}

// OnTrack compares the latest actual value with the target for its year:
// higher is better when the target is at least the baseline (growth), lower
// is better otherwise (reduction). Nil without an actual or without a
// target for the latest actual's year.
func (in Indicator) OnTrack() *bool {
	if len(in.Actuals) == 0 {
		return nil
	}
	latest := slices.MaxFunc(in.Actuals, func(a, b YearValue) int { return a.Year - b.Year })
	i := slices.IndexFunc(in.Targets, func(t YearValue) bool { return t.Year == latest.Year })
	if i < 0 {
		return nil
	}
	target := in.Targets[i].Value
	if target >= in.Baseline {
		return new(latest.Value >= target)
	}
	return new(latest.Value <= target)
}
