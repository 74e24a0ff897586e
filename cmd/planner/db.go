package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/migrations"
)

// openPool connects to the database with the service's session limits: a
// statement timeout, and a short idle-in-transaction timeout because an
// open transaction stalls outbox delivery for everyone (STACK.md).
func openPool(ctx context.Context, cfg Config) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	params := pc.ConnConfig.RuntimeParams
	params["statement_timeout"] = strconv.FormatInt(cfg.StatementTimeout.Milliseconds(), 10)
	params["idle_in_transaction_session_timeout"] = "10000"
	params["application_name"] = "planner"
	// Projections hold a batch transaction each while the API serves
	// requests: the default of four connections on two cores is too few.
	if pc.MaxConns < 16 {
		pc.MaxConns = 16
	}
	// Every statement's rows count against its GraphQL request's read
	// budget (transport.Config.MaxRowsPerRequest); other work has none.
	pc.ConnConfig.Tracer = transport.ReadBudgetTracer{Next: pc.ConnConfig.Tracer}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot use database %q on PostgreSQL at %s (DATABASE_URL%s): %w\n"+
			"Is the server running? `make db` finds or starts one and writes its URL to .env",
			pc.ConnConfig.Database, net.JoinHostPort(pc.ConnConfig.Host, strconv.Itoa(int(pc.ConnConfig.Port))), urlSource(), err)
	}
	return pool, nil
}

func runMigrate(ctx context.Context, cfg Config) error {
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	db := stdlib.OpenDBFromPool(pool)
	defer func() { _ = db.Close() }() // the pool behind it is closed too
	return migrations.Up(ctx, db)
}

// urlSource says where DATABASE_URL came from, for error messages.
func urlSource() string {
	if envFile := findEnvFile(); envFile != "" && os.Getenv("DATABASE_URL") != "" {
		if b, err := os.ReadFile(envFile); err == nil && strings.Contains(string(b), "DATABASE_URL=") {
			return " from the environment or " + envFile
		}
	}
	if os.Getenv("DATABASE_URL") == "" {
		return " not set: the default"
	}
	return " from the environment"
}
