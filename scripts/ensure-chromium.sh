#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests (web/test), installing
# Debian's chromium package when none is there and we are root: Playwright's
# own browser downloads need the internet, the Debian mirror does not.
# CHROMIUM=/path/to/chrome picks another one.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ]; then
  [ -x "$CHROMIUM" ] || { echo "ensure-chromium: CHROMIUM=$CHROMIUM is not executable" >&2; exit 1; }
  echo "$CHROMIUM"
  exit 0
fi
for c in chromium chromium-browser google-chrome; do
  if p="$(command -v "$c")"; then echo "$p"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: installing Debian's chromium package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq chromium >&2
  command -v chromium && exit 0
fi
echo "ensure-chromium: no Chromium found; install Debian's chromium package (apt-get install chromium) or set CHROMIUM" >&2
exit 1
