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
