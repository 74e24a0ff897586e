package transport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
)

type helloResolver struct{}

func (*helloResolver) Hello(ctx context.Context) string {
	actor, _ := transport.ActorFrom(ctx)
	return "hello " + string(actor.Role)
}

// How the binary wires the transport.
func ExampleNewHandler() {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := transport.Config{Metrics: transport.NewMetrics()}
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(cfg.Metrics.Collectors()...)

	schema := graphql.MustParseSchema(`type Query { hello: String! }`, &helloResolver{},
		transport.SchemaOptions(cfg, logger)...)
	auth := transport.AuthenticatorFunc(func(_ context.Context, token string) (domain.Actor, error) {
		if token != "s3cret" {
			return domain.Actor{}, domain.ErrUnauthenticated
		}
		return domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner}, nil
	})

	mux := http.NewServeMux()
	mux.Handle("/", transport.NewHandler(cfg, schema, auth, logger))
	mux.Handle("/healthz", transport.HealthzHandler())
	mux.Handle("/readyz", transport.ReadyzHandler(func(context.Context) error { return nil }, logger))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, token := range []string{"s3cret", "wrong"} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ hello }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		fmt.Println(res.StatusCode, string(body))
	}
	// Output:
	// 200 {"data":{"hello":"hello PLANNER"}}
	// 401 {"errors":[{"message":"authentication required","extensions":{"code":"UNAUTHENTICATED"}}]}
}

func ExampleErrorExtensions() {
	err := fmt.Errorf("update strategy: %w", &domain.ValidationError{Fields: []domain.FieldError{
		{Path: []string{"title"}, Message: "must not be empty"},
	}})
	ext, _ := json.Marshal(transport.ErrorExtensions(err))
	fmt.Println(transport.PublicMessage(err))
	fmt.Println(string(ext))

	// A connection that broke under a statement: retry later.
	ext, _ = json.Marshal(transport.ErrorExtensions(fmt.Errorf("select: %w", io.ErrUnexpectedEOF)))
	fmt.Println(transport.PublicMessage(io.ErrUnexpectedEOF))
	fmt.Println(string(ext))
	// Output:
	// validation failed: title: must not be empty
	// {"code":"VALIDATION_FAILED","fields":[{"message":"must not be empty","path":["input","title"]}]}
	// the service is temporarily unavailable; retry later (retry mutations with the same commandId)
	// {"code":"UNAVAILABLE"}
}
