#!/usr/bin/env bash
# Installs what is missing, builds, and starts the dashboard (default http://127.0.0.1:5000).
# Extra arguments go to the dashboard, for example: scripts/run.sh --urls http://127.0.0.1:8080
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"

# The address the dashboard will listen on: --urls wins, then ASPNETCORE_URLS, then appsettings.json.
url="${ASPNETCORE_URLS:-http://127.0.0.1:5000}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --urls=*) url="${args[i]#--urls=}" ;;
    --urls) if ((i + 1 < ${#args[@]})); then url="${args[i + 1]}"; fi ;;
  esac
done

echo "run: starting the dashboard at $url (Ctrl+C stops it)"
exec dotnet run --project Dashboard -c Release --no-build -- "$@"
