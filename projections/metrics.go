package projections

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// runnerMetrics counts what this process's runner did.
type runnerMetrics struct {
	applied  *prometheus.CounterVec
	poisonCt *prometheus.CounterVec
}

func newRunnerMetrics() *runnerMetrics {
	return &runnerMetrics{
		applied: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planner_projection_applied_revisions_total",
			Help: "Revisions applied by this process, per projection (gap fills included, duplicates not).",
		}, []string{"projection"}),
		poisonCt: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planner_projection_poisoned_messages_total",
			Help: "Messages this process sent to the poison queue, per projection.",
		}, []string{"projection"}),
	}
}

func (m *runnerMetrics) appliedFunc(projection string) func(int) {
	c := m.applied.WithLabelValues(projection)
	return func(n int) { c.Add(float64(n)) }
}

func (m *runnerMetrics) poisoned(projection string) {
	m.poisonCt.WithLabelValues(projection).Inc()
}

// Collectors returns the runner's counters, for registration with a
// Prometheus registry (next to NewStatusCollector's gauges).
func (r *Runner) Collectors() []prometheus.Collector {
	return []prometheus.Collector{r.metrics.applied, r.metrics.poisonCt}
}

// statusCollector reads projection status at scrape time, so that the
// gauges show the same figures as systemStatus, from the database, whichever
// process runs the projections.
type statusCollector struct {
	pool        *pgxpool.Pool
	projections []Projection
	timeout     time.Duration

	head, position, lag, rebuilding, failing, updated *prometheus.Desc
}

// NewStatusCollector returns Prometheus gauges of ReadStatus: the log's head
// position and, per projection, position, lag, rebuilding (0/1), failing
// (revisions held back by poisoned events) and the time of the last apply.
// A scrape costs one status read, bounded by timeout (default 2s).
func NewStatusCollector(pool *pgxpool.Pool, projections []Projection, timeout time.Duration) prometheus.Collector {
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	labels := []string{"projection"}
	return &statusCollector{
		pool: pool, projections: projections, timeout: timeout,
		head:       prometheus.NewDesc("planner_event_log_head_position", "Highest position in the event log.", nil, nil),
		position:   prometheus.NewDesc("planner_projection_position", "Highest log position a projection has applied.", labels, nil),
		lag:        prometheus.NewDesc("planner_projection_lag_events", "Events in the log a projection has not applied yet.", labels, nil),
		rebuilding: prometheus.NewDesc("planner_projection_rebuilding", "1 while a projection is being rebuilt.", labels, nil),
		failing:    prometheus.NewDesc("planner_projection_failed_streams", "Streams held back by a poisoned revision.", labels, nil),
		updated:    prometheus.NewDesc("planner_projection_updated_timestamp_seconds", "When a projection last applied a revision.", labels, nil),
	}
}

func (c *statusCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.head, c.position, c.lag, c.rebuilding, c.failing, c.updated} {
		ch <- d
	}
}

func (c *statusCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	st, err := ReadStatus(ctx, c.pool, c.projections)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.head, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.head, prometheus.GaugeValue, float64(st.HeadPosition))
	for _, p := range st.Projections {
		ch <- prometheus.MustNewConstMetric(c.position, prometheus.GaugeValue, float64(p.Position), p.Name)
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, float64(p.Lag), p.Name)
		ch <- prometheus.MustNewConstMetric(c.rebuilding, prometheus.GaugeValue, boolGauge(p.Rebuilding), p.Name)
		ch <- prometheus.MustNewConstMetric(c.failing, prometheus.GaugeValue, float64(p.FailedStreams), p.Name)
		if p.UpdatedAt != nil {
			ch <- prometheus.MustNewConstMetric(c.updated, prometheus.GaugeValue, float64(p.UpdatedAt.UnixNano())/1e9, p.Name)
		}
	}
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
