#!/usr/bin/env bash
# Builds the front end (web/dist, embedded into bin/planner) from web/src
# with the packages of web/package-lock.json, when the sources differ from
# the ones the committed web/dist was built from (web/sources-hash.mjs).
# Without Node and npm it says so and leaves the committed build in place:
# `go build ./cmd/planner` serves that one.
#
#   scripts/web-build.sh           build when the sources changed
#   scripts/web-build.sh --force   build anyway
#   scripts/web-build.sh --deps    only install the packages (npm ci) when needed
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/web"
say() { echo "==> $*" >&2; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  [ "${1:-}" = --deps ] && { echo "web-build: node and npm are needed" >&2; exit 1; }
  say "front end: node/npm not found, serving the committed web/dist"
  exit 0
fi

deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "front end: npm ci (web/package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}
if [ "${1:-}" = --deps ]; then deps; exit 0; fi

want="$(node --input-type=module -e 'import { sourcesFingerprint } from "./sources-hash.mjs"; console.log(sourcesFingerprint("."))')"
have="$(cat dist/build-sources.txt 2>/dev/null || true)"
if [ "$want" = "$have" ] && [ "${1:-}" != --force ]; then
  say "front end: web/dist is up to date with web/src"
  exit 0
fi
deps
say "front end: building web/dist (type check, then Vite; a minute or two)"
npm run --silent build >&2
