// Command plannerbench runs the planner's benchmark suite (package bench)
// against a migrated, empty PostgreSQL database, prints the results table
// and writes it as JSON and Markdown. bench/run.sh prepares everything it needs.
//
//	plannerbench run -db URL [-planner bin/planner] [-pgbench DIR] [-quick] [-out FILE] [-cpuprofile FILE]
//	plannerbench migrate -db URL
//	plannerbench cpu -db URL
//
// cpu watches until interrupted and then prints the share of the CPU (in
// percent) that processes other than pgbench and the database's backends
// used meanwhile: bench/run.sh runs it around each pgbench run.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver goose needs

	"github.com/creativeclusters/planner/bench"
	"github.com/creativeclusters/planner/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "plannerbench:", err)
		os.Exit(1)
	}
}

const usage = `usage: plannerbench run|migrate|cpu -db URL [flags]`

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("plannerbench "+args[0], flag.ContinueOnError)
	var cfg bench.Config
	var out string
	fs.StringVar(&cfg.DatabaseURL, "db", "", "URL of a migrated, empty database (required)")
	fs.StringVar(&cfg.Planner, "planner", "", "planner binary to serve the API with; empty: API scenarios are not run")
	fs.StringVar(&cfg.PlannerError, "planner-error", "no planner binary given", "why there is no planner binary")
	fs.StringVar(&cfg.PgbenchDir, "pgbench", "", "directory of the pgbench runs; empty: no baseline")
	fs.StringVar(&cfg.PgbenchError, "pgbench-error", "pgbench did not run", "why there are no pgbench runs")
	fs.BoolVar(&cfg.Quick, "quick", false, "quick mode: shorter runs on a smaller log")
	fs.StringVar(&out, "out", "bench-results/latest.json", "where to write the JSON results")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the benchmark process (the in-process scenarios) to this file")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return errors.New("-db is required")
	}
	switch args[0] {
	case "migrate":
		return migrate(ctx, cfg.DatabaseURL)
	case "cpu":
		return watchCPU(ctx, cfg.DatabaseURL)
	case "run":
	default:
		return errors.New(usage)
	}
	cfg.ResultsDir, cfg.Progress = filepath.Dir(out), os.Stderr
	if err := os.MkdirAll(cfg.ResultsDir, 0o755); err != nil {
		return err
	}
	// Warnings only: the runner logs every rebuild at info.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	env, err := bench.Open(ctx, cfg.DatabaseURL, logger)
	if err != nil {
		return err
	}
	defer env.Close()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer func() { _ = f.Close() }() // after StopCPUProfile has flushed the profile
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	report, err := bench.Run(ctx, cfg, env)
	if err != nil {
		return err
	}
	if err := report.WriteJSON(out); err != nil {
		return err
	}
	var table strings.Builder
	report.WriteTable(&table)
	fmt.Println()
	fmt.Print(table.String())
	return os.WriteFile(strings.TrimSuffix(out, ".json")+".md", []byte(table.String()), 0o644)
}

func watchCPU(ctx context.Context, url string) error {
	pc, err := pgconn.ParseConfig(url)
	if err != nil {
		return err
	}
	started := time.Now()
	w := bench.WatchCPU(pc.Database, 250*time.Millisecond, "pgbench")
	<-ctx.Done()
	w.Stop()
	fmt.Printf("%.0f\n", 100*w.Others(started, time.Now()))
	return nil
}

// migrate applies the migrations itself, for when bin/planner does not
// build.
func migrate(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	return migrations.Up(ctx, db)
}
