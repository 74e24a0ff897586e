#!/usr/bin/env bash
# `make run`: build, find or start PostgreSQL, migrate, seed, print demo
# tokens, serve. Says what it does at each step, and ends with one block:
# the URL, the tokens, how to stop.
#
# Environment:
#   PLANNER_ADDR       listen address (default 127.0.0.1:8080; make run ADDR=... sets it too)
#   DATABASE_URL       the database (default: see scripts/ensure-postgres.sh)
#   PLANNER_LOG_LEVEL  the service's log level; make run defaults to warn so
#                      that request lines do not push the tokens off the screen
#   GO                 the go command (default go)
#
# The address is checked before anything is seeded: a second `make run`
# while one serves changes nothing (in particular, it issues no new demo
# tokens, which would revoke the ones the running instance printed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { echo "==> $*" >&2; }
die() { echo "make run: $*" >&2; exit 1; }

addr="${PLANNER_ADDR:-127.0.0.1:8080}"
host="${addr%:*}"
port="${addr##*:}"
[ -n "$port" ] && [ "$port" != "$addr" ] || die "PLANNER_ADDR=$addr: want host:port"
case "$host" in "" | 0.0.0.0 | "[::]") probe=127.0.0.1 ;; *) probe="${host#[}"; probe="${probe%]}" ;; esac
url="http://$probe:$port"

# ------------------------------------------------------------ the address is free
if timeout 2 bash -c "exec 3<>/dev/tcp/$probe/$port" 2>/dev/null; then
  if curl -fsS --max-time 2 "$url/healthz" >/dev/null 2>&1; then
    die "a planner already serves on $url/graphql; its tokens still work.
  Stop it with Ctrl-C in its terminal, or run a second one elsewhere: make run ADDR=127.0.0.1:$((port + 1))"
  fi
  die "something else listens on $probe:$port. Run elsewhere: make run ADDR=127.0.0.1:$((port + 1))"
fi

# ------------------------------------------------------------ build
scripts/web-build.sh
step "building bin/planner (the first build downloads modules and takes a minute or two)"
mkdir -p bin
"${GO:-go}" build -o bin/planner ./cmd/planner

# ------------------------------------------------------------ database
step "finding PostgreSQL"
DATABASE_URL="$(scripts/ensure-postgres.sh --default planner --write-env)"
export DATABASE_URL PLANNER_ADDR="$addr"
step "database ready: $DATABASE_URL (written to .env for bin/planner)"

step "migrating"
bin/planner migrate
step "seeding the demo data (idempotent)"
bin/planner seed >&2
tokens="$(bin/planner demo-tokens)"

# ------------------------------------------------------------ serve
export PLANNER_LOG_LEVEL="${PLANNER_LOG_LEVEL:-warn}"
step "starting the service on $url (log level $PLANNER_LOG_LEVEL)"
bin/planner serve &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null --max-time 2 "$url/readyz" 2>/dev/null; do
  kill -0 "$server" 2>/dev/null || { wait "$server" || true; die "the service exited before it was ready (see above)"; }
  [ "$SECONDS" -lt "$deadline" ] || die "the service was not ready within 60 s"
  sleep 0.2
done

cat <<EOF

$tokens

------------------------------------------------------------------------
planner serves $url/  (the web front end: sign in with a token below)
  GraphiQL: $url/graphql   API: POST $url/graphql
  health: $url/healthz   ready: $url/readyz   metrics: $url/metrics
  database: $DATABASE_URL
  operator commands use the same database (.env): bin/planner orgs list,
  bin/planner user list, bin/planner projections status
Stop: Ctrl-C. Clean up: make db-stop (stops a private PostgreSQL), make clean.
------------------------------------------------------------------------
EOF
# wait returns early when a signal arrives; the service drains and stops
# on its own, so wait for it to end.
status=0
while :; do
  wait "$server" && status=0 || status=$?
  kill -0 "$server" 2>/dev/null || break
done
exit "$status"
