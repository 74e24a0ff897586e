package graph

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
)

// CorrelationHeader is the request header a client or gateway names a
// correlation id with; every revision of the request records it.
const CorrelationHeader = "X-Correlation-ID"

type correlationKey struct{}

// WithCorrelationID returns a context whose mutations record id as their
// correlation id. Middleware sets it from CorrelationHeader.
func WithCorrelationID(ctx context.Context, id uuid.UUID) context.Context {
	return context.WithValue(ctx, correlationKey{}, id)
}

// correlationID is the request's correlation id; without Middleware each
// mutation gets one of its own.
func correlationID(ctx context.Context) uuid.UUID {
	if id, ok := ctx.Value(correlationKey{}).(uuid.UUID); ok && id != uuid.Nil {
		return id
	}
	return uuid.Must(uuid.NewV7())
}

// Middleware prepares each HTTP request for the resolvers: it installs a
// fresh set of loaders and a correlation id that every mutation of the
// request records: the X-Correlation-ID header's when it is a UUID, else a
// new one. Wrap the transport's handler with it:
//
//	mux.Handle("/graphql", resolver.Middleware(deps, transport.NewHandler(cfg, schema, auth, logger)))
//
// A WebSocket upgrade gets no loaders: its context lives as long as the
// connection, and a cache that old would serve stale organisations and
// actors to every pushed event. Resolvers then load without a shared cache
// (see Resolver.loaders).
func Middleware(deps Deps, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(strings.TrimSpace(r.Header.Get(CorrelationHeader)))
		if err != nil || id == uuid.Nil {
			id = uuid.Must(uuid.NewV7())
		}
		ctx := WithCorrelationID(r.Context(), id)
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			ctx = WithLoaders(ctx, deps)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Viewer returns the authenticated actor. Every field of the schema needs
// one: VIEWERs read everything, anonymous callers nothing.
func Viewer(ctx context.Context) (domain.Actor, error) {
	actor, ok := transport.ActorFrom(ctx)
	if !ok || actor.ID == uuid.Nil {
		return domain.Actor{}, transport.ResolverError(domain.ErrUnauthenticated)
	}
	return actor, nil
}

// RequireAuditReader refuses callers who may not read the audit log.
func RequireAuditReader(actor domain.Actor) error {
	if !app.CanReadAudit(actor) {
		return Fail(domain.ErrForbidden)
	}
	return nil
}
