package transport

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthz(t *testing.T) {
	rec := httptest.NewRecorder()
	HealthzHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("status %d", rec.Code)
	}
}

func TestReadyz(t *testing.T) {
	var failure error
	logs := &syncBuffer{}
	h := ReadyzHandler(func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("the check runs without a deadline")
		}
		return failure
	}, slog.New(slog.NewTextHandler(logs, nil)))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("ready: status %d", rec.Code)
	}

	failure = errors.New("dial tcp 10.1.2.3:5432: connection refused")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "10.1.2.3") {
		t.Errorf("not ready: status %d, body %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(logs.String(), "10.1.2.3") {
		t.Error("the failure is not logged")
	}
}
