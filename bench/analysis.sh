#!/usr/bin/env bash
# The statistics benchmark of issue 5 (bench/README.md): effects, interactions, parallel
# coordinates and smoothed, aggregated, downsampled curves of a synthetic study, in memory.
#
#   bench/analysis.sh [--runs 1000] [--epochs 100] [--repeat 7]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench="$root/bench/AnalysisBench/bin/Release/net10.0/linux-x64/AnalysisBench"
if [[ ! -x "$bench" || "${BENCH_BUILD:-1}" == 1 ]]; then
  dotnet build "$root/bench/AnalysisBench/AnalysisBench.csproj" -c Release -nologo -v quiet >/dev/null
fi
exec "$bench" "$@"
