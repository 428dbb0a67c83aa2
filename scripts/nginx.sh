#!/usr/bin/env bash
# Makes sure Debian's nginx is installed for the load-balancer test (tests/platform/test_behind_a_proxy.py), as
# scripts/pg.sh does for PostgreSQL and scripts/chromium.sh for chromium; prints its path. The test starts its own
# nginx with its own configuration on a loopback port; nothing here configures or starts the system's nginx (while
# the package installs, Debian's policy-rc.d mechanism stops it from starting the service on port 80).
set -euo pipefail
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
if [ -z "$(find_nginx)" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing nginx from Debian packages..." >&2
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
      trap 'rm -f "$policy"' EXIT
    fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx) >&2
  fi
fi
path=$(find_nginx)
[ -n "$path" ] || { echo "nginx not found: install Debian's nginx package (the load-balancer test needs it)." >&2; exit 1; }
echo "$path"
