#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the browser tests (as scripts/pg.sh does for PostgreSQL); prints
# its path. Playwright drives this browser; it never downloads one of its own.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium from Debian packages..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  else
    echo "chromium not found: install Debian's chromium package (the browser tests need it)." >&2
    exit 1
  fi
fi
command -v chromium
