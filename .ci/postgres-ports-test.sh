#!/usr/bin/env bash
# Two throwaway clusters from .ci/postgres.sh at once, as two parallel CI runs on one machine start them: without
# COBRANZA_POSTGRES_PORT each takes a free port of its own (before, both took 54329 and the second failed). Also the
# race: a port that looked free but was taken before the server bound it is skipped. Called by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

check() {
  local expected="$1"; shift
  local got
  got=$("$@" 2>&1) || { echo "$got" >&2; echo "error: '$*' failed" >&2; exit 1; }
  [ "$got" = "$expected" ] || { echo "error: '$*' printed '$got', expected '$expected'" >&2; exit 1; }
}

# Runs in a subshell so that its clusters and variables are its own; prints "port1 port2 port3 after-stop".
clusters() {
  unset COBRANZA_POSTGRES_PORT COBRANZA_POSTGRES
  source .ci/postgres.sh
  cobranza_postgres_start >/dev/null
  local first_dir="$COBRANZA_POSTGRES_DIR" first="$COBRANZA_POSTGRES_PORT"
  # A second run: a shell of its own that inherited nothing from the first.
  local second
  second=$(env -u COBRANZA_POSTGRES_PORT -u COBRANZA_POSTGRES_DIR bash -c '
    set -euo pipefail
    source .ci/postgres.sh
    cobranza_postgres_start >/dev/null
    # The race: the check says free, the server finds the port taken; the next port is tried.
    cobranza_postgres_port_taken() { return 1; }
    dir2="$COBRANZA_POSTGRES_DIR" port2="$COBRANZA_POSTGRES_PORT"; unset COBRANZA_POSTGRES_PORT COBRANZA_POSTGRES_PORT_CHOSEN
    cobranza_postgres_start >/dev/null
    port3="$COBRANZA_POSTGRES_PORT"
    "$COBRANZA_POSTGRES_BIN/pg_isready" -q -h 127.0.0.1 -p "$port2" && "$COBRANZA_POSTGRES_BIN/pg_isready" -q -h 127.0.0.1 -p "$port3"
    cobranza_postgres_stop
    COBRANZA_POSTGRES_DIR="$dir2"; cobranza_postgres_stop
    echo "$port2 $port3"')
  "$COBRANZA_POSTGRES_BIN/pg_isready" -q -h 127.0.0.1 -p "$first"
  cobranza_postgres_stop
  echo "$first $second ${COBRANZA_POSTGRES_PORT:-unset}"
}

ports=$(clusters)
read -r p1 p2 p3 after <<<"$ports"
if [ "$p1" = "$p2" ] || [ "$p2" = "$p3" ] || [ "$p1" = "$p3" ]; then
  echo "error: parallel clusters shared a port ($ports)" >&2; exit 1
fi
[ "$after" = unset ] || { echo "error: cobranza_postgres_stop left COBRANZA_POSTGRES_PORT=$after (a port it chose)" >&2; exit 1; }
[ "$p2" -gt "$p1" ] && [ "$p3" -gt "$p2" ] || { echo "error: ports not taken in order from the default ($ports)" >&2; exit 1; }

# A port given explicitly is used as it is, and a taken one is refused with a message naming it.
explicit() {
  source .ci/postgres.sh
  export COBRANZA_POSTGRES_PORT="$1"
  cobranza_postgres_start >/dev/null
  local p="$COBRANZA_POSTGRES_PORT"
  local refused
  refused=$(COBRANZA_POSTGRES_PORT="$p" bash -c 'source .ci/postgres.sh; cobranza_postgres_start' 2>&1 >/dev/null) && { cobranza_postgres_stop; echo "a second cluster started on the taken port $p"; return; }
  cobranza_postgres_stop
  echo "$p ${COBRANZA_POSTGRES_PORT} $(grep -c "error: port $p (COBRANZA_POSTGRES_PORT) is taken" <<<"$refused")"
}
check "$((p3 + 1)) $((p3 + 1)) 1" explicit "$((p3 + 1))"
echo "postgres ports: parallel clusters on $p1, $p2 and $p3; an explicit port used as given, refused when taken"
