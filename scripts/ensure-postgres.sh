#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints a URL for database $1
# (default: postgres) on stdout; progress goes to stderr.
#
#   1. DATABASE_URL set: use that server.
#   2. Else a server answering on 127.0.0.1:5432 (trust auth, user postgres).
#   3. Else a private server under .data/postgres on port 55432, created
#      with the installed PostgreSQL binaries (installed with apt-get when
#      missing and we are root).
set -euo pipefail
db="${1:-postgres}"
root="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "ensure-postgres: $*" >&2; }

with_db() { # replace the database of URL $1 by $2
  python3 - "$1" "$2" <<'PY' 2>/dev/null || echo "${1%/*}/$2"
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))
PY
}

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing PostgreSQL from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -n "$d" ] || { log "no PostgreSQL binaries found and cannot install them"; exit 1; }
  echo "$d"
}

if [ -n "${DATABASE_URL:-}" ]; then
  server="$DATABASE_URL"
elif command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 2 \
  && psql "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable" -Atqc 'select 1' >/dev/null 2>&1; then
  server="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
else
  bin=$(pg_bin)
  data="$root/.data/postgres"
  port=55432
  run=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: run it as the postgres user.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    run=(runuser -u postgres --)
  fi
  mkdir -p "$root/.data"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising a private server in $data"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres "$data"
    "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >&2
  fi
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
    log "starting the private server on 127.0.0.1:$port"
    "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >&2
  fi
  server="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
fi

for _ in $(seq 1 60); do
  psql "$server" -Atqc 'select 1' >/dev/null 2>&1 && break
  sleep 0.5
done
psql "$server" -Atqc 'select 1' >/dev/null || { log "PostgreSQL at $server does not answer"; exit 1; }

url=$(with_db "$server" "$db")
if [ "$db" != postgres ] && ! psql "$server" -Atqc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
  psql "$server" -qc "CREATE DATABASE \"$db\"" >&2
fi
echo "$url"
