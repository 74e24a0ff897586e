package main

import (
	"fmt"
	"os"
	"strconv"
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
}

func loadConfig() (Config, error) {
	cfg := Config{
		DatabaseURL:      env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/planner?sslmode=disable"),
		Addr:             env("PLANNER_ADDR", "127.0.0.1:8080"),
		LogLevel:         env("PLANNER_LOG_LEVEL", "info"),
		PollInterval:     10 * time.Millisecond,
		StatementTimeout: 5 * time.Second,
	}
	var err error
	if cfg.PollInterval, err = durationEnv("PLANNER_POLL_INTERVAL", cfg.PollInterval); err != nil {
		return cfg, err
	}
	if cfg.StatementTimeout, err = durationEnv("PLANNER_STATEMENT_TIMEOUT", cfg.StatementTimeout); err != nil {
		return cfg, err
	}
	for name, field := range map[string]*int{
		"PLANNER_MAX_BODY_BYTES": &cfg.MaxBodyBytes, "PLANNER_MAX_DEPTH": &cfg.MaxDepth, "PLANNER_MAX_COST": &cfg.MaxCost,
		"PLANNER_RATE_PER_SECOND": &cfg.RatePerSecond, "PLANNER_RATE_BURST": &cfg.RateBurst,
	} {
		if *field, err = intEnv(name, 0); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
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
