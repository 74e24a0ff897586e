#!/usr/bin/env bash
# `make test` (after gofmt and vet): every Go test with the race detector,
# then the end-to-end suite, against one PostgreSQL that
# scripts/ensure-postgres.sh finds or starts.
#
#   scripts/test.sh          Go tests, then e2e, then the browser tests
#   scripts/test.sh go       Go tests only (make test-go)
#   scripts/test.sh e2e      e2e only (make test-e2e)
#   scripts/test.sh browser  browser tests only (make test-browser)
#
# A private server that this run started (none answered on 127.0.0.1:5432
# and none of ours was running) is stopped at the end, pass or fail, unless
# PLANNER_KEEP_DB=1; a server that was running before is left running.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
what="${1:-all}"
case "$what" in all | go | e2e | browser) ;; *) echo "usage: scripts/test.sh [go|e2e|browser]" >&2; exit 2 ;; esac

started="$(mktemp "${TMPDIR:-/tmp}/planner-test-pg.XXXXXX")"
cleanup() {
  local status=$?
  if [ -s "$started" ]; then
    if [ -n "${PLANNER_KEEP_DB:-}" ]; then
      echo "==> the private PostgreSQL this run started keeps running (PLANNER_KEEP_DB); make db-stop stops it" >&2
    else
      echo "==> stopping the private PostgreSQL this run started (PLANNER_KEEP_DB=1 keeps it)" >&2
      scripts/ensure-postgres.sh --stop || status=1
    fi
  fi
  rm -f "$started"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url="$(scripts/ensure-postgres.sh --started-file "$started")"
if [ "$what" = all ] || [ "$what" = go ]; then
  # web/dist is embedded and checked against web/src (web/handler_test.go):
  # rebuild it first when the sources changed.
  scripts/web-build.sh
  echo "==> Go tests with the race detector ($url)" >&2
  # Parallel tests run one per core (go test's default). More at once is
  # faster (they mostly wait) but not safe yet: the outbox is read up to the
  # cluster-wide xmin, so one test's long projection transaction stalls every
  # other test's projections, and -parallel 6 made 10 s waits fail under load.
  # PLANNER_TEST_PARALLEL=N tries more. The timeout only stops a hung run:
  # graphql/resolver/... took over 400 s on a loaded 2-core machine when it
  # was one package, close to go test's default of 10 minutes per package.
  PLANNER_TEST_DATABASE_URL="$url" "${GO:-go}" test -race -count=1 -timeout 30m ${PLANNER_TEST_PARALLEL:+-parallel "$PLANNER_TEST_PARALLEL"} ./...
fi
if [ "$what" = all ] || [ "$what" = e2e ]; then
  echo "==> end-to-end tests (e2e/)" >&2
  scripts/e2e.sh
fi
if [ "$what" = all ] || [ "$what" = browser ]; then
  echo "==> browser tests (web/test/) on a fresh database" >&2
  E2E_SUITE=browser scripts/e2e.sh
fi
