package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := loadEnvFile(findEnvFile()); err != nil {
		fmt.Fprintln(os.Stderr, "planner:", err)
		os.Exit(1)
	}
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "planner:", err)
		if hint := errorHint(err); hint != "" {
			fmt.Fprintln(os.Stderr, hint)
		}
		os.Exit(1)
	}
}

// errorHint says what to do about an error an operator is likely to meet
// on a fresh database; "" when there is nothing to add.
func errorHint(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table
		return "The database has no planner tables yet: run `bin/planner migrate` (make run does), or check DATABASE_URL."
	}
	return ""
}

//lint:ignore ST1005 the usage text is printed as it stands, full sentences included
var errUsage = errors.New(`usage: planner <command>

  migrate                        apply database migrations
  seed                           load the partner network and demo documents (idempotent)
  serve [--addr host:port] [--role api|projections|all]
                                 serve the GraphQL API and/or run the projections (default all)
  projections status             position, lag and state of every projection
  projections rebuild [NAME]     rebuild one projection (or all) from the event log
  user add|revoke|list|erase     manage users and bearer tokens
  orgs list                      organisations: id, name, country (for --org)
  demo-tokens                    print a fresh token for one demo user per role
  verify [--public-key KEY]      recompute every hash chain and checkpoint (non-zero exit on tampering)
  verify --export FILE           check an audit export offline, without the database
  audit export [filters]         events with their hashes and covering checkpoint, JSON Lines or CSV
  checkpoint take|show           take a signed checkpoint now / show the latest root
  keys generate                  a new checkpoint signing key and its public key

Configuration is read from the environment, then from the .env file that
make run/db/test write (the environment wins): see README.md.`)

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg)
	if err != nil {
		return err
	}
	slog.SetDefault(logger)
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
	case "orgs":
		return runOrgs(ctx, cfg, args[1:], stdout)
	case "demo-tokens":
		return runDemoTokens(ctx, cfg, stdout)
	case "verify":
		return runVerify(ctx, cfg, args[1:], stdout)
	case "checkpoint":
		return runCheckpoint(ctx, cfg, args[1:], stdout)
	case "keys":
		return runKeys(args[1:], stdout)
	case "audit":
		return runAudit(ctx, cfg, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, errUsage.Error())
		return nil
	}
	return fmt.Errorf("unknown command %q\n%w", args[0], errUsage)
}
