#!/usr/bin/env bash
# Runs the benchmark suite (docs/benchmarks.md) against a real PostgreSQL
# on this machine and prints the results table; the JSON goes to
# bench-results/latest.json. BENCH_QUICK=1 runs the quick mode (about 5
# minutes); the full mode, with its 5-minute soak, about 20.
# The table is also written to bench-results/latest.md.
#
#   1. PostgreSQL ensured (scripts/ensure-postgres.sh), database
#      planner_bench dropped and created afresh, migrated.
#   2. The pgbench baseline, on a table of its own in that database, and
#      the peers (Message DB, Emmett) through pgbench in schemas of their
#      own (bench/peers.sh installs them with npm).
#   3. bin/plannerbench runs the other scenarios; it starts `bin/planner
#      serve` on a free loopback port itself once the in-process scenarios
#      are done (the service's projections must not compete with them) and
#      stops it at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$SECONDS
quick="${BENCH_QUICK:-0}"
results="$root/bench-results"
db=planner_bench
log() { echo "bench: $*" >&2; }

bench_pid=""
cleanup() {
  if [ -n "$bench_pid" ]; then kill "$bench_pid" 2>/dev/null || true; fi
  # plannerbench stops the service itself; this is for when it could not.
  if [ -f "$results/serve.pid" ]; then
    kill "$(cat "$results/serve.pid")" 2>/dev/null || true
    rm -f "$results/serve.pid"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

server=$(scripts/ensure-postgres.sh)
# Load goes to this machine only.
host=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "")' "$server")
case "$host" in
  127.0.0.1 | localhost | ::1 | "") ;;
  *) log "refusing to load $host: the benchmark runs against a loopback server only"; exit 1 ;;
esac
psql "$server" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
url=$(scripts/ensure-postgres.sh "$db")

mkdir -p bin "$results"
log "building"
go build -o bin/plannerbench ./bench/cmd/plannerbench
planner_args=()
if build=$(go build -o bin/planner ./cmd/planner 2>&1); then
  planner_args=(-planner bin/planner)
  DATABASE_URL="$url" bin/planner migrate
else
  why=$(echo "$build" | grep -v '^#' | head -n 1)
  log "cmd/planner does not build ($why): API scenarios will not run"
  planner_args=(-planner-error "cmd/planner does not build: $why")
  bin/plannerbench migrate -db "$url"
fi

# Baseline: pgbench inserting event-like rows, per-transaction latencies
# logged (-l) so that plannerbench can compute percentiles.
pgdir="$results/pgbench"
rm -rf "$pgdir" && mkdir -p "$pgdir"
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)
secs=20
[ "$quick" = 1 ] && secs=4
pgbench_args=(-pgbench "$pgdir")
if [ -n "$pgbench_bin" ]; then
  psql "$url" -q -f bench/pgbench/schema.sql
  run_pgbench() { # name script clients
    log "pgbench $1 (${secs}s)"
    # How busy other processes keep the machine meanwhile.
    bin/plannerbench cpu -db "$url" >"$pgdir/$1.cpu" &
    watch_pid=$!
    "$pgbench_bin" -n -M prepared -c "$3" -j "$(($3 < 2 ? $3 : 2))" -T "$secs" -f "bench/pgbench/$2" \
      -l --log-prefix="$pgdir/$1.log" "$url" >"$pgdir/$1.txt" 2>&1 || log "pgbench $1 failed: $(tail -n 1 "$pgdir/$1.txt")"
    kill -INT "$watch_pid" && wait "$watch_pid" || true
  }
  run_pgbench insert1-c1 insert1.sql 1
  run_pgbench insert1-c8 insert1.sql 8
  run_pgbench insert100-c1 insert100.sql 1
  # The store's append as SQL alone (its statements, pipelined), on copies
  # of the planner's tables: what the append costs without the Go side.
  psql "$url" -q -f bench/pgbench/append-sql-schema.sql
  PGOPTIONS='-c search_path=append_sql,public' run_pgbench append-sql-c1 append-sql.sql 1
  PGOPTIONS='-c search_path=append_sql,public' run_pgbench append-sql-c8 append-sql.sql 8
  # Peers: Message DB's and Emmett's append functions, installed from npm
  # into schemas of their own (bench/peers.sh), called the same way.
  log "installing the peers' append functions (npm)"
  if peers_out=$(bench/peers.sh "$url" 2>&1); then
    PGOPTIONS='-c search_path=message_store,public' run_pgbench peer-messagedb-c1 peer-messagedb.sql 1
    PGOPTIONS='-c search_path=message_store,public' run_pgbench peer-messagedb-c8 peer-messagedb.sql 8
    PGOPTIONS='-c search_path=emt,public' run_pgbench peer-emmett-c1 peer-emmett.sql 1
    PGOPTIONS='-c search_path=emt,public' run_pgbench peer-emmett-c8 peer-emmett.sql 8
  else
    echo "$peers_out" | tail -n 1 >"$pgdir/peers.error"
    log "peers not installed: $(cat "$pgdir/peers.error")"
  fi
else
  pgbench_args=(-pgbench-error "pgbench is not installed")
fi

extra_args=()
[ "$quick" = 1 ] && extra_args+=(-quick)
# BENCH_CPUPROFILE=file profiles the benchmark process (go tool pprof).
[ -n "${BENCH_CPUPROFILE:-}" ] && extra_args+=(-cpuprofile "$BENCH_CPUPROFILE")
bin/plannerbench run -db "$url" -out "$results/latest.json" "${extra_args[@]}" "${pgbench_args[@]}" "${planner_args[@]}" &
bench_pid=$!
wait "$bench_pid"
bench_pid=""
log "done in $((SECONDS - started)) s; results in bench-results/latest.json and latest.md"
