package projections_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

func TestStatusAndGaugesShowPositionsAndLag(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	actor := testkit.Actor(uuid.New())
	for range 3 {
		env.Append(t, uuid.New(), actor, &testkit.Written{Text: "x"}, &testkit.Written{Text: "y"})
	}
	st, err := projections.ReadStatus(ctx, env.Pool, testkit.All())
	if err != nil {
		t.Fatal(err)
	}
	if st.HeadPosition != 6 || len(st.Projections) != 3 {
		t.Fatalf("status %+v", st)
	}
	for _, p := range st.Projections {
		if p.Position != 0 || p.Lag != 6 || p.UpdatedAt != nil || p.Rebuilding || p.Error != "" {
			t.Errorf("before running: %+v", p)
		}
	}
	collector := projections.NewStatusCollector(env.Pool, testkit.All(), 0)
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(collector)
	if got := gather(t, reg, "planner_projection_lag_events"); got != "dashboard=6 documents=6 history=6" {
		t.Errorf("lag gauges: %s", got)
	}

	started := env.Start(t, env.Config(t))
	reg.MustRegister(started.Runner.Collectors()...)
	env.WaitCaughtUp(t, 10*time.Second)
	st, err = projections.ReadStatus(ctx, env.Pool, testkit.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Projections {
		if p.Position != 6 || p.Lag != 0 || p.UpdatedAt == nil {
			t.Errorf("after running: %+v", p)
		}
	}
	if got := gather(t, reg, "planner_projection_position"); got != "dashboard=6 documents=6 history=6" {
		t.Errorf("position gauges: %s", got)
	}
	if got := gather(t, reg, "planner_projection_applied_revisions_total"); got != "dashboard=3 documents=3 history=3" {
		t.Errorf("applied counters: %s", got)
	}
	if got := gather(t, reg, "planner_event_log_head_position"); got != "=6" {
		t.Errorf("head gauge: %s", got)
	}
}

// gather renders one metric family as "label=value ..." sorted by label.
func gather(t *testing.T, reg *prometheus.Registry, name string) string {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			label := ""
			for _, l := range m.GetLabel() {
				label = l.GetValue()
			}
			v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
			parts = append(parts, fmt.Sprintf("%s=%g", label, v))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
