# The two commands a new user needs: `make run` and `make test`.
# Both find or start PostgreSQL themselves (scripts/ensure-postgres.sh).
SHELL := /bin/bash
GO ?= go
ADDR ?= $(or $(PLANNER_ADDR),127.0.0.1:8080)

.PHONY: run test test-go test-e2e test-browser web bench db db-stop clean build vet fmt

## run: PostgreSQL ensured, migrated, seeded, demo tokens printed, service started
## (scripts/run.sh). The address: make run ADDR=host:port, or PLANNER_ADDR.
run:
	@PLANNER_ADDR="$(ADDR)" GO="$(GO)" scripts/run.sh

## test: gofmt, vet and every test with the race detector against a real PostgreSQL, then the end-to-end tests.
## A private PostgreSQL that make test started is stopped at the end (PLANNER_KEEP_DB=1 keeps it).
test: vet
	@GO="$(GO)" scripts/test.sh

test-go:
	@GO="$(GO)" scripts/test.sh go

## test-e2e: the built binary on a fresh database, driven over HTTP and WebSocket by e2e/ (Node).
test-e2e:
	@GO="$(GO)" scripts/test.sh e2e

## test-browser: the front end in Chromium (playwright-core, web/test/) against the built binary on a fresh database.
test-browser:
	@GO="$(GO)" scripts/test.sh browser

## web: rebuild the front end (web/dist, embedded into the binary) from web/src when it changed.
web:
	@scripts/web-build.sh

## bench: the benchmark suite against a real PostgreSQL (BENCH_QUICK=1: under 3 minutes);
## prints one table, also in bench-results/latest.{json,md}. See docs/benchmarks.md.
bench:
	@bench/run.sh

## db: print the URL of a running PostgreSQL (starting one if needed), database
## planner or the one DATABASE_URL names; written to .env for bin/planner.
db:
	@scripts/ensure-postgres.sh --default planner --write-env

## db-stop: stop the private PostgreSQL under .data/ (if it runs).
db-stop:
	@scripts/ensure-postgres.sh --stop

## clean: stop the private PostgreSQL and delete it (.data/), .env and bin/.
clean: db-stop
	@rm -rf .data .env bin

build:
	@scripts/web-build.sh
	@mkdir -p bin && $(GO) build -o bin/planner ./cmd/planner

# Linters at pinned versions, built with this project's Go into .tools/
# (gitignored) on first use: one directory per version, so that changing a
# version here builds the new one and nothing stale is run.
STATICCHECK_VERSION := v0.8.2
GOLANGCI_LINT_VERSION := v2.15.0
TOOLS := $(CURDIR)/.tools
STATICCHECK := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)/staticcheck
GOLANGCI_LINT := $(TOOLS)/golangci-lint-$(GOLANGCI_LINT_VERSION)/golangci-lint

$(STATICCHECK):
	@echo "building staticcheck $(STATICCHECK_VERSION) into $(dir $@)"
	@GOBIN=$(dir $@) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(GOLANGCI_LINT):
	@echo "building golangci-lint $(GOLANGCI_LINT_VERSION) into $(dir $@) (a few minutes, once)"
	@GOBIN=$(dir $@) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

## vet: gofmt, go vet, go.mod tidy, staticcheck and golangci-lint (.golangci.yml); part of make test.
vet: $(STATICCHECK) $(GOLANGCI_LINT)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null; git ls-files -o --exclude-standard '*.go' 2>/dev/null)); \
	  if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	@$(GO) vet ./...
	@if ! tidy=$$($(GO) mod tidy -diff 2>&1); then \
	  echo "go.mod/go.sum are not tidy (run: go mod tidy):"; echo "$$tidy"; exit 1; fi
	@$(STATICCHECK) ./...
	@$(GOLANGCI_LINT) run ./...

fmt:
	@gofmt -w $$(git ls-files '*.go'; git ls-files -o --exclude-standard '*.go')
