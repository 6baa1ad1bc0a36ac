#!/usr/bin/env bash
# Installs what is missing (with the browser for the browser tests), builds, and runs every test.
# Exits with the status of dotnet test. Extra arguments go to dotnet test (e.g. --filter ...).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" --with-browser

echo "test: running every test in Dashboard.sln"
# verbosity=minimal prints each failure and ends with the "Passed!/Failed!" line with totals.
exec dotnet test Dashboard.sln -c Release --no-build --logger "console;verbosity=minimal" "$@"
