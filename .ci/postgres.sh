#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the Cobranza.PostgreSql tests, owned by this run (no system service).
#
#   source .ci/postgres.sh
#   cobranza_postgres_start     # installs the Debian package if missing, initdb + pg_ctl on a local port,
#                               # creates the database, exports COBRANZA_POSTGRES (an Npgsql connection string)
#   cobranza_postgres_stop      # stops the cluster and deletes its directory
#
# Settings (environment): COBRANZA_POSTGRES_PORT, the port to use (the start fails if it is taken). Unset, the start
# takes the first free port from 54329 on (up to 54428), so parallel runs on one machine each get their own: a port is
# skipped when something answers on 127.0.0.1 there, or when the server cannot bind it (a parallel run took it between
# the check and the start); the port used is exported as COBRANZA_POSTGRES_PORT until cobranza_postgres_stop.
# A developer who already has a server sets COBRANZA_POSTGRES to its connection string instead and skips this script.

cobranza_postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# True when something accepts connections on 127.0.0.1:$1 (bash's /dev/tcp; no client needed).
cobranza_postgres_port_taken() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

cobranza_postgres_start() {
  local bin port owner first last fixed
  if [ -n "${COBRANZA_POSTGRES_PORT:-}" ]; then
    fixed=1 first="$COBRANZA_POSTGRES_PORT" last="$COBRANZA_POSTGRES_PORT"
  else
    fixed=0 first=54329 last=54428
  fi
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
  COBRANZA_POSTGRES_BIN="$bin"
  COBRANZA_POSTGRES_OWNER="$owner"
  export COBRANZA_POSTGRES_BIN COBRANZA_POSTGRES_OWNER
  port=""
  local candidate
  # Sized for a shared 2-core CI machine: enough connections for 4+ worker processes and the tests; fsync off
  # because the cluster is thrown away at the end (durability is not under test; crash tests kill clients, not the server).
  for ((candidate = first; candidate <= last; candidate++)); do
    if cobranza_postgres_port_taken "$candidate"; then
      if [ "$fixed" = 1 ]; then
        echo "error: port $candidate (COBRANZA_POSTGRES_PORT) is taken on 127.0.0.1; unset COBRANZA_POSTGRES_PORT to take a free port" >&2
        cobranza_postgres_stop
        return 1
      fi
      continue
    fi
    rm -f "$COBRANZA_POSTGRES_DIR/server.log"
    if cobranza_postgres_as "$bin/pg_ctl" -D "$COBRANZA_POSTGRES_DIR/data" -l "$COBRANZA_POSTGRES_DIR/server.log" -w -t 60 \
      -o "-p $candidate -k $COBRANZA_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" start >/dev/null 2>"$COBRANZA_POSTGRES_DIR/pg_ctl.err"; then
      port="$candidate"
      break
    fi
    # Taken between the check and the start (a parallel run): try the next port; any other failure stops here.
    if [ "$fixed" = 1 ] || ! grep -qE 'could not bind|Address already in use' "$COBRANZA_POSTGRES_DIR/server.log" 2>/dev/null; then
      cat "$COBRANZA_POSTGRES_DIR/pg_ctl.err" "$COBRANZA_POSTGRES_DIR/server.log" >&2
      echo "error: PostgreSQL did not start on port $candidate" >&2
      cobranza_postgres_stop
      return 1
    fi
  done
  if [ -z "$port" ]; then
    echo "error: no free port from $first to $last on 127.0.0.1 for PostgreSQL; set COBRANZA_POSTGRES_PORT to a free one" >&2
    cobranza_postgres_stop
    return 1
  fi
  if [ "$fixed" = 0 ]; then
    COBRANZA_POSTGRES_PORT_CHOSEN=1
    export COBRANZA_POSTGRES_PORT="$port"
  fi
  cobranza_postgres_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres cobranza \
    || { echo "error: cannot create database cobranza" >&2; return 1; }
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
  # A port this script chose is not kept for the next start (it takes a free one again).
  if [ "${COBRANZA_POSTGRES_PORT_CHOSEN:-}" = 1 ]; then
    unset COBRANZA_POSTGRES_PORT COBRANZA_POSTGRES_PORT_CHOSEN
  fi
}
