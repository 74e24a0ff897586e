package domain_test

import (
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/creativeclusters/planner"

// TestDomainImportsOnlyTheStandardLibraryAndUUID keeps the shared kernel and
// the aggregates free of storage, transport and logging: everything
// ./domain/... depends on must be the standard library, google/uuid or this
// module's domain packages.
func TestDomainImportsOnlyTheStandardLibraryAndUUID(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", "./domain/...")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list -deps ./domain/...: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list -deps ./domain/...: %v", err)
	}
	if !strings.Contains(string(out), module+"/domain false") {
		t.Fatalf("go list did not report the domain package:\n%s", out)
	}
	for _, path := range impureDependencies(string(out)) {
		t.Errorf("domain depends on %s: domain/... may import only the standard library, github.com/google/uuid and %s/domain/...", path, module)
	}
}

// impureDependencies reads `go list -f '{{.ImportPath}} {{.Standard}}'`
// output and returns the packages domain/... must not depend on.
func impureDependencies(goList string) []string {
	var impure []string
	for _, line := range strings.Split(strings.TrimSpace(goList), "\n") {
		path, standard, _ := strings.Cut(strings.TrimSpace(line), " ")
		if path == "" || standard == "true" || allowedDependency(path) {
			continue
		}
		impure = append(impure, path)
	}
	return impure
}

func allowedDependency(path string) bool {
	return path == "github.com/google/uuid" ||
		path == module+"/domain" ||
		strings.HasPrefix(path, module+"/domain/")
}

func TestImpureDependencies(t *testing.T) {
	out := strings.Join([]string{
		"errors true",
		"encoding/json true",
		"github.com/google/uuid false",
		module + "/domain false",
		module + "/domain/strategy false",
		"github.com/jackc/pgx/v5 false",
		module + "/eventstore false",
		module + "/domainx false",
		"github.com/google/uuid/internal false",
		"github.com/creativeclusters/planner-fork/domain false",
	}, "\n")
	want := []string{
		"github.com/jackc/pgx/v5",
		module + "/eventstore",
		module + "/domainx",
		"github.com/google/uuid/internal",
		"github.com/creativeclusters/planner-fork/domain",
	}
	if got := impureDependencies(out); !slices.Equal(got, want) {
		t.Fatalf("impure = %v, want %v", got, want)
	}
	if got := impureDependencies(""); len(got) != 0 {
		t.Fatalf("empty output: %v", got)
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == "/dev/null" {
		t.Fatal("not inside a module")
	}
	return filepath.Dir(gomod)
}
