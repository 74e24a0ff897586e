package natsforward_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/natsforward"
	"github.com/creativeclusters/planner/natsforward/natstest"
)

// gauges gathers the forwarder's metrics by name.
func gauges(t *testing.T, f *natsforward.Forwarder) map[string]float64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(f.Collectors()...)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, fam := range families {
		for _, m := range fam.GetMetric() {
			switch {
			case m.GetCounter() != nil:
				out[fam.GetName()] = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				out[fam.GetName()] = m.GetGauge().GetValue()
			}
		}
	}
	return out
}

// Issue 17: the forwarder's metrics say what it forwarded and what it
// has not forwarded yet.
func TestForwarderMetrics(t *testing.T) {
	pool := pgtest.NewPool(t)
	w := &writer{store: eventstore.New(pool, catalog.Registry()), revs: map[uuid.UUID]int{}}
	streams := []uuid.UUID{uuid.New(), uuid.New()}
	for i := range 6 {
		w.append(t, streams[i%2])
	}
	nt := natstest.Start(t)
	fw := startForwarder(t, pool, nt.URL())
	waitForwarded(t, pool, w)
	var head int64
	if err := pool.QueryRow(t.Context(), `SELECT max(position) FROM events`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	after := gauges(t, fw.f)
	fw.stop(t)
	if after["planner_nats_forwarded_revisions_total"] != 6 {
		t.Errorf("forwarded %v revisions, want 6", after["planner_nats_forwarded_revisions_total"])
	}
	if after["planner_nats_forward_lag_events"] != 0 || after["planner_nats_forwarded_position"] != float64(head) {
		t.Errorf("lag %v at position %v, want 0 at the head %d", after["planner_nats_forward_lag_events"],
			after["planner_nats_forwarded_position"], head)
	}

	// Written while no forwarder runs: the lag counts it.
	w.append(t, streams[0])
	w.append(t, streams[1])
	if got := gauges(t, fw.f)["planner_nats_forward_lag_events"]; got != 2 {
		t.Errorf("lag %v with 2 events not forwarded, want 2", got)
	}
}
