#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the Cobranza.PostgreSql tests, owned by this run (no system service).
#
#   source .ci/postgres.sh
#   cobranza_postgres_start     # installs the Debian package if missing, initdb + pg_ctl on a local port,
#                               # creates the database, exports COBRANZA_POSTGRES (an Npgsql connection string)
#   cobranza_postgres_stop      # stops the cluster and deletes its directory
#
# Settings (environment): COBRANZA_POSTGRES_PORT (default 54329). A developer who already has a server sets
# COBRANZA_POSTGRES to its connection string instead and skips this script.

cobranza_postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

cobranza_postgres_start() {
  local bin port owner
  port="${COBRANZA_POSTGRES_PORT:-54329}"
  bin=$(cobranza_postgres_bin || true)
  if [ -z "$bin" ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "error: PostgreSQL is not installed and apt-get is not available; install PostgreSQL (initdb, pg_ctl) or set COBRANZA_POSTGRES" >&2
      return 1
    fi
    echo "installing the Debian postgresql package"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null \
      || { echo "error: cannot install the postgresql package" >&2; return 1; }
    bin=$(cobranza_postgres_bin) || { echo "error: postgresql installed but initdb not found under /usr/lib/postgresql" >&2; return 1; }
  fi

  # initdb refuses to run as root: the cluster belongs to the 'postgres' system user the package creates.
  owner=$(id -un)
  COBRANZA_POSTGRES_DIR=$(mktemp -d /tmp/cobranza-pg.XXXXXX)
  export COBRANZA_POSTGRES_DIR
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$COBRANZA_POSTGRES_DIR"
    owner=postgres
  fi
  cobranza_postgres_as() { if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }

  cobranza_postgres_as "$bin/initdb" -D "$COBRANZA_POSTGRES_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$COBRANZA_POSTGRES_DIR/initdb.log" 2>&1 \
    || { cat "$COBRANZA_POSTGRES_DIR/initdb.log" >&2; echo "error: initdb failed" >&2; return 1; }
  # Sized for a shared 2-core CI machine: enough connections for 4+ worker processes and the tests; fsync off
  # because the cluster is thrown away at the end (durability is not under test; crash tests kill clients, not the server).
  cobranza_postgres_as "$bin/pg_ctl" -D "$COBRANZA_POSTGRES_DIR/data" -l "$COBRANZA_POSTGRES_DIR/server.log" -w -t 60 \
    -o "-p $port -k $COBRANZA_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" start >/dev/null \
    || { cat "$COBRANZA_POSTGRES_DIR/server.log" >&2; echo "error: PostgreSQL did not start on port $port" >&2; return 1; }
  cobranza_postgres_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres cobranza \
    || { echo "error: cannot create database cobranza" >&2; return 1; }
  COBRANZA_POSTGRES_BIN="$bin"
  COBRANZA_POSTGRES_OWNER="$owner"
  export COBRANZA_POSTGRES_BIN COBRANZA_POSTGRES_OWNER
  export COBRANZA_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=cobranza"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (data in $COBRANZA_POSTGRES_DIR)"
}

cobranza_postgres_stop() {
  if [ -n "${COBRANZA_POSTGRES_DIR:-}" ] && [ -d "$COBRANZA_POSTGRES_DIR/data" ]; then
    if [ "${COBRANZA_POSTGRES_OWNER:-}" = "$(id -un)" ]; then
      "$COBRANZA_POSTGRES_BIN/pg_ctl" -D "$COBRANZA_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    else
      runuser -u "$COBRANZA_POSTGRES_OWNER" -- "$COBRANZA_POSTGRES_BIN/pg_ctl" -D "$COBRANZA_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$COBRANZA_POSTGRES_DIR"
  fi
  unset COBRANZA_POSTGRES_DIR
}
