package resolver_test

import (
	"slices"
	"testing"
)

// Monitoring after adoption: progress recorded on an ADOPTED strategy is
// accepted, leaves the status, contentRevision and the edition in force as
// they are, and the audit log tells it apart (Revision.monitoring and
// AuditFilter.monitoring). A content edit stays refused.
func TestMonitoringOnAnAdoptedStrategy(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.createStrategy()
	id := k.id.String()
	f.mustExec(f.plannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) { position } }`, "s", id)
	read := func() result {
		t.Helper()
		f.caughtUp()
		return f.mustExec(f.reviewerA, `query($s: ID!) { strategy(id: $s) { status revision contentRevision lastAdopted { name } } }`, "s", id)
	}
	content := num(get(read().Data, "strategy.contentRevision"))
	f.mustExec(f.reviewerA, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) { position } }`, "s", id, "r", content)
	f.mustExec(f.reviewerB, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) { position } }`, "s", id, "r", content)
	f.mustExec(f.plannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s}) { position } }`, "s", id)
	adopted := read()
	if get(adopted.Data, "strategy.status") != "ADOPTED" {
		t.Fatalf("not adopted: %v", adopted.Data)
	}
	version := get(adopted.Data, "strategy.lastAdopted.name")

	for _, m := range []string{
		`setMeasureStatus(input: {strategyId: $s, measureId: "` + k.measure.String() + `", status: IN_PROGRESS})`,
		`setMilestoneDone(input: {strategyId: $s, milestoneId: "` + k.milestone.String() + `", done: true})`,
		`recordIndicatorActual(input: {strategyId: $s, indicatorId: "` + k.indicator.String() + `", year: 2027, value: 42})`,
	} {
		res := f.exec(&f.plannerA, `mutation($s: ID!) { `+m+` { strategy { status contentRevision } revision { monitoring } } }`, "s", id)
		if len(res.Errors) > 0 {
			t.Fatalf("%s refused on an ADOPTED strategy: %+v", m, res.Errors)
		}
	}
	after := read()
	if get(after.Data, "strategy.status") != "ADOPTED" || num(get(after.Data, "strategy.contentRevision")) != content ||
		get(after.Data, "strategy.lastAdopted.name") != version {
		t.Errorf("after monitoring: %v, want ADOPTED, contentRevision %d, lastAdopted %v", after.Data, content, version)
	}

	edit := f.exec(&f.plannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Changed"}) { position } }`, "s", id)
	if f.onlyCode(edit) != "INVALID_STATE" {
		t.Errorf("content edit on ADOPTED: %+v", edit.Errors)
	}

	audit := func(monitoring bool) []string {
		t.Helper()
		res := f.mustExec(f.reviewerA, `query($s: ID!, $m: Boolean) { auditLog(first: 50, filter: {subjectId: $s, monitoring: $m}) { nodes { action monitoring } } }`,
			"s", id, "m", monitoring)
		nodes := get(res.Data, "auditLog.nodes")
		for _, flag := range strs(nodes, "monitoring") {
			if flag != map[bool]string{true: "true", false: "false"}[monitoring] {
				t.Errorf("filter monitoring=%v returned a revision with monitoring=%s", monitoring, flag)
			}
		}
		return strs(nodes, "action")
	}
	if got := audit(true); !slices.Equal(got, []string{"recordIndicatorActual", "setMilestoneDone", "setMeasureStatus"}) {
		t.Errorf("monitoring revisions %v", got)
	}
	if got := audit(false); slices.Contains(got, "setMeasureStatus") || !slices.Contains(got, "adoptStrategy") {
		t.Errorf("other revisions %v", got)
	}
}
