package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the binary, read once from the environment.
// Nothing below cmd/ reads the environment.
type Config struct {
	// DatabaseURL (DATABASE_URL) names the PostgreSQL database.
	// Default postgres://postgres@127.0.0.1:5432/planner?sslmode=disable.
	DatabaseURL string
	// Addr (PLANNER_ADDR) is the HTTP listen address. Default 127.0.0.1:8080.
	Addr string
	// Role (PLANNER_ROLE, or serve --role) is what `planner serve` runs:
	// api, projections or all. Default all.
	Role string
	// PollInterval (PLANNER_POLL_INTERVAL) is how often projections poll the
	// outbox. Default 10ms: p99 freshness ~13ms on an idle machine, at the
	// price of one transaction id per poll (STACK.md).
	PollInterval time.Duration
	// StatementTimeout (PLANNER_STATEMENT_TIMEOUT) bounds every SQL
	// statement of the service. Default 5s.
	StatementTimeout time.Duration
	// LogLevel (PLANNER_LOG_LEVEL): debug, info, warn, error. Default info.
	LogLevel string

	// Abuse limits of the API; 0 keeps the transport's documented default
	// (graphql/transport/config.go).
	// MaxBodyBytes (PLANNER_MAX_BODY_BYTES): request body size. Default 1 MiB.
	MaxBodyBytes int
	// MaxDepth (PLANNER_MAX_DEPTH): query depth. Default 15.
	MaxDepth int
	// MaxCost (PLANNER_MAX_COST): query cost, list sizes multiplied. Default 50,000.
	MaxCost int
	// RatePerSecond and RateBurst (PLANNER_RATE_PER_SECOND,
	// PLANNER_RATE_BURST): requests per token. Defaults 20 and 40.
	RatePerSecond int
	RateBurst     int
	// MaxRows (PLANNER_MAX_ROWS): rows one request may read from the
	// database. Default 20,000.
	MaxRows int

	// HTTP server timeouts. ReadHeaderTimeout (PLANNER_READ_HEADER_TIMEOUT,
	// default 10s) and ReadTimeout (PLANNER_READ_TIMEOUT, default 30s) bound
	// reading a request's headers and whole body, so that a client trickling
	// its body cannot hold a connection; WriteTimeout (PLANNER_WRITE_TIMEOUT,
	// default 60s) bounds a request from the end of its headers to the end
	// of its answer, so it must exceed the longest request (a minPosition
	// wait plus the statements); IdleTimeout (PLANNER_IDLE_TIMEOUT, default
	// 120s) closes idle keep-alive connections. WebSockets are exempt from
	// the read and write timeouts (they have pings and a write timeout of
	// their own).
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// RequestTimeout (PLANNER_REQUEST_TIMEOUT, default 30s) bounds a query
	// or mutation; past it the request answers UNAVAILABLE (a pool with no
	// free connection, say). Keep it below WriteTimeout.
	RequestTimeout time.Duration
	// ShutdownTimeout (PLANNER_SHUTDOWN_TIMEOUT, default 15s) bounds a
	// graceful shutdown: requests in flight finish and every WebSocket is
	// closed with 1001 (going away) within it.
	ShutdownTimeout time.Duration

	// MetricsAddr (PLANNER_METRICS_ADDR): when set, /metrics is served on
	// this address only (for the scraper's network), not on Addr.
	// MetricsToken (PLANNER_METRICS_TOKEN): when set, /metrics on Addr needs
	// "Authorization: Bearer <token>". With neither, /metrics on Addr
	// answers only clients on the loopback interface.
	MetricsAddr  string
	MetricsToken string

	// CORSOrigins (PLANNER_CORS_ORIGINS): comma-separated origins
	// (https://dash.example.org) whose pages may call the API from a
	// browser, subscriptions included. Default none: CORS is off.
	CORSOrigins []string

	// Single sign-on (package auth/sso), off unless OIDCIssuer is set.
	// OIDCIssuer (PLANNER_OIDC_ISSUER) is the provider's issuer URL, as its
	// tokens' "iss" says; OIDCAudience (PLANNER_OIDC_AUDIENCE) the client
	// id tokens must be issued for (required with an issuer).
	// OIDCEmailClaim, OIDCNameClaim, OIDCOrganisationClaim
	// (PLANNER_OIDC_EMAIL_CLAIM, _NAME_CLAIM, _ORGANISATION_CLAIM; defaults
	// email, name, organisation) name the claims read. OIDCCreateUsers
	// (PLANNER_OIDC_CREATE_USERS, default false) registers unknown people
	// at first sign-in with OIDCDefaultRole (PLANNER_OIDC_DEFAULT_ROLE,
	// default VIEWER); otherwise an ADMIN adds them first.
	OIDCIssuer            string
	OIDCAudience          string
	OIDCEmailClaim        string
	OIDCNameClaim         string
	OIDCOrganisationClaim string
	OIDCCreateUsers       bool
	OIDCDefaultRole       string

	// Forwarding to NATS JetStream (package natsforward), off unless
	// NATSURL is set; it runs where the projections run (roles all and
	// projections). NATSURL (PLANNER_NATS_URL) is the server, e.g.
	// nats://127.0.0.1:4222. NATSStream (PLANNER_NATS_STREAM, default
	// PLANNER_REVISIONS) and NATSSubjectPrefix (PLANNER_NATS_SUBJECT_PREFIX,
	// default planner.revisions) name the stream and its subjects;
	// NATSDuplicateWindow (PLANNER_NATS_DUPLICATE_WINDOW, default 10m) is
	// the stream's deduplication window.
	NATSURL             string
	NATSStream          string
	NATSSubjectPrefix   string
	NATSDuplicateWindow time.Duration
	// ProjectionsSource (PLANNER_PROJECTIONS_SOURCE) is what the
	// projections consume: "outbox" (the default, PostgreSQL) or
	// "jetstream" (the stream the forwarder writes; needs NATSURL).
	ProjectionsSource string

	// CheckpointKey (PLANNER_CHECKPOINT_KEY): base64 Ed25519 seed that
	// signs checkpoints (planner keys generate). Unset: serve takes no
	// checkpoints and verify checks no signatures unless given a key.
	CheckpointKey string
	// CheckpointInterval (PLANNER_CHECKPOINT_INTERVAL, default 1m): how
	// often serve takes a checkpoint, when anything was written.
	CheckpointInterval time.Duration
}

func loadConfig() (Config, error) {
	cfg := Config{
		DatabaseURL:       env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/planner?sslmode=disable"),
		Addr:              env("PLANNER_ADDR", "127.0.0.1:8080"),
		Role:              env("PLANNER_ROLE", string(roleAll)),
		LogLevel:          env("PLANNER_LOG_LEVEL", "info"),
		PollInterval:      10 * time.Millisecond,
		StatementTimeout:  5 * time.Second,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		RequestTimeout:    30 * time.Second,
		ShutdownTimeout:   15 * time.Second,
		MetricsAddr:       os.Getenv("PLANNER_METRICS_ADDR"),
		MetricsToken:      os.Getenv("PLANNER_METRICS_TOKEN"),

		OIDCIssuer:            os.Getenv("PLANNER_OIDC_ISSUER"),
		OIDCAudience:          os.Getenv("PLANNER_OIDC_AUDIENCE"),
		OIDCEmailClaim:        env("PLANNER_OIDC_EMAIL_CLAIM", "email"),
		OIDCNameClaim:         env("PLANNER_OIDC_NAME_CLAIM", "name"),
		OIDCOrganisationClaim: env("PLANNER_OIDC_ORGANISATION_CLAIM", "organisation"),
		OIDCDefaultRole:       strings.ToUpper(env("PLANNER_OIDC_DEFAULT_ROLE", "VIEWER")),

		NATSURL:             os.Getenv("PLANNER_NATS_URL"),
		NATSStream:          env("PLANNER_NATS_STREAM", "PLANNER_REVISIONS"),
		NATSSubjectPrefix:   env("PLANNER_NATS_SUBJECT_PREFIX", "planner.revisions"),
		NATSDuplicateWindow: 10 * time.Minute,
		ProjectionsSource:   env("PLANNER_PROJECTIONS_SOURCE", sourceOutbox),

		CheckpointKey:      os.Getenv("PLANNER_CHECKPOINT_KEY"),
		CheckpointInterval: time.Minute,
	}
	for _, o := range strings.Split(os.Getenv("PLANNER_CORS_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.CORSOrigins = append(cfg.CORSOrigins, o)
		}
	}
	var err error
	for name, field := range map[string]*time.Duration{
		"PLANNER_POLL_INTERVAL": &cfg.PollInterval, "PLANNER_STATEMENT_TIMEOUT": &cfg.StatementTimeout,
		"PLANNER_READ_HEADER_TIMEOUT": &cfg.ReadHeaderTimeout, "PLANNER_READ_TIMEOUT": &cfg.ReadTimeout,
		"PLANNER_WRITE_TIMEOUT": &cfg.WriteTimeout, "PLANNER_IDLE_TIMEOUT": &cfg.IdleTimeout,
		"PLANNER_SHUTDOWN_TIMEOUT": &cfg.ShutdownTimeout, "PLANNER_REQUEST_TIMEOUT": &cfg.RequestTimeout,
		"PLANNER_NATS_DUPLICATE_WINDOW": &cfg.NATSDuplicateWindow,
		"PLANNER_CHECKPOINT_INTERVAL":   &cfg.CheckpointInterval,
	} {
		if *field, err = durationEnv(name, *field); err != nil {
			return cfg, err
		}
		if *field <= 0 {
			return cfg, fmt.Errorf("%s must be positive", name)
		}
	}
	switch cfg.ProjectionsSource {
	case sourceOutbox:
	case sourceJetStream:
		if cfg.NATSURL == "" {
			return cfg, fmt.Errorf("PLANNER_PROJECTIONS_SOURCE=%s needs PLANNER_NATS_URL", sourceJetStream)
		}
	default:
		return cfg, fmt.Errorf("PLANNER_PROJECTIONS_SOURCE %q: want %s or %s", cfg.ProjectionsSource, sourceOutbox, sourceJetStream)
	}
	if cfg.OIDCCreateUsers, err = boolEnv("PLANNER_OIDC_CREATE_USERS"); err != nil {
		return cfg, err
	}
	for name, field := range map[string]*int{
		"PLANNER_MAX_BODY_BYTES": &cfg.MaxBodyBytes, "PLANNER_MAX_DEPTH": &cfg.MaxDepth, "PLANNER_MAX_COST": &cfg.MaxCost,
		"PLANNER_RATE_PER_SECOND": &cfg.RatePerSecond, "PLANNER_RATE_BURST": &cfg.RateBurst,
		"PLANNER_MAX_ROWS": &cfg.MaxRows,
	} {
		if *field, err = intEnv(name, 0); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// What the projections consume (PLANNER_PROJECTIONS_SOURCE).
const (
	sourceOutbox    = "outbox"
	sourceJetStream = "jetstream"
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func boolEnv(name string) (bool, error) {
	v := os.Getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

func durationEnv(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

func intEnv(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return n, nil
}
