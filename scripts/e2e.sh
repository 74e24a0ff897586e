#!/usr/bin/env bash
# End-to-end tests: the real binary against a fresh PostgreSQL database,
# exercised over HTTP and WebSocket by the Node clients in e2e/.
#
#   scripts/e2e.sh                     every e2e/*.test.mjs
#   scripts/e2e.sh coedit.test.mjs     only some of them
#   E2E_SUITE=browser scripts/e2e.sh   the browser tests, web/test/*.test.mjs:
#                                      Chromium (Debian's package, installed
#                                      when missing) driven by playwright-core
#
# Steps: PostgreSQL ensured (scripts/ensure-postgres.sh), a database of its
# own created (planner_e2e_<pid>), bin/planner built, migrated and seeded,
# one user per role added with the CLI, the server started on a free port
# and awaited on /readyz, then `node --test`. The server is stopped and the
# database dropped on every exit. Exits non-zero when a test fails.
#
# Environment:
#   E2E_CONTRACT   the contract (default ../shared/contract/api.graphql
#                  beside the repository when present, else the pinned copy
#                  graphql/schema/testdata/contract.graphql)
#   E2E_KEEP_LOG   set to keep the server log (its path is printed)
#   E2E_SUITE      api (default: e2e/) or browser (web/test/)
#   E2E_SCREENSHOTS  where the browser tests put their screenshots (default:
#                  a new folder under $TMPDIR, printed)
#   GO             the go command (default go)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
log() { echo "e2e: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in node npm psql curl "${GO:-go}"; do
  command -v "$tool" >/dev/null || die "$tool is needed and not installed"
done
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "Node 20 or newer is needed, found $(node --version)"

contract="${E2E_CONTRACT:-$root/../shared/contract/api.graphql}"
if [ -z "${E2E_CONTRACT:-}" ] && [ ! -f "$contract" ]; then
  contract="$root/graphql/schema/testdata/contract.graphql"
  log "no workspace contract beside the repository; using the pinned $contract"
fi
[ -f "$contract" ] || die "contract not found at $contract (set E2E_CONTRACT)"
contract="$(cd "$(dirname "$contract")" && pwd)/$(basename "$contract")"

work="$(mktemp -d "${TMPDIR:-/tmp}/planner-e2e.XXXXXX")"
db="planner_e2e_$$"
server_pid=""
admin_url=""
status=1

cleanup() {
  status=$?
  set +e
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$server_pid" 2>/dev/null; then
      log "server did not stop within 10 s; killing it"
      kill -KILL "$server_pid" 2>/dev/null
    fi
    wait "$server_pid" 2>/dev/null
  fi
  if [ -n "$admin_url" ]; then
    psql "$admin_url" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 \
      || log "could not drop database $db"
  fi
  if [ "$status" != 0 ] && [ -f "$work/server.log" ]; then
    log "last lines of the server log:"
    tail -n 40 "$work/server.log" >&2
  fi
  if [ -n "${E2E_KEEP_LOG:-}" ] && [ -f "$work/server.log" ]; then
    log "server log kept at $work/server.log"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- database
admin_url="$(scripts/ensure-postgres.sh)"
PGOPTIONS="--client-min-messages=warning" psql "$admin_url" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
export DATABASE_URL
DATABASE_URL="$(scripts/ensure-postgres.sh "$db")"
log "database $db"

# ---------------------------------------------------------------- binary, schema, data
log "building bin/planner"
mkdir -p bin
"${GO:-go}" build -o bin/planner ./cmd/planner
bin/planner migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; die "migrate failed"; }
bin/planner seed >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; die "seed failed"; }

# add_user NAME EMAIL ORG ROLE prints the new user's token (the last line).
add_user() {
  local out
  out="$(bin/planner user add --name "$1" --email "$2" --org "$3" --role "$4" 2>&1)" \
    || { echo "$out" >&2; die "user add $2 failed"; }
  tail -n 1 <<<"$out"
}
export E2E_TOKEN_ADMIN E2E_TOKEN_PLANNER E2E_TOKEN_PLANNER2 E2E_TOKEN_OUTSIDER \
  E2E_TOKEN_REVIEWER_DE E2E_TOKEN_REVIEWER_SE E2E_TOKEN_VIEWER E2E_TOKEN_MONITOR
E2E_TOKEN_ADMIN="$(add_user "E2E Admin" e2e-admin@example.org "" ADMIN)"
E2E_TOKEN_PLANNER="$(add_user "E2E Planner" e2e-planner@example.org "Media Dizajn" PLANNER)"
E2E_TOKEN_PLANNER2="$(add_user "E2E Planner Two" e2e-planner2@example.org "Kreativum Science Center" PLANNER)"
E2E_TOKEN_OUTSIDER="$(add_user "E2E Outsider" e2e-outsider@example.org \
  "Ministry of Economy, Labour and Health Mecklenburg-Vorpommern, Department 2, Ref. 200" PLANNER)"
E2E_TOKEN_REVIEWER_DE="$(add_user "E2E Reviewer DE" e2e-reviewer-de@example.org \
  "Chamber of Industry and Commerce Rostock (IHK)" REVIEWER)"
E2E_TOKEN_REVIEWER_SE="$(add_user "E2E Reviewer SE" e2e-reviewer-se@example.org "Kreativum Science Center" REVIEWER)"
E2E_TOKEN_VIEWER="$(add_user "E2E Viewer" e2e-viewer@example.org "" VIEWER)"
E2E_TOKEN_MONITOR="$(add_user "E2E Monitor" e2e-monitor@example.org "" VIEWER)"

# ---------------------------------------------------------------- server
# start_server starts bin/planner serve on a free port and waits (bounded)
# for /readyz. A port taken between choosing and binding it is retried.
start_server() {
  local attempt deadline
  for attempt in 1 2 3; do
    port="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
    base="http://127.0.0.1:$port"
    bin/planner serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    log "server pid $server_pid on $base"
    deadline=$((SECONDS + 60))
    until curl -fsS -o /dev/null --max-time 5 "$base/readyz" 2>/dev/null; do
      if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
        if grep -q "address already in use" "$work/server.log" && [ "$attempt" -lt 3 ]; then
          log "port $port was taken; trying another"
          continue 2
        fi
        die "the server exited before it was ready"
      fi
      [ "$SECONDS" -lt "$deadline" ] || die "the server was not ready within 60 s"
      sleep 0.2
    done
    return 0
  done
}
start_server
log "server ready"

# The seed was written before the server started: wait (bounded) until every
# projection has applied the event log up to its head, so that the tests
# start from read models that hold the whole seed.
E2E_URL="$base/graphql" E2E_TOKEN="$E2E_TOKEN_MONITOR" node --input-type=module -e '
  const deadline = Date.now() + 60_000;
  let last = "";
  for (;;) {
    try {
      const res = await fetch(process.env.E2E_URL, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${process.env.E2E_TOKEN}` },
        body: JSON.stringify({ query: "{ systemStatus { headPosition projections { name position lag error } } }" }),
      });
      const body = await res.json();
      last = JSON.stringify(body);
      const s = body.data?.systemStatus;
      if (s && s.projections.length > 0 && s.projections.every((p) => BigInt(p.position) >= BigInt(s.headPosition))) break;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) {
      console.error(`e2e: projections did not catch up within 60 s: ${last}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
' || exit 1
log "projections caught up"

# ---------------------------------------------------------------- tests
export E2E_URL="$base/graphql" E2E_CONTRACT="$contract" E2E_PLANNER_BIN="$root/bin/planner"
if [ "${E2E_SUITE:-api}" = browser ]; then
  export E2E_CHROMIUM E2E_SCREENSHOTS
  E2E_CHROMIUM="$(scripts/ensure-chromium.sh)"
  scripts/web-build.sh --deps
  E2E_SCREENSHOTS="${E2E_SCREENSHOTS:-$(mktemp -d "${TMPDIR:-/tmp}/planner-screenshots.XXXXXX")}"
  log "browser: $E2E_CHROMIUM; screenshots go to $E2E_SCREENSHOTS"
  cd "$root/web/test"
else
  cd "$root/e2e"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
fi
if [ "$#" -gt 0 ]; then files=("$@"); else files=(./*.test.mjs); fi
# One file at a time: the authorization matrix asserts that the event log
# head does not move, which only holds while nothing else writes.
# The browser story is one file of steps that build on each other: it gets
# the time of all of them.
per_file=90000 all=300
[ "${E2E_SUITE:-api}" = browser ] && per_file=400000 all=450
timeout "$all" node --test --test-concurrency=1 --test-timeout="$per_file" --test-reporter=spec "${files[@]}"
