package read_test

import (
	"slices"
	"testing"
	"time"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/resolver/read"
)

func TestDashboardAndProgress(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	k := f.CreateStrategy()
	f.CreateConcept(k.ID)
	f.QuickStrategy("Other", false)
	res := f.MustExec(f.PlannerA, `mutation($s: ID!, $m: ID!) { setMeasureStatus(input: {strategyId: $s, measureId: $m, status: COMPLETED}) { position } }`,
		"s", k.ID.String(), "m", k.Measure.String())
	pos := f.Str(res, "setMeasureStatus.position")

	q := f.MustExec(f.Viewer, `query($m: String, $s: ID!) {
		dashboard(minPosition: $m) { position
			strategies(first: 10) { totalCount nodes { strategy { id title } objectives measures completion indicators
				measuresByStatus { status count } } }
			filtered: strategies(filter: {search: "other"}) { nodes { strategy { title } } }
			concepts { status count }
			activity(weeks: 2) { weekStart revisions monitoring label organisation { name } } }
		strategy(id: $s, minPosition: $m) { progress { completion measures strategy { id } } } }`, "m", pos, "s", k.ID.String())
	d := resolvertest.Get(q.Data, "dashboard")
	if resolvertest.Num(resolvertest.Get(d, "position")) < resolvertest.Num(pos) {
		t.Fatalf("dashboard position %v before %s", resolvertest.Get(d, "position"), pos)
	}
	nodes := resolvertest.Get(d, "strategies.nodes")
	if got := resolvertest.Strs(nodes, "strategy.title"); !slices.Equal(got, []string{"Creative South Baltic", "Other"}) {
		t.Fatalf("progress, most recently updated first: %v", got)
	}
	if resolvertest.Num(resolvertest.Get(nodes, "0.measures")) != 1 || resolvertest.Get(nodes, "0.completion") != 1.0 || resolvertest.Num(resolvertest.Get(nodes, "0.objectives")) != 1 ||
		resolvertest.Get(nodes, "0.measuresByStatus.2.status") != "COMPLETED" || resolvertest.Num(resolvertest.Get(nodes, "0.measuresByStatus.2.count")) != 1 ||
		resolvertest.Num(resolvertest.Get(d, "strategies.totalCount")) != 2 {
		t.Fatalf("progress %v", nodes)
	}
	if got := resolvertest.Strs(resolvertest.Get(d, "filtered.nodes"), "strategy.title"); !slices.Equal(got, []string{"Other"}) {
		t.Fatalf("filtered %v", got)
	}
	concepts := resolvertest.Get(d, "concepts")
	if got := resolvertest.Strs(concepts, "status"); !slices.Equal(got, []string{"DRAFT", "SPECIFIED", "PILOTING", "EVALUATED", "ADOPTED", "DISCONTINUED"}) ||
		resolvertest.Num(resolvertest.Get(concepts, "1.count")) != 1 {
		t.Fatalf("concepts %v", concepts)
	}
	activity := resolvertest.Get(d, "activity").([]any)
	monday := time.Now().UTC()
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	total, monitoring := 0, 0
	for _, b := range activity {
		total += resolvertest.Num(resolvertest.Get(b, "revisions"))
		monitoring += resolvertest.Num(resolvertest.Get(b, "monitoring"))
		if resolvertest.Num(resolvertest.Get(b, "monitoring")) > resolvertest.Num(resolvertest.Get(b, "revisions")) {
			t.Fatalf("bucket %v counts more monitoring than revisions", b)
		}
	}
	// setMeasureStatus above recorded progress: a monitoring revision.
	if monitoring < 1 {
		t.Fatalf("activity counts no monitoring revision: %v", activity)
	}
	if len(activity) == 0 || resolvertest.Get(activity[len(activity)-1], "weekStart") != monday.Format(time.DateOnly) || total < 12 {
		t.Fatalf("activity %v", activity)
	}
	// Every bucket has a label: its organisation's name, or the one for the
	// system actor and users without an organisation.
	named := 0
	for _, b := range activity {
		want := read.NoOrganisationLabel
		if org := resolvertest.Get(b, "organisation"); org != nil {
			want = resolvertest.Get(org, "name").(string)
			named++
		}
		if resolvertest.Get(b, "label") != want {
			t.Fatalf("bucket %v: label %v, want %q", b, resolvertest.Get(b, "label"), want)
		}
	}
	if named == 0 {
		t.Fatalf("no bucket of an organisation: %v", activity)
	}
	if resolvertest.Get(q.Data, "strategy.progress.completion") != 1.0 || resolvertest.Get(q.Data, "strategy.progress.strategy.id") != k.ID.String() {
		t.Fatalf("strategy progress %v", q.Data)
	}
}

func TestSystemStatus(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	f.QuickStrategy("S", false)
	f.CaughtUp()
	res := f.MustExec(f.Viewer, `{ systemStatus { headPosition projections { name position lag rebuilding error updatedAt } } }`)
	st := resolvertest.Get(res.Data, "systemStatus")
	if got := resolvertest.Strs(resolvertest.Get(st, "projections"), "name"); !slices.Equal(got, []string{"documents", "history", "dashboard"}) {
		t.Fatalf("projections %v", got)
	}
	for _, p := range resolvertest.Get(st, "projections").([]any) {
		if resolvertest.Get(p, "position") != resolvertest.Get(st, "headPosition") || resolvertest.Num(resolvertest.Get(p, "lag")) != 0 || resolvertest.Get(p, "error") != nil ||
			resolvertest.Get(p, "rebuilding") != false || resolvertest.Get(p, "updatedAt") == nil {
			t.Errorf("caught up projection %v (head %v)", p, resolvertest.Get(st, "headPosition"))
		}
	}
}
