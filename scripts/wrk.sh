#!/usr/bin/env bash
# Prints the path of `wrk`, the compiled HTTP load generator bench/declarations_post.py drives (so the load
# generator does not take the CPU it measures); installs it from Debian packages when missing and run as root,
# as scripts/pg.sh does for PostgreSQL.
set -euo pipefail
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing wrk from Debian packages..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2
  fi
fi
command -v wrk || { echo "wrk not found: install it (Debian/Ubuntu: apt-get install wrk) and run make bench again." >&2; exit 1; }
