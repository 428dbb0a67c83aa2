#!/usr/bin/env bash
# Starts (or reuses) the PostgreSQL server this checkout manages under .pgdata/, and prints a DATABASE_URL.
# Used by the Makefile only when DATABASE_URL is not set. PostgreSQL refuses to run as root, so when this runs
# as root the server runs as the `postgres` system user.
#
# The service never connects as a superuser (docs/security.md): `scripts/pg.sh` prints the URL of the owner role
# (`ecf_owner`: owns the database and its tables, runs migrations, the sandbox loader and the test suite, which needs
# CREATEDB for its test database); `scripts/pg.sh app` prints the URL of the role that serves requests (`ecf_app`:
# reads and writes rows, owns nothing). Both are created, and an older cluster whose objects belong to `postgres`
# is handed over to `ecf_owner`, every time this runs.
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

owner_role=ecf_owner
app_role=ecf_app
psql_cmd=("$pg_bin/psql" -h "$data_dir" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
"${psql_cmd[@]}" >/dev/null <<SQL
SET client_min_messages = warning;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$owner_role') THEN
    CREATE ROLE $owner_role LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$app_role') THEN
    CREATE ROLE $app_role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
END \$\$;
ALTER ROLE $owner_role NOSUPERUSER CREATEDB;
ALTER ROLE $app_role NOSUPERUSER NOCREATEDB;
-- The owner may act as the app role (SET ROLE), so the suite can check what the app role is refused.
GRANT $app_role TO $owner_role;
SQL
if [ "$("${psql_cmd[@]}" -c "select 1 from pg_database where datname='$db_name'")" != 1 ]; then
  "${psql_cmd[@]}" -c "create database $db_name owner $owner_role" >/dev/null
fi
# Databases made before the roles existed (this one, test and bench databases) are handed to the owner role.
for db in $("${psql_cmd[@]}" -c "select datname from pg_database where not datistemplate and datname <> 'postgres'
                                 and pg_get_userbyid(datdba) <> '$owner_role'"); do
  "${psql_cmd[@]}" -c "alter database \"$db\" owner to $owner_role" >/dev/null
  "$pg_bin/psql" -h "$data_dir" -U postgres -d "$db" -v ON_ERROR_STOP=1 -qtA >/dev/null <<SQL
DO \$\$ DECLARE r record; BEGIN
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
              AND pg_get_userbyid(c.relowner) <> '$owner_role' LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO $owner_role', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '$owner_role' LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO $owner_role', r.name);
  END LOOP;
END \$\$;
SQL
done
host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$data_dir")
if [ "${1:-}" = app ]; then
  echo "postgresql://$app_role@$host/$db_name"
else
  echo "postgresql://$owner_role@$host/$db_name"
fi
