#!/usr/bin/env bash
# Installs the append functions of two published PostgreSQL event stores
# into the bench database, each in a schema of its own, so that pgbench can
# call them next to this project's append (bench/run.sh, "peers" rows):
#
#   Message DB  npm @eventide/message-db             schema message_store
#   Emmett      npm @event-driven-io/emmett-postgresql schema emt
#
# The packages are installed with npm into a temporary directory; their SQL
# is applied as published (Message DB's database/*.sql files in the order of
# its install scripts; Emmett's exported schemaSQL, printed with node).
#
#   bench/peers.sh DATABASE_URL   prints nothing; fails when it cannot
set -euo pipefail
url="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
mdb_version=1.3.1
emt_version=0.42.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v npm >/dev/null || { echo "npm is not installed" >&2; exit 1; }
command -v node >/dev/null || { echo "node is not installed" >&2; exit 1; }
npm install --prefix "$tmp" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
  "@eventide/message-db@$mdb_version" "@event-driven-io/emmett-postgresql@$emt_version" >&2

psqlq() { PGOPTIONS="-c client_min_messages=warning" psql "$url" -q -v ON_ERROR_STOP=1 "$@" >/dev/null; }

# Message DB: schema, extension, table, type, functions, indexes.
mdb="$tmp/node_modules/@eventide/message-db/database"
psqlq -c "DROP SCHEMA IF EXISTS message_store CASCADE"
files=(schema/message-store.sql extensions/pgcrypto.sql tables/messages.sql types/message.sql)
for f in $(grep -o 'functions/[a-z0-9-]*\.sql' "$mdb/install-functions.sh") \
         $(grep -o 'indexes/[a-z0-9-]*\.sql' "$mdb/install-indexes.sh"); do
  files+=("$f")
done
args=(-c "SET search_path TO message_store, public")
for f in "${files[@]}"; do args+=(-f "$mdb/$f"); done
psqlq "${args[@]}"

# Emmett: the schema its event store creates on first use.
(cd "$tmp" && node --input-type=module \
  -e "import('@event-driven-io/emmett-postgresql').then(m => process.stdout.write(m.schemaSQL.join('')))") >"$tmp/emmett.sql"
psqlq -c "DROP SCHEMA IF EXISTS emt CASCADE" -c "CREATE SCHEMA emt"
psqlq -c "SET search_path TO emt, public" -f "$tmp/emmett.sql"
