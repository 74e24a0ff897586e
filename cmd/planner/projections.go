package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/natsforward"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
)

// allProjections lists the read models the service maintains. A
// projection's name is its consumer group: renaming one replays the whole
// log into it.
func allProjections() []projections.Projection {
	return []projections.Projection{documents.New(), history.New(), dashboard.New(), discussions.New(catalog.Registry())}
}

// newRunner builds the projection runner over the store's registry, which
// carries the personal-data decryption.
func newRunner(cfg Config, pool *pgxpool.Pool, store *eventstore.Store) (*projections.Runner, error) {
	return newRunnerLogging(cfg, pool, store, slog.Default())
}

// newRunnerLogging is newRunner logging to logger.
func newRunnerLogging(cfg Config, pool *pgxpool.Pool, store *eventstore.Store, logger *slog.Logger) (*projections.Runner, error) {
	pcfg := projections.Config{
		Logger:       logger,
		Pool:         pool,
		Registry:     store.Registry(),
		NewAggregate: catalog.New,
		Projections:  allProjections(),
		PollInterval: cfg.PollInterval,
	}
	if cfg.ProjectionsSource == sourceJetStream {
		pcfg.JetStream = &projections.JetStreamSource{URL: cfg.NATSURL, Stream: cfg.NATSStream, SubjectPrefix: cfg.NATSSubjectPrefix}
	}
	return projections.NewRunner(pcfg)
}

// retentionGroups are the outbox consumer groups retention waits for:
// the projections', or, when they run from JetStream, the forwarder's
// (it feeds them). Any other group with an offsets row counts too.
func retentionGroups(cfg Config, all []projections.Projection) []string {
	if cfg.ProjectionsSource == sourceJetStream {
		return []string{natsforward.ConsumerGroup}
	}
	return projections.Groups(all)
}

func runProjections(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: planner projections status | rebuild [NAME]")
	}
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	switch args[0] {
	case "status":
		return printStatus(ctx, pool, stdout)
	case "rebuild":
		// A rebuild replays the whole log; it must not hit the service's
		// statement timeout.
		cfg.StatementTimeout = 0
		rebuildPool, err := openPool(ctx, cfg)
		if err != nil {
			return err
		}
		defer rebuildPool.Close()
		store := eventstore.New(rebuildPool, catalog.Registry())
		// The command prints what it rebuilt; the router's start-up lines
		// would only hide that.
		runner, err := newRunnerLogging(cfg, rebuildPool, store, quietLogger(slog.Default()))
		if err != nil {
			return err
		}
		names := args[1:]
		if len(names) == 0 {
			for _, p := range allProjections() {
				names = append(names, p.Name())
			}
		}
		for _, name := range names {
			start := time.Now()
			if err := runner.Rebuild(ctx, name); err != nil {
				return fmt.Errorf("rebuild %s: %w", name, err)
			}
			fmt.Fprintf(stdout, "rebuilt %s in %s\n", name, time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	return fmt.Errorf("unknown projections command %q", args[0])
}

func printStatus(ctx context.Context, pool *pgxpool.Pool, stdout io.Writer) error {
	st, err := projections.ReadStatus(ctx, pool, allProjections())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "event log head: %d\n\n", st.HeadPosition)
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PROJECTION\tPOSITION\tLAG\tSTATE\tUPDATED")
	for _, p := range st.Projections {
		state := "running"
		switch {
		case p.Rebuilding:
			state = "rebuilding"
		case p.Error != "":
			state = fmt.Sprintf("holding back %d stream(s): %s", p.FailedStreams, p.Error)
		}
		updated := "-"
		if p.UpdatedAt != nil {
			updated = p.UpdatedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\n", p.Name, p.Position, p.Lag, state, updated)
	}
	return w.Flush()
}
