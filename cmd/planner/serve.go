package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/auth/sso"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/natsforward"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
	"github.com/creativeclusters/planner/web"
)

// runServe serves the GraphQL API and runs the projections, both or one
// of them (--role), until ctx ends; then it drains requests and stops.
func runServe(ctx context.Context, cfg Config, args []string) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (PLANNER_ADDR)")
	flags.StringVar(&cfg.Role, "role", cfg.Role, "api, projections or all (PLANNER_ROLE)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	role, err := parseRole(cfg.Role)
	if err != nil {
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
		// The public view: readable without a token, per client address.
		AnonymousQueryFields: resolver.PublicQueryFields,
		// Rows are counted by transport.ReadBudgetTracer, which openPool
		// installs on the pool.
		MaxRowsPerRequest: cfg.MaxRows,
		RequestTimeout:    cfg.RequestTimeout,
		// The front end and GraphiQL, embedded (package web).
		Pages:       web.Handler(web.Dist()),
		CORSOrigins: cfg.CORSOrigins,
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
	mux.Handle("/readyz", transport.ReadyzHandler(readiness(role, pool, runner, feed), logger))
	metrics := promhttp.HandlerFor(registry, promhttp.HandlerOpts{})
	var metricsServer *http.Server
	if cfg.MetricsAddr == "" {
		mux.Handle("/metrics", guardMetrics(metrics, cfg.MetricsToken))
	}
	// Middleware gives every HTTP request its own loaders and a
	// correlation id; WebSocket upgrades get the correlation id only.
	authenticator, err := newAuthenticator(cfg, users)
	if err != nil {
		return err
	}
	api := transport.NewHandler(tcfg, schema, authenticator, logger)
	if role.servesAPI() {
		mux.Handle("/", resolver.Middleware(deps, api))
	}

	server := newHTTPServer(cfg, mux)
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	logger.Info("serving", "role", string(role), "url", "http://"+listener.Addr().String()+"/graphql")
	var metricsListener net.Listener
	if cfg.MetricsAddr != "" {
		metricsMux := http.NewServeMux()
		metricsMux.Handle("/metrics", metrics)
		metricsServer = newHTTPServer(cfg, metricsMux)
		if metricsListener, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			_ = listener.Close()
			return err
		}
		logger.Info("serving metrics", "url", "http://"+metricsListener.Addr().String()+"/metrics")
	}

	forwarder, err := newForwarder(cfg, pool, logger)
	if err != nil {
		return err
	}
	if forwarder != nil && role.runsProjections() {
		registry.MustRegister(forwarder.Collectors()...)
	}
	signingKey, err := checkpointKey(cfg)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	if role.runsProjections() {
		g.Go(func() error { return runner.Run(gctx) })
		if forwarder != nil {
			g.Go(func() error { return forwarder.Run(gctx) })
		}
		g.Go(func() error {
			projections.RunRetention(gctx, pool, retentionGroups(cfg, all), time.Minute, logger)
			return nil
		})
		// Checkpoints are background work like the projections'; an
		// advisory lock keeps several instances from forking the chain.
		if signingKey != nil {
			g.Go(func() error {
				runCheckpoints(gctx, pool, signingKey, cfg.CheckpointInterval, logger)
				return nil
			})
		} else {
			logger.Info("no PLANNER_CHECKPOINT_KEY: taking no signed checkpoints (planner keys generate makes a key)")
		}
	}
	if role.servesAPI() {
		g.Go(func() error { return feed.Run(gctx) })
	}
	g.Go(func() error {
		if err := server.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	if metricsServer != nil {
		g.Go(func() error {
			if err := metricsServer.Serve(metricsListener); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		})
	}
	g.Go(func() error {
		<-gctx.Done()
		// Graceful: stop accepting, let requests in flight finish, and close
		// every WebSocket with 1001 (going away): http.Server does not know
		// hijacked connections, which would otherwise just drop (1006).
		shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		sockets := make(chan error, 1)
		server.RegisterOnShutdown(func() { sockets <- api.Shutdown(shutdownCtx) })
		err := server.Shutdown(shutdownCtx)
		err = errors.Join(err, <-sockets)
		if metricsServer != nil {
			err = errors.Join(err, metricsServer.Shutdown(shutdownCtx))
		}
		if role.runsProjections() {
			err = errors.Join(err, runner.Close())
			if forwarder != nil {
				err = errors.Join(err, forwarder.Close())
			}
		}
		return err
	})
	err = g.Wait()
	if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
		logger.Info("stopped")
		return nil
	}
	return err
}

// newForwarder returns the NATS JetStream forwarder when PLANNER_NATS_URL
// is set, else nil.
func newForwarder(cfg Config, pool *pgxpool.Pool, logger *slog.Logger) (*natsforward.Forwarder, error) {
	if cfg.NATSURL == "" {
		return nil, nil
	}
	return natsforward.New(natsforward.Config{
		Pool: pool, URL: cfg.NATSURL, Stream: cfg.NATSStream, SubjectPrefix: cfg.NATSSubjectPrefix,
		DuplicateWindow: cfg.NATSDuplicateWindow, Logger: logger,
	})
}

// newAuthenticator accepts the planner's own tokens and, when an issuer
// is configured, OpenID Connect tokens of that issuer.
func newAuthenticator(cfg Config, users *auth.Users) (transport.Authenticator, error) {
	if cfg.OIDCIssuer == "" {
		return transport.AuthenticatorFunc(users.Authenticate), nil
	}
	return sso.New(sso.Config{
		Issuer:            cfg.OIDCIssuer,
		Audience:          cfg.OIDCAudience,
		EmailClaim:        cfg.OIDCEmailClaim,
		NameClaim:         cfg.OIDCNameClaim,
		OrganisationClaim: cfg.OIDCOrganisationClaim,
		Policy:            auth.SignInPolicy{CreateUsers: cfg.OIDCCreateUsers, DefaultRole: domain.Role(cfg.OIDCDefaultRole)},
	}, users)
}

// readiness is what /readyz checks for role: the database answers, and
// the parts the role runs are up. An API instance needs its Feed listening
// (reads wait for projection notices through it, subscriptions follow it);
// it does not need projections of its own, which run elsewhere.
func readiness(role serveRole, pool *pgxpool.Pool, runner *projections.Runner, feed *projections.Feed) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := pool.Ping(ctx); err != nil {
			return err
		}
		if role.runsProjections() {
			select {
			case <-runner.Running():
			default:
				return errors.New("projections not running yet")
			}
		}
		if role.servesAPI() {
			select {
			case <-feed.Ready():
			default:
				return errors.New("not listening for projection notices yet")
			}
		}
		return nil
	}
}

// newHTTPServer applies the configured timeouts. Request contexts do not
// end with the process's context: a graceful shutdown lets requests in
// flight finish (within ShutdownTimeout) instead of cancelling them.
func newHTTPServer(cfg Config, handler http.Handler) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
	}
}

// guardMetrics serves /metrics on the API's address: with a token, to
// requests that bear it; without one, to loopback clients only, so that
// an instance listening on a public address does not publish its metrics
// to anyone who reaches the port.
func guardMetrics(next http.Handler, token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				http.Error(w, "metrics need the metrics token", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "metrics are served to loopback clients only; set PLANNER_METRICS_ADDR or PLANNER_METRICS_TOKEN", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}
