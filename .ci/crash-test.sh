#!/usr/bin/env bash
# Crash test of the quickstart sample (issue 14): kill -9 it at seeded random moments, resume it each time to the
# same last day, and compare with an uninterrupted run. Passes when both runs end with the same stored state: the same
# idempotency keys in the journal (none twice), the same outcomes, payments, charges and item balances, and the same
# outbox, file for file and byte for byte (names, keys and SHA-256 of every .eml; then diff -r). No difference is
# allowed: the headers are the decision's (Date is its instant, Message-ID comes from its key), and the action
# handlers are idempotent by decision, so a charge killed between its posting and its record is recorded with its
# original result on the retry (issue 14 section 4).
#
# Usage: .ci/crash-test.sh   (.ci/run calls it; it builds the sample in Release, a no-op when up to date)
# Environment: CRASH_SEED (default 20251207), CRASH_KILLS (default 6), CRASH_THROUGH (last day, default 2025-12-14),
# CRASH_KEEP=1 keeps the work folder (databases, outboxes, outputs) for a look after a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seed=${CRASH_SEED:-20251207}
kills_wanted=${CRASH_KILLS:-6}
min_kills=$(( kills_wanted > 5 ? kills_wanted - 1 : kills_wanted ))
through=${CRASH_THROUGH:-2025-12-14}
dll=samples/Cobranza.Samples.Quickstart/bin/Release/net10.0/Cobranza.Samples.Quickstart.dll
# The runs below start the built sample with `dotnet <dll>`: `dotnet run` would put the CLI between the script and
# the sample, and kill -9 would reach the CLI only.
if ! build_log=$(dotnet build samples/Cobranza.Samples.Quickstart -c Release --nologo 2>&1); then
  echo "$build_log" >&2
  echo "error: the sample does not build" >&2
  exit 1
fi

work=$(mktemp -d)
[ -z "${CRASH_KEEP:-}" ] || echo "crash test: keeping $work"
trap '[ -n "${CRASH_KEEP:-}" ] || rm -rf "$work"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
sample() { dotnet "$dll" "$@"; }

# The last day a run's output reports done: its last progress line, else the day it continued from (-1: none yet).
reached() {
  local date
  date=$(sed -n -e 's/^\[[#-]*\] *[0-9]*\/[0-9]* \([0-9-]*\) .*/\1/p' \
                -e 's/^Continuing from the stored state: .* to \([0-9-]*\)); .*/\1/p' "$1" | tail -n 1)
  if [ -z "$date" ]; then echo -1; else echo $(( ( $(date -u -d "$date" +%s) - $(date -u -d "$start_date" +%s) ) / 86400 )); fi
}
start_date=2025-12-01 # the sample's first day (Simulation.DefaultStartDate); checked against the run's output below

# 1. The uninterrupted run, timed (in all, and to the end of its first day, which carries the opening portfolio's
# catch-up and costs far more than the others); then a run with nothing to do, timed: the start-up cost of one run.
t0=$(now_ms)
: > "$work/straight.txt"
dotnet "$dll" --through "$through" --db "$work/straight.db" --outbox "$work/straight" > "$work/straight.txt" &
pid=$!
while kill -0 "$pid" 2>/dev/null && [ "$(reached "$work/straight.txt")" -lt 0 ]; do sleep 0.02; done
t_day0=$(now_ms)
if ! wait "$pid"; then
  cat "$work/straight.txt" >&2
  echo "error: the uninterrupted run failed" >&2
  exit 1
fi
t1=$(now_ms)
if ! grep -q "^Simulating [0-9]* days from $start_date\.$" "$work/straight.txt"; then
  echo "error: the sample no longer starts on $start_date; update start_date in $0" >&2
  exit 1
fi
sample --through "$through" --db "$work/straight.db" --outbox "$work/straight" > /dev/null
t2=$(now_ms)
run_ms=$(( t1 - t0 ))
startup_ms=$(( t2 - t1 ))
days=$(( ( $(date -u -d "$through" +%s) - $(date -u -d "$start_date" +%s) ) / 86400 + 1 ))
first_day_ms=$(( t_day0 - t0 > startup_ms ? t_day0 - t0 - startup_ms : 1 ))
later_day_ms=$(( (t1 - t_day0) / (days > 1 ? days - 1 : 1) ))
echo "crash test: uninterrupted run of $days days through $through in ${run_ms} ms (start-up ${startup_ms} ms, first day ${first_day_ms} ms, later days ${later_day_ms} ms each); $kills_wanted kills, seed $seed"

# 2. The same run, killed with SIGKILL again and again, each kill resumed by the next run. The moments are drawn
# from the seed: the first kill lands during start-up and initialisation; each later one inside a drawn day other
# than the last (in ascending order; a day may be drawn twice): the script waits until the run reports the day before
# it done, then lets it work for a drawn share of that day's expected time (issuing invoices, booking payments,
# running the cycle: claims, handlers, .eml files, journal records) and kills it. A run faster than expected can
# reach the end before its kill: all kills but one must land (never fewer than 5 when 6 or more are asked).
RANDOM=$seed
targets=(-1)
for _ in $(seq 2 "$kills_wanted"); do targets+=($(( RANDOM % (days > 1 ? days - 1 : 1) ))); done
mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -n)

kills=0
round=0
for target in "${targets[@]}"; do
  round=$(( round + 1 ))
  out="$work/round-$round.txt"
  : > "$out"
  # dotnet itself, not a shell function's subshell, is the background job: kill -9 must reach the sample's process.
  dotnet "$dll" --through "$through" --db "$work/crashed.db" --outbox "$work/crashed" > "$out" 2>&1 &
  pid=$!
  if [ "$target" -lt 0 ]; then
    delay_ms=$(( RANDOM * startup_ms / 32768 ))
  else
    while kill -0 "$pid" 2>/dev/null && ! grep -q '^Continuing\|^Simulating' "$out"; do sleep 0.02; done
    while kill -0 "$pid" 2>/dev/null && [ "$(reached "$out")" -lt $(( target - 1 )) ]; do sleep 0.02; done
    day_ms=$(( target == 0 ? first_day_ms : later_day_ms ))
    delay_ms=$(( RANDOM * day_ms / 32768 ))
  fi
  sleep "$(printf '%d.%03d' $(( delay_ms / 1000 )) $(( delay_ms % 1000 )))"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    kills=$(( kills + 1 ))
    done_days=$(( $(reached "$out") + 1 ))
    if [ "$target" -lt 0 ]; then moment="start-up"; else moment="day $(( target + 1 )) of $days"; fi
    echo "  kill $kills: $moment + ${delay_ms} ms; the run had completed $done_days days"
  else
    wait "$pid" || { cat "$out" >&2; echo "error: round $round failed before it was killed" >&2; exit 1; }
    echo "  round $round finished before its kill (drawn day $(( target + 1 )), + ${delay_ms} ms)"
  fi
done
if [ "$kills" -lt "$min_kills" ]; then
  echo "error: only $kills of $kills_wanted kills landed in a live process (at least $min_kills must)" >&2
  exit 1
fi

# 3. Resume to the same last day, to the end.
if ! sample --through "$through" --db "$work/crashed.db" --outbox "$work/crashed" > "$work/resumed.txt"; then
  cat "$work/resumed.txt" >&2
  echo "error: the run resumed after $kills kills failed" >&2
  exit 1
fi
grep -h '^An earlier run was interrupted' "$work"/round-*.txt "$work/resumed.txt" | sed 's/^/  /' || true

# 4. Compare. --audit checks each outbox against its journal (every dispatched notice has its one file, no key in two
# files, no temporary file left) and prints the stored state as sorted lines.
for run in straight crashed; do
  if ! sample --audit --db "$work/$run.db" --outbox "$work/$run" > "$work/$run.audit"; then
    echo "error: the audit of the $run run found the problems above" >&2
    exit 1
  fi
done
if ! diff "$work/straight.audit" "$work/crashed.audit" > "$work/audit.diff"; then
  head -n 40 "$work/audit.diff" >&2
  echo "error: after $kills kills the stored state differs from the uninterrupted run's (< uninterrupted, > killed and resumed)" >&2
  exit 1
fi
if ! diff -r --exclude=.lock "$work/straight" "$work/crashed" >&2; then
  echo "error: after $kills kills the outbox differs from the uninterrupted run's" >&2
  exit 1
fi
keys=$(grep -c '^decision ' "$work/straight.audit")
files=$(grep -c '^outbox ' "$work/straight.audit")
duplicates=$(grep '^decision ' "$work/crashed.audit" | cut -d' ' -f3 | sort | uniq -d | wc -l)
if [ "$duplicates" -ne 0 ]; then
  echo "error: $duplicates idempotency keys appear twice in the journal" >&2
  exit 1
fi
echo "crash test passed: $kills kills, then the same $keys idempotency keys (none twice), $files notices identical byte for byte, the same payments, charges and balances"
