#!/usr/bin/env bash
# Scheduler:WorkerPath for `bench/dashboard.sh latency`: runs the real worker ($ABLATE_REAL_WORKER)
# with the dashboard's arguments and, as each `epoch` line goes by, appends the wall-clock time it
# was read (bash's $EPOCHREALTIME: no fork), the run folder (--out) and the line to
# $ABLATE_STAMP_LOG before passing the line on unchanged.
set -uo pipefail
: "${ABLATE_REAL_WORKER:?set by bench/DashboardBench}" "${ABLATE_STAMP_LOG:?set by bench/DashboardBench}"
out=""
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  [[ "${args[i]}" == --out ]] && out="${args[i + 1]}"
done
"$ABLATE_REAL_WORKER" "$@" | while IFS= read -r line; do
  now=$EPOCHREALTIME
  [[ "$line" == *'"event":"epoch"'* ]] && printf '%s\t%s\t%s\n' "$now" "$out" "$line" >> "$ABLATE_STAMP_LOG"
  printf '%s\n' "$line"
done
exit "${PIPESTATUS[0]}"
