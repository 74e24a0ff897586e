package natsforward

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// MaxLag caps the lag gauge, so that a scrape stays cheap when the
// forwarder is far behind (never run on a long history).
const MaxLag = 1_000_000

// metrics counts what this process's forwarder did.
type metrics struct {
	forwarded prometheus.Counter
	failures  prometheus.Counter
}

func newMetrics() *metrics {
	return &metrics{
		forwarded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "planner_nats_forwarded_revisions_total",
			Help: "Revisions this process published to JetStream and JetStream acknowledged (copies JetStream dropped as duplicates included).",
		}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "planner_nats_publish_failures_total",
			Help: "Publishes to JetStream that failed (NATS unreachable, no acknowledgement in time); the revision is tried again.",
		}),
	}
}

// Collectors returns the forwarder's counters and gauges for a
// Prometheus registry: revisions forwarded and publishes failed by this
// process, and, read from the database at scrape time (whichever process
// forwards), the highest position forwarded and the events after it.
func (f *Forwarder) Collectors() []prometheus.Collector {
	return []prometheus.Collector{f.metrics.forwarded, f.metrics.failures, &lagCollector{
		pool:     f.cfg.Pool,
		position: prometheus.NewDesc("planner_nats_forwarded_position", "Highest log position forwarded to JetStream.", nil, nil),
		lag:      prometheus.NewDesc("planner_nats_forward_lag_events", "Events in the log after the highest position forwarded to JetStream.", nil, nil),
	}}
}

// lagCollector reads the forwarder's progress from its guard table.
type lagCollector struct {
	pool          *pgxpool.Pool
	position, lag *prometheus.Desc
}

func (c *lagCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.position
	ch <- c.lag
}

func (c *lagCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	position, lag, err := Progress(ctx, c.pool)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.lag, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.position, prometheus.GaugeValue, float64(position))
	ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, float64(lag))
}

// Progress returns the highest log position forwarded to JetStream and
// how many events lie after it (at most MaxLag). Like the projections'
// lag, an event below that position that committed late and is not
// forwarded yet (for the moment that takes) is not counted.
func Progress(ctx context.Context, pool *pgxpool.Pool) (position, lag int64, err error) {
	err = pool.QueryRow(ctx, `WITH f AS (SELECT COALESCE(max(position), 0) AS position FROM nats_forwarded)
		SELECT f.position, (SELECT count(*) FROM (SELECT 1 FROM events WHERE position > f.position LIMIT $1) AS pending)
		FROM f`, MaxLag).Scan(&position, &lag)
	return position, lag, err
}
