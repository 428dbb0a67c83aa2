#!/usr/bin/env bash
# Starts (or reuses) the PostgreSQL server this checkout manages under .pgdata/, and prints its DATABASE_URL.
# Used by the Makefile only when DATABASE_URL is not set. PostgreSQL refuses to run as root, so when this runs
# as root the server runs as the `postgres` system user.
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)
db_name=${PGDATABASE_NAME:-ecf}

pg_bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin=$d; done
if [ -z "$pg_bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL from Debian packages..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib) >&2
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin=$d; done
  fi
fi
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found: install postgresql or set DATABASE_URL." >&2; exit 1; }

as_owner=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  as_owner=(runuser -u postgres --)
fi

data_dir="$root_dir/.pgdata"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$root_dir" 2>/dev/null; then
  # The checkout is not reachable by the postgres user (e.g. under /root): keep the cluster in /tmp, linked here.
  real="/tmp/pgdata-$(printf '%s' "$root_dir" | sha1sum | cut -c1-12)"
  mkdir -p "$real"
  [ -L "$data_dir" ] || { rm -rf "$data_dir"; ln -s "$real" "$data_dir"; }
  data_dir=$real
fi
mkdir -p "$data_dir"
[ "$(id -u)" = 0 ] && chown postgres: "$data_dir" && chmod 700 "$data_dir"

if [ ! -f "$data_dir/PG_VERSION" ]; then
  "${as_owner[@]}" "$pg_bin/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$data_dir/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$data_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
fi

if ! "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
  rm -f "$data_dir/postmaster.pid"
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 start >/dev/null
fi

psql_cmd=("$pg_bin/psql" -h "$data_dir" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
if [ "$("${psql_cmd[@]}" -c "select 1 from pg_database where datname='$db_name'")" != 1 ]; then
  "${psql_cmd[@]}" -c "create database $db_name" >/dev/null
fi
host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$data_dir")
echo "postgresql://postgres@$host/$db_name"
