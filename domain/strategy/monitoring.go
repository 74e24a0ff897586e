package strategy

import (
	"slices"

	"github.com/creativeclusters/planner/domain"
)

// Monitoring: the ten years after adoption consist of recording progress
// (measure status, milestones done, indicator actuals). Those three
// commands are monitoring, not content edits, in every state but ARCHIVED:
// an ADOPTED strategy accepts them without being reopened, and they leave
// ContentRevision as it is, so neither the adoption nor the approvals of
// the current content become stale. The plan itself (titles, years,
// targets, structure) stays editable in DRAFT and IN_REVIEW only.
//
// A monitoring revision keeps its mutation's name as action; the actions
// are listed here so that the audit log and the history can tell
// monitoring from content edits (IsMonitoringAction).

// MonitoringActions are the actions of the monitoring commands.
var MonitoringActions = []string{"setMeasureStatus", "setMilestoneDone", "recordIndicatorActual"}

// IsMonitoringAction reports whether a revision's action recorded progress
// rather than edited the plan.
func IsMonitoringAction(action string) bool { return slices.Contains(MonitoringActions, action) }

// monitor describes a monitoring command.
func monitor(action string) domain.Description {
	return domain.Description{Action: action, Access: domain.AccessEdit}
}

// monitoringEvent marks the events monitoring commands record: applying
// one changes the content's progress but not ContentRevision.
type monitoringEvent interface {
	domain.Event
	monitoring()
}

func (*MeasureStatusChanged) monitoring()    {}
func (*MilestoneDoneChanged) monitoring()    {}
func (*IndicatorActualRecorded) monitoring() {}

// changesContent reports whether applying e makes a new content revision.
func changesContent(e domain.Event) bool {
	if domain.IsWorkflow(e) {
		return false
	}
	_, progress := e.(monitoringEvent)
	return !progress
}

// requireMonitorable refuses progress updates on a strategy that does not
// exist or is archived.
func (s *Strategy) requireMonitorable() error {
	if err := s.requireExisting(); err != nil {
		return err
	}
	if s.Status == StatusArchived {
		return ErrNotMonitorable
	}
	return nil
}
