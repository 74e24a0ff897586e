package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "planner:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New(`usage: planner <command>

  migrate                        apply database migrations
  seed                           load the partner network and demo documents (idempotent)
  serve [--addr host:port]       serve the GraphQL API with its projections
  projections status             position, lag and state of every projection
  projections rebuild [NAME]     rebuild one projection (or all) from the event log
  user add|revoke|list|erase     manage users and bearer tokens
  demo-tokens                    print a fresh token for one demo user per role

Configuration is read from the environment: see cmd/planner/config.go.`)

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	slog.SetDefault(newLogger(cfg))
	switch args[0] {
	case "migrate":
		return runMigrate(ctx, cfg)
	case "seed":
		return runSeed(ctx, cfg, stdout)
	case "serve":
		return runServe(ctx, cfg, args[1:])
	case "projections":
		return runProjections(ctx, cfg, args[1:], stdout)
	case "user":
		return runUser(ctx, cfg, args[1:], stdout)
	case "demo-tokens":
		return runDemoTokens(ctx, cfg, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, errUsage.Error())
		return nil
	}
	return fmt.Errorf("unknown command %q\n%w", args[0], errUsage)
}

func newLogger(cfg Config) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel))); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
