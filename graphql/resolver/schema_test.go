package resolver_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/graphql/transport"
)

func TestNewSchemaNeedsItsDependencies(t *testing.T) {
	_, err := resolver.NewSchema(resolver.Deps{})
	if err == nil || !strings.Contains(err.Error(), "Deps.App") || !strings.Contains(err.Error(), "Deps.Pool") {
		t.Fatalf("NewSchema(Deps{}) = %v", err)
	}
}

// The served schema keeps the contract's descriptions, with or without
// the transport's options, and parses with them.
func TestServedSchemaKeepsDescriptions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cfg := transport.Config{}
	schema, err := resolver.NewSchema(f.Deps, transport.SchemaOptions(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))...)
	if err != nil {
		t.Fatal(err)
	}
	f.Schema = schema
	res := f.Exec(&f.Viewer, `{ __type(name: "Strategy") { description fields { name description } } }`)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if d, _ := resolvertest.Get(res.Data, "__type.description").(string); !strings.Contains(d, "endYear is always startYear + 9") {
		t.Fatalf("description %q", d)
	}
}
