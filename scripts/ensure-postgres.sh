#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints a URL for a database on
# stdout; progress and failures go to stderr.
#
#   scripts/ensure-postgres.sh                  the maintenance database (postgres)
#   scripts/ensure-postgres.sh NAME             database NAME, created when missing
#   scripts/ensure-postgres.sh --default NAME   the database DATABASE_URL names, else
#                                               NAME (created when missing)
#   scripts/ensure-postgres.sh --stop           stop the private server, if running
#   scripts/ensure-postgres.sh --status         say which server would be used
#
# Which server:
#   1. DATABASE_URL set: that server. It must answer; a refused login or a
#      missing database is reported at once. A database DATABASE_URL names
#      that does not exist is created after asking (on a terminal) or with
#      PLANNER_CREATE_DB=1.
#   2. Else a server answering on 127.0.0.1:5432 (trust auth, user postgres;
#      PLANNER_PG_PORT names another port to look at first).
#   3. Else the private server under .data/postgres, created with the
#      installed PostgreSQL binaries (installed with apt-get when missing and
#      we are root). It is recognised by its data directory and the pid in
#      its postmaster.pid, never by its port alone; it is started on the
#      first free port from 55432 up.
#
# Options:
#   --started-file F   when this run starts the private server, write its data
#                      directory to F (make test stops it again at the end)
#   --write-env        write the URL to .env as DATABASE_URL, where bin/planner
#                      finds it when DATABASE_URL is not set (make run, make db)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/.data/postgres"
shared_port="${PLANNER_PG_PORT:-5432}"
log() { echo "ensure-postgres: $*" >&2; }
die() { echo "ensure-postgres: $*" >&2; exit 1; }

db=postgres
default_db=""
started_file=""
write_env=""
action=ensure
while [ "$#" -gt 0 ]; do
  case "$1" in
    --default) default_db="${2:?--default needs a database name}"; shift 2 ;;
    --started-file) started_file="${2:?--started-file needs a path}"; shift 2 ;;
    --write-env) write_env=1; shift ;;
    --stop) action=stop; shift ;;
    --status) action=status; shift ;;
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) db="$1"; shift ;;
  esac
done

# url_part URL FIELD prints a part of a postgres:// URL: host, port, db, or
# the URL with its database replaced (with_db NAME).
url_part() {
  python3 - "$@" <<'PY'
import sys, urllib.parse as u
url, field = sys.argv[1], sys.argv[2]
p = u.urlsplit(url)
if field == "host": print(p.hostname or "localhost")
elif field == "port": print(p.port or 5432)
elif field == "db": print(u.unquote(p.path.lstrip("/")))
elif field == "with_db": print(u.urlunsplit(p._replace(path="/" + u.quote(sys.argv[3]))))
PY
}

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing PostgreSQL from Debian packages (once)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -n "$d" ] || die "no PostgreSQL binaries found and cannot install them (install PostgreSQL, or set DATABASE_URL)"
  echo "$d"
}

# As root, the private server runs as the postgres user: PostgreSQL
# refuses to run as root.
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi

# private_port prints the port of the private server when it is running:
# its postmaster.pid names a live process that listens on that port.
private_port() {
  local pidfile="$data/postmaster.pid" pid port
  [ -f "$pidfile" ] || return 1
  pid=$(sed -n 1p "$pidfile")
  port=$(sed -n 4p "$pidfile")
  [ -n "$pid" ] && [ -n "$port" ] && kill -0 "$pid" 2>/dev/null || return 1
  # The pid is ours only if that process runs on our data directory.
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$data"; then
    return 1
  fi
  echo "$port"
}

port_in_use() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

stop_private() {
  local port
  if ! port=$(private_port); then
    log "the private server (.data/postgres) is not running"
    return 0
  fi
  log "stopping the private server on 127.0.0.1:$port"
  "${as_owner[@]}" "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null
}

# check_server URL fails fast, with the reason, unless URL's server accepts
# our login. A server still starting up is waited for (30 s at most).
check_server() {
  local url="$1" host port out rc
  host=$(url_part "$url" host)
  port=$(url_part "$url" port)
  for _ in $(seq 1 60); do
    rc=0
    pg_isready -q -d "$url" -t 3 >/dev/null 2>&1 || rc=$?
    case "$rc" in
      0) break ;;
      1) sleep 0.5 ;; # rejecting connections: starting up or shutting down
      2) die "no PostgreSQL server answers at $host:$port (is it running? without DATABASE_URL, make db starts a private one)" ;;
      *) die "cannot check $host:$port: the URL is not understood ($url)" ;;
    esac
  done
  [ "$rc" = 0 ] || die "the PostgreSQL server at $host:$port did not accept connections within 30 s"
  if ! out=$(PGCONNECT_TIMEOUT=5 psql "$(url_part "$url" with_db postgres)" -Atqc 'select 1' 2>&1); then
    case "$out" in
      *"password authentication failed"*|*"no pg_hba.conf entry"*|*"role"*"does not exist"*|*"authentication"*)
        die "the server at $host:$port refuses the login: ${out##*FATAL:  }" ;;
      *"database \"postgres\" does not exist"*) ;; # fine: the target database is checked next
      *) die "cannot connect to $host:$port: $out" ;;
    esac
  fi
}

# database_exists URL NAME: asks the maintenance database, else tries to
# connect to NAME itself (a login without access to postgres).
database_exists() {
  local out
  out=$(psql "$(url_part "$1" with_db postgres)" -Atqc "select 1 from pg_database where datname = '${2//\'/\'\'}'" 2>/dev/null) \
    || out=$(psql "$(url_part "$1" with_db "$2")" -Atqc 'select 1' 2>/dev/null) || true
  [ "$out" = 1 ]
}

status_line() {
  local port
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL: $(url_part "$DATABASE_URL" host):$(url_part "$DATABASE_URL" port)"
  elif command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$shared_port" -t 2; then
    echo "the server on 127.0.0.1:$shared_port"
  elif port=$(private_port); then
    echo "the private server (.data/postgres, pid $(sed -n 1p "$data/postmaster.pid")) on 127.0.0.1:$port"
  else
    echo "none running: a private server would be started under .data/postgres"
  fi
}

case "$action" in
  stop) stop_private; exit 0 ;;
  status) status_line; exit 0 ;;
esac

command -v psql >/dev/null || PATH="$(pg_bin):$PATH"
command -v pg_isready >/dev/null || PATH="$(pg_bin):$PATH"

asked_for=""
if [ -n "$default_db" ]; then
  db="$default_db"
  if [ -n "${DATABASE_URL:-}" ]; then
    named=$(url_part "$DATABASE_URL" db)
    if [ -n "$named" ]; then db="$named"; asked_for="$named"; fi
  fi
fi

if [ -n "${DATABASE_URL:-}" ]; then
  server="$DATABASE_URL"
  check_server "$server"
elif pg_isready -q -h 127.0.0.1 -p "$shared_port" -t 2 \
  && psql "postgres://postgres@127.0.0.1:$shared_port/postgres?sslmode=disable" -Atqc 'select 1' >/dev/null 2>&1; then
  server="postgres://postgres@127.0.0.1:$shared_port/postgres?sslmode=disable"
else
  if port=$(private_port); then
    log "using the private server (.data/postgres) on 127.0.0.1:$port"
  else
    bin=$(pg_bin)
    mkdir -p "$root/.data"
    if [ ! -f "$data/PG_VERSION" ]; then
      log "creating a private server in .data/postgres (no server answers on 127.0.0.1:$shared_port)"
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres "$data"
      if ! "${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$root/.data/initdb.log" 2>&1; then
        cat "$root/.data/initdb.log" >&2
        die "initdb failed (log above, also in .data/initdb.log)"
      fi
    fi
    port=55432
    while port_in_use "$port"; do
      port=$((port + 1))
      [ "$port" -lt 55532 ] || die "no free port between 55432 and 55531 for the private server"
    done
    log "starting the private server on 127.0.0.1:$port (stop it: make db-stop)"
    [ "$(id -u)" = 0 ] && touch "$root/.data/server.log" && chown postgres "$root/.data/server.log"
    if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$root/.data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null; then
      tail -n 20 "$root/.data/server.log" >&2
      die "the private server did not start (log above, also in .data/server.log)"
    fi
    port=$(private_port) || die "the private server started but its postmaster.pid is not readable"
    if [ -n "$started_file" ]; then echo "$data" >"$started_file"; fi
  fi
  server="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  check_server "$server"
fi

url=$(url_part "$server" with_db "$db")
if [ "$db" != postgres ] && ! database_exists "$server" "$db"; then
  if [ -n "$asked_for" ] && [ -z "${PLANNER_CREATE_DB:-}" ]; then
    where="$(url_part "$server" host):$(url_part "$server" port)"
    if [ -t 0 ] && [ -t 2 ]; then
      read -r -p "ensure-postgres: database \"$db\" does not exist on $where. Create it? [y/N] " answer </dev/tty
      case "$answer" in y|Y|yes) ;; *) die "database \"$db\" does not exist on $where" ;; esac
    else
      die "database \"$db\" does not exist on $where: create it (PLANNER_CREATE_DB=1 make db) or fix DATABASE_URL"
    fi
  fi
  log "creating database \"$db\""
  psql "$(url_part "$server" with_db postgres)" -qc "CREATE DATABASE \"${db//\"/\"\"}\"" >&2 \
    || die "could not create database \"$db\""
fi
if [ -n "$write_env" ]; then
  cat >"$root/.env" <<EOF
# Written by scripts/ensure-postgres.sh (make run, make db): the database
# bin/planner uses when DATABASE_URL is not set in the environment.
DATABASE_URL=$url
EOF
fi
echo "$url"
