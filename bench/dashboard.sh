#!/usr/bin/env bash
# The dashboard benchmarks of issue 3 (bench/README.md): the real dashboard as its own process,
# driven through its REST API and watched in Debian's Chromium.
#
#   bench/dashboard.sh overhead [--epochs N] [--subset N] [--test-subset N] [--repeat N] [--threads N]
#   bench/dashboard.sh latency  [--runs N] [--epochs N] [--subset N] [--test-subset N]
#   bench/dashboard.sh results  [--runs N] [--epochs N] [--repeat N] [--seeds N]   (seeds: runs per cell)
#   bench/dashboard.sh results-load [--runs N] [--epochs N] [--repeat N] [--seeds N]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench="$root/bench/DashboardBench/bin/Release/net10.0/linux-x64/DashboardBench"
[[ -x /usr/bin/chromium ]] || { echo "bench/dashboard.sh: needs Debian's chromium (scripts/test.sh installs it)" >&2; exit 1; }
if [[ ! -x "$bench" || "${BENCH_BUILD:-1}" == 1 ]]; then
  dotnet build "$root/Dashboard.sln" -c Release -nologo -v quiet >/dev/null
fi
cd "$root"
exec "$bench" "$@"
