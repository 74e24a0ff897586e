package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// readinessTimeout bounds one readiness check, so that a hanging database
// makes /readyz answer 503 instead of hanging the prober.
const readinessTimeout = 5 * time.Second

// HealthzHandler answers 200 as long as the process serves HTTP: a liveness
// probe that fails only when restarting the process would help.
func HealthzHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("ok\n"))
	})
}

// ReadyzHandler answers 200 when check passes and 503 when it fails or
// takes longer than 5 seconds: a readiness probe that takes the instance
// out of the load balancer while a dependency is down. The error is logged,
// not served, since /readyz needs no token.
func ReadyzHandler(check func(ctx context.Context) error, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readinessTimeout)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := check(ctx); err != nil {
			logger.WarnContext(ctx, "readiness check failed", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
}
