package strategy

import "time"

// Figures are what a strategy reports about itself with every revision
// (domain.Figured): its progress as of no particular day (nothing is
// overdue yet) and the due dates of the milestones not done, from which a
// dashboard counts what is overdue on the day it is read.
type Figures struct {
	Progress
	// OpenMilestones are YYYY-MM-DD due dates, in document order.
	OpenMilestones []string `json:"openMilestones"`
}

// Figures implements domain.Figured.
func (s *Strategy) Figures() any {
	f := Figures{OpenMilestones: []string{}}
	f.Progress = s.Progress(time.Time{})
	for m := range s.measures() {
		for _, ms := range m.Milestones {
			if !ms.Done {
				f.OpenMilestones = append(f.OpenMilestones, ms.Due)
			}
		}
	}
	return f
}
