package transport

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the transport's Prometheus collectors. Create one per
// process, register Collectors() on the registry that /metrics serves, and
// put it in Config.Metrics.
//
// Labels stay few and bounded: transport (http, ws), operation (query,
// mutation, subscription, unknown) and code (OK or the first error's
// extensions.code). Operation names come from clients and are only logged.
type Metrics struct {
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	connections   prometheus.Gauge
	operations    prometheus.Gauge
	slowConsumers prometheus.Counter
}

// NewMetrics creates unregistered collectors.
func NewMetrics() *Metrics {
	return &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "planner", Subsystem: "graphql", Name: "requests_total",
			Help: "GraphQL requests (HTTP requests and WebSocket operations) by transport, operation type and first error code (OK without errors).",
		}, []string{"transport", "operation", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "planner", Subsystem: "graphql", Name: "request_duration_seconds",
			Help:    "Duration of GraphQL requests; for subscriptions, how long they stayed open.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 60, 600, 3600},
		}, []string{"transport", "operation"}),
		connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "planner", Subsystem: "graphql", Name: "websocket_connections",
			Help: "Open graphql-transport-ws sockets.",
		}),
		operations: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "planner", Subsystem: "graphql", Name: "websocket_operations",
			Help: "Operations running on graphql-transport-ws sockets.",
		}),
		slowConsumers: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "planner", Subsystem: "graphql", Name: "websocket_slow_consumer_closes_total",
			Help: "Sockets closed with 1013 because the client read too slowly.",
		}),
	}
}

// Collectors returns every collector, for registering.
func (m *Metrics) Collectors() []prometheus.Collector {
	return []prometheus.Collector{m.requests, m.duration, m.connections, m.operations, m.slowConsumers}
}

func (m *Metrics) observe(transport, operation string, codes []string, d time.Duration) {
	if operation == "" {
		operation = "unknown"
	}
	code := "OK"
	if len(codes) > 0 && codes[0] != "" {
		code = codes[0]
	}
	m.requests.WithLabelValues(transport, operation, code).Inc()
	m.duration.WithLabelValues(transport, operation).Observe(d.Seconds())
}
