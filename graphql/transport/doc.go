// Package transport owns everything between HTTP and a *graphql.Schema:
// GraphQL over HTTP (GET and POST, content negotiation, status codes as the
// GraphQL-over-HTTP spec wants them), subscriptions over WebSocket with the
// graphql-transport-ws subprotocol, bearer-token authentication (and the
// few root fields readers without a token may select, anonymous.go),
// per-token and per-address rate limits, query cost limits, CORS for listed
// origins, error codes on every error, one log line and Prometheus samples
// per request. Browser pages (the front end, GraphiQL) are Config.Pages,
// served by package web.
//
// It knows nothing of the planner's schema: it takes a parsed schema and is
// tested with a small one of its own.
//
// # Wiring
//
//	cfg := transport.Config{Metrics: transport.NewMetrics()}
//	if err := cfg.Validate(); err != nil { ... }
//	registry.MustRegister(cfg.Metrics.Collectors()...)
//	schema := graphql.MustParseSchema(sdl, resolver, transport.SchemaOptions(cfg, logger)...)
//	poolConfig.ConnConfig.Tracer = transport.ReadBudgetTracer{} // MaxRowsPerRequest
//	api := transport.NewHandler(cfg, schema, authenticator, logger)
//	mux.Handle("/", api)
//	mux.Handle("/healthz", transport.HealthzHandler())
//	mux.Handle("/readyz", transport.ReadyzHandler(pool.Ping, logger))
//	server.RegisterOnShutdown(func() { api.Shutdown(shutdownCtx) }) // WebSockets get 1001
//
// Before graphql-go sees a request, the transport parses it once more to
// bound the work it asks for (cost.go, linear in the document), coerces
// the selected operation's variables (variables.go: wrong types are
// VALIDATION_FAILED, not INTERNAL) and applies the one text policy of
// domain.TextProblem to every string of the variables and the document.
//
// The schema must be parsed with SchemaOptions: MaxDepth and the panic
// handler that hides panics are schema options of graphql-go, not something
// this package can add afterwards.
//
// # Errors from resolvers
//
// Resolvers return domain errors (sentinels, *domain.ValidationError,
// *domain.ConflictError, anything wrapping them). The transport maps every
// resolver error to extensions.code with domain.CodeOf and adds the data the
// contract promises (fields, currentRevision, conflicts). Errors the domain
// does not know become "internal error" with code INTERNAL and a log line
// carrying the real error: SQL and stack traces never reach a client.
// Driver and network errors that mean the database is unavailable
// (refused, restarting, pool exhausted, statement timeout) are UNAVAILABLE
// instead (unavailable.go), answered with 503 and Retry-After when nothing
// else was answered.
// ResolverError wraps an error for code that serves the schema without this
// package (graphql-go reads Extensions() itself).
//
// # Subscriptions
//
// A subscription resolver returns a receive-only channel. graphql-go gives a
// channel no way to carry an error, so a resolver whose source ends with one
// (FORBIDDEN when the caller lost access) calls EndSubscription(ctx, err)
// with the context it was given and then closes its channel; the client then
// gets a "next" whose errors carry the code, followed by "complete".
package transport
