package main

import (
	"context"
	"fmt"
	"io"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/seed"
)

func runSeed(ctx context.Context, cfg Config, stdout io.Writer) error {
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	svc := app.NewService(eventstore.New(pool, catalog.Registry()), app.Config{})
	summary, err := seed.Run(ctx, svc)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: %d commands applied, %d already seeded\n", summary.Applied, summary.Replayed)
	return nil
}
