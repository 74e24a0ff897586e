package resolver_test

import (
	"slices"
	"testing"
	"time"

	"github.com/creativeclusters/planner/graphql/resolver"
)

func TestDashboardAndProgress(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	k := f.createStrategy()
	f.createConcept(k.id)
	f.quickStrategy("Other", false)
	res := f.mustExec(f.plannerA, `mutation($s: ID!, $m: ID!) { setMeasureStatus(input: {strategyId: $s, measureId: $m, status: COMPLETED}) { position } }`,
		"s", k.id.String(), "m", k.measure.String())
	pos := f.str(res, "setMeasureStatus.position")

	q := f.mustExec(f.viewer, `query($m: String, $s: ID!) {
		dashboard(minPosition: $m) { position
			strategies(first: 10) { totalCount nodes { strategy { id title } objectives measures completion indicators
				measuresByStatus { status count } } }
			filtered: strategies(filter: {search: "other"}) { nodes { strategy { title } } }
			concepts { status count }
			activity(weeks: 2) { weekStart revisions monitoring label organisation { name } } }
		strategy(id: $s, minPosition: $m) { progress { completion measures strategy { id } } } }`, "m", pos, "s", k.id.String())
	d := get(q.Data, "dashboard")
	if num(get(d, "position")) < num(pos) {
		t.Fatalf("dashboard position %v before %s", get(d, "position"), pos)
	}
	nodes := get(d, "strategies.nodes")
	if got := strs(nodes, "strategy.title"); !slices.Equal(got, []string{"Creative South Baltic", "Other"}) {
		t.Fatalf("progress, most recently updated first: %v", got)
	}
	if num(get(nodes, "0.measures")) != 1 || get(nodes, "0.completion") != 1.0 || num(get(nodes, "0.objectives")) != 1 ||
		get(nodes, "0.measuresByStatus.2.status") != "COMPLETED" || num(get(nodes, "0.measuresByStatus.2.count")) != 1 ||
		num(get(d, "strategies.totalCount")) != 2 {
		t.Fatalf("progress %v", nodes)
	}
	if got := strs(get(d, "filtered.nodes"), "strategy.title"); !slices.Equal(got, []string{"Other"}) {
		t.Fatalf("filtered %v", got)
	}
	concepts := get(d, "concepts")
	if got := strs(concepts, "status"); !slices.Equal(got, []string{"DRAFT", "SPECIFIED", "PILOTING", "EVALUATED", "ADOPTED", "DISCONTINUED"}) ||
		num(get(concepts, "1.count")) != 1 {
		t.Fatalf("concepts %v", concepts)
	}
	activity := get(d, "activity").([]any)
	monday := time.Now().UTC()
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	total, monitoring := 0, 0
	for _, b := range activity {
		total += num(get(b, "revisions"))
		monitoring += num(get(b, "monitoring"))
		if num(get(b, "monitoring")) > num(get(b, "revisions")) {
			t.Fatalf("bucket %v counts more monitoring than revisions", b)
		}
	}
	// setMeasureStatus above recorded progress: a monitoring revision.
	if monitoring < 1 {
		t.Fatalf("activity counts no monitoring revision: %v", activity)
	}
	if len(activity) == 0 || get(activity[len(activity)-1], "weekStart") != monday.Format(time.DateOnly) || total < 12 {
		t.Fatalf("activity %v", activity)
	}
	// Every bucket has a label: its organisation's name, or the one for the
	// system actor and users without an organisation.
	named := 0
	for _, b := range activity {
		want := resolver.NoOrganisationLabel
		if org := get(b, "organisation"); org != nil {
			want = get(org, "name").(string)
			named++
		}
		if get(b, "label") != want {
			t.Fatalf("bucket %v: label %v, want %q", b, get(b, "label"), want)
		}
	}
	if named == 0 {
		t.Fatalf("no bucket of an organisation: %v", activity)
	}
	if get(q.Data, "strategy.progress.completion") != 1.0 || get(q.Data, "strategy.progress.strategy.id") != k.id.String() {
		t.Fatalf("strategy progress %v", q.Data)
	}
}

func TestSystemStatus(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	f.quickStrategy("S", false)
	f.caughtUp()
	res := f.mustExec(f.viewer, `{ systemStatus { headPosition projections { name position lag rebuilding error updatedAt } } }`)
	st := get(res.Data, "systemStatus")
	if got := strs(get(st, "projections"), "name"); !slices.Equal(got, []string{"documents", "history", "dashboard"}) {
		t.Fatalf("projections %v", got)
	}
	for _, p := range get(st, "projections").([]any) {
		if get(p, "position") != get(st, "headPosition") || num(get(p, "lag")) != 0 || get(p, "error") != nil ||
			get(p, "rebuilding") != false || get(p, "updatedAt") == nil {
			t.Errorf("caught up projection %v (head %v)", p, get(st, "headPosition"))
		}
	}
}
