package read_test

import (
	"slices"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// Monitoring after adoption: progress recorded on an ADOPTED strategy is
// accepted, leaves the status, contentRevision and the edition in force as
// they are, and the audit log tells it apart (Revision.monitoring and
// AuditFilter.monitoring). A content edit stays refused.
func TestMonitoringOnAnAdoptedStrategy(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	k := f.CreateStrategy()
	id := k.ID.String()
	f.MustExec(f.PlannerA, `mutation($s: ID!) { submitStrategyForReview(input: {strategyId: $s}) { position } }`, "s", id)
	read := func() resolvertest.Result {
		t.Helper()
		f.CaughtUp()
		return f.MustExec(f.ReviewerA, `query($s: ID!) { strategy(id: $s) { status revision contentRevision lastAdopted { name } } }`, "s", id)
	}
	content := resolvertest.Num(resolvertest.Get(read().Data, "strategy.contentRevision"))
	f.MustExec(f.ReviewerA, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) { position } }`, "s", id, "r", content)
	f.MustExec(f.ReviewerB, `mutation($s: ID!, $r: Int!) { reviewStrategy(input: {strategyId: $s, contentRevision: $r, decision: APPROVED}) { position } }`, "s", id, "r", content)
	f.MustExec(f.PlannerA, `mutation($s: ID!) { adoptStrategy(input: {strategyId: $s}) { position } }`, "s", id)
	adopted := read()
	if resolvertest.Get(adopted.Data, "strategy.status") != "ADOPTED" {
		t.Fatalf("not adopted: %v", adopted.Data)
	}
	version := resolvertest.Get(adopted.Data, "strategy.lastAdopted.name")

	for _, m := range []string{
		`setMeasureStatus(input: {strategyId: $s, measureId: "` + k.Measure.String() + `", status: IN_PROGRESS})`,
		`setMilestoneDone(input: {strategyId: $s, milestoneId: "` + k.Milestone.String() + `", done: true})`,
		`recordIndicatorActual(input: {strategyId: $s, indicatorId: "` + k.Indicator.String() + `", year: 2027, value: 42})`,
	} {
		res := f.Exec(&f.PlannerA, `mutation($s: ID!) { `+m+` { strategy { status contentRevision } revision { monitoring } } }`, "s", id)
		if len(res.Errors) > 0 {
			t.Fatalf("%s refused on an ADOPTED strategy: %+v", m, res.Errors)
		}
	}
	after := read()
	if resolvertest.Get(after.Data, "strategy.status") != "ADOPTED" || resolvertest.Num(resolvertest.Get(after.Data, "strategy.contentRevision")) != content ||
		resolvertest.Get(after.Data, "strategy.lastAdopted.name") != version {
		t.Errorf("after monitoring: %v, want ADOPTED, contentRevision %d, lastAdopted %v", after.Data, content, version)
	}

	edit := f.Exec(&f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Changed"}) { position } }`, "s", id)
	if f.OnlyCode(edit) != "INVALID_STATE" {
		t.Errorf("content edit on ADOPTED: %+v", edit.Errors)
	}

	audit := func(monitoring bool) []string {
		t.Helper()
		res := f.MustExec(f.ReviewerA, `query($s: ID!, $m: Boolean) { auditLog(first: 50, filter: {subjectId: $s, monitoring: $m}) { nodes { action monitoring } } }`,
			"s", id, "m", monitoring)
		nodes := resolvertest.Get(res.Data, "auditLog.nodes")
		for _, flag := range resolvertest.Strs(nodes, "monitoring") {
			if flag != map[bool]string{true: "true", false: "false"}[monitoring] {
				t.Errorf("filter monitoring=%v returned a revision with monitoring=%s", monitoring, flag)
			}
		}
		return resolvertest.Strs(nodes, "action")
	}
	if got := audit(true); !slices.Equal(got, []string{"recordIndicatorActual", "setMilestoneDone", "setMeasureStatus"}) {
		t.Errorf("monitoring revisions %v", got)
	}
	if got := audit(false); slices.Contains(got, "setMeasureStatus") || !slices.Contains(got, "adoptStrategy") {
		t.Errorf("other revisions %v", got)
	}
}
