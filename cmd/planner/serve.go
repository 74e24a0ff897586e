package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// runServe serves the GraphQL API and runs the projections in the same
// process, until ctx ends; then it drains requests and stops.
func runServe(ctx context.Context, cfg Config, args []string) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (PLANNER_ADDR)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	logger := slog.Default()
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()

	store := eventstore.New(pool, catalog.Registry())
	runner, err := newRunner(cfg, pool, store)
	if err != nil {
		return err
	}
	all := runner.Projections()
	feed := projections.NewFeed(pool, all, logger)
	users := auth.NewUsers(pool, auth.NewNetworkResolver(store, auth.NetworkResolverConfig{}))

	tcfg := transport.Config{
		Metrics:      transport.NewMetrics(),
		MaxBodyBytes: int64(cfg.MaxBodyBytes),
		MaxDepth:     cfg.MaxDepth,
		MaxCost:      cfg.MaxCost,
		RateLimit:    transport.RateLimitConfig{PerSecond: float64(cfg.RatePerSecond), Burst: cfg.RateBurst},
	}
	if err := tcfg.Validate(); err != nil {
		return err
	}
	deps := resolver.Deps{
		App:         app.NewService(store, app.Config{}),
		Users:       users,
		Pool:        pool,
		Logger:      logger,
		Read:        readmodel.New(pool, func() time.Time { return time.Now().UTC() }),
		Feed:        feed,
		Projections: all,
	}
	schema, err := resolver.NewSchema(deps, transport.SchemaOptions(tcfg, logger)...)
	if err != nil {
		return fmt.Errorf("schema: %w", err)
	}

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registry.MustRegister(tcfg.Metrics.Collectors()...)
	registry.MustRegister(runner.Collectors()...)
	registry.MustRegister(projections.NewStatusCollector(pool, all, 2*time.Second))

	mux := http.NewServeMux()
	mux.Handle("/healthz", transport.HealthzHandler())
	mux.Handle("/readyz", transport.ReadyzHandler(func(ctx context.Context) error {
		if err := pool.Ping(ctx); err != nil {
			return err
		}
		select {
		case <-runner.Running():
			return nil
		default:
			return errors.New("projections not running yet")
		}
	}, logger))
	mux.Handle("/metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	// Middleware gives every HTTP request its own loaders and a
	// correlation id; WebSocket upgrades get the correlation id only.
	mux.Handle("/", resolver.Middleware(deps, transport.NewHandler(tcfg, schema, transport.AuthenticatorFunc(users.Authenticate), logger)))

	server := &http.Server{
		Addr:              cfg.Addr,
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	logger.Info("serving", "url", "http://"+listener.Addr().String()+"/graphql")

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return runner.Run(gctx) })
	g.Go(func() error { return feed.Run(gctx) })
	g.Go(func() error {
		projections.RunRetention(gctx, pool, projections.Groups(all), time.Minute, logger)
		return nil
	})
	g.Go(func() error {
		if err := server.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		// Graceful: stop accepting, let requests in flight finish.
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		err := server.Shutdown(shutdownCtx)
		return errors.Join(err, runner.Close())
	})
	err = g.Wait()
	if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
		logger.Info("stopped")
		return nil
	}
	return err
}
