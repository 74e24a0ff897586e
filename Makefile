# The two commands a new user needs: `make run` and `make test`.
# Both find or start PostgreSQL themselves (scripts/ensure-postgres.sh).
SHELL := /bin/bash
GO ?= go
ADDR ?= 127.0.0.1:8080

.PHONY: run test test-go test-e2e bench db build vet fmt

## run: PostgreSQL ensured, migrated, seeded, demo tokens printed, service started.
run: build
	@url=$$(scripts/ensure-postgres.sh planner) && export DATABASE_URL="$$url" PLANNER_ADDR="$(ADDR)" && \
	  bin/planner migrate && bin/planner seed && bin/planner demo-tokens && \
	  exec bin/planner serve

## test: gofmt, vet and every test with the race detector against a real PostgreSQL, then the end-to-end tests.
test: vet test-go test-e2e

test-go:
	@url=$$(scripts/ensure-postgres.sh) && export PLANNER_TEST_DATABASE_URL="$$url" && \
	  $(GO) test -race -count=1 ./...

## test-e2e: the built binary on a fresh database, driven over HTTP and WebSocket by e2e/ (Node).
test-e2e:
	@GO=$(GO) scripts/e2e.sh

## bench: the benchmark suite against a real PostgreSQL (BENCH_QUICK=1: under 3 minutes);
## prints one table, also in bench-results/latest.{json,md}. See docs/benchmarks.md.
bench:
	@bench/run.sh

## db: print the URL of a running PostgreSQL (starting one if needed).
db:
	@scripts/ensure-postgres.sh planner

build:
	@mkdir -p bin && $(GO) build -o bin/planner ./cmd/planner

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null; git ls-files -o --exclude-standard '*.go' 2>/dev/null)); \
	  if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	@$(GO) vet ./...
	@if ! tidy=$$($(GO) mod tidy -diff 2>&1); then \
	  echo "go.mod/go.sum are not tidy (run: go mod tidy):"; echo "$$tidy"; exit 1; fi

fmt:
	@gofmt -w $$(git ls-files '*.go'; git ls-files -o --exclude-standard '*.go')
