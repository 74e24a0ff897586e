package main

import "fmt"

// serveRole is what one `planner serve` process does. Several processes
// share one database: API instances are stateless (any load balancer in
// front of them), projection instances consume the outbox (or JetStream,
// PLANNER_PROJECTIONS_SOURCE). A consumer group is read by one process at
// a time (JetStream: processes bound to a consumer apply in turn), so
// running the projections in several processes fails over between them
// rather than splitting the work, and the per-stream guard keeps every
// revision applied once.
type serveRole string

const (
	// roleAll serves the API and runs the projections (the default: one
	// process does everything).
	roleAll serveRole = "all"
	// roleAPI serves GraphQL over HTTP and WebSockets. Its reads wait for
	// projections running elsewhere through the notices they send
	// (projections.Feed listens to them), so subscriptions and
	// read-your-writes work whichever process wrote or projected.
	roleAPI serveRole = "api"
	// roleProjections runs the projections, the outbox retention and the
	// NATS forwarder when one is configured; it serves only /healthz,
	// /readyz and /metrics.
	roleProjections serveRole = "projections"
)

func parseRole(s string) (serveRole, error) {
	switch r := serveRole(s); r {
	case roleAll, roleAPI, roleProjections:
		return r, nil
	}
	return "", fmt.Errorf("role %q: want api, projections or all", s)
}

func (r serveRole) servesAPI() bool       { return r == roleAll || r == roleAPI }
func (r serveRole) runsProjections() bool { return r == roleAll || r == roleProjections }
