#!/usr/bin/env bash
# Installs the Debian packages that are missing, then builds the solution (Release).
# Safe to run again: installs nothing that is present, and the build is incremental.
#   --with-browser   also install chromium (used by the browser tests)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

with_browser=false
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=true ;;
    -h|--help)
      echo "usage: scripts/setup.sh [--with-browser]"
      exit 0
      ;;
    *)
      echo "setup: unknown option '$arg' (usage: scripts/setup.sh [--with-browser])" >&2
      exit 2
      ;;
  esac
done

# cmake, g++: build the native shim; libtorch-dev: the training engine (CPU);
# dataset-fashion-mnist: the offline demo data set; libstb-dev: image decoding in the shim;
# python3-torch: the PyTorch reference for the benchmarks in bench/; libopenblas0-openmp: the BLAS
# behind libtorch's matrix products. Debian's libtorch links libblas.so.3, which is the reference
# BLAS unless an optimised one is installed: 784x512 products ran 20 to 50 times slower on it, and a
# Fashion-MNIST MLP epoch took 25 s instead of 1 s (docs/benchmarks.md). The OpenMP build shares
# libtorch's OpenMP threads and thread count, where the pthread build would add its own.
packages=(cmake g++ libtorch-dev dataset-fashion-mnist libstb-dev python3-torch libopenblas0-openmp)
if [[ "$with_browser" == true ]]; then
  packages+=(chromium)
fi
# npm restores plotly.js into wwwroot/lib/ during the build (package.json, Dashboard/Npm.targets).
# An npm already on PATH (from nodejs.org, nvm, …) is used as it is; Debian's only when there is none.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo=(sudo)
  fi
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present (${packages[*]})"
fi

# Built-in tables (boston, iris, wine, breast-cancer, digits, diabetes; docs/tables.md): scikit-learn's
# CSV files, taken out of Debian's python3-sklearn package without installing it (or Python), into
# <DataRoot>/sklearn/ ($ABLATE_DATA_ROOT, default data/ as in appsettings.json). Only files that are missing.
data_root="${ABLATE_DATA_ROOT:-$root/data}"
sklearn_dir="$data_root/sklearn"
sklearn_files=(boston_house_prices.csv iris.csv wine_data.csv breast_cancer.csv digits.csv.gz diabetes_data_raw.csv.gz diabetes_target.csv.gz)
sklearn_missing=()
for f in "${sklearn_files[@]}"; do
  [[ -f "$sklearn_dir/$f" ]] || sklearn_missing+=("$f")
done
if ((${#sklearn_missing[@]} > 0)); then
  echo "setup: extracting ${sklearn_missing[*]} from Debian's python3-sklearn into $sklearn_dir"
  tmp="$(mktemp -d)"
  if (cd "$tmp" && apt-get download -qq python3-sklearn >/dev/null) && dpkg-deb -x "$tmp"/python3-sklearn_*.deb "$tmp/x"; then
    mkdir -p "$sklearn_dir"
    for f in "${sklearn_missing[@]}"; do
      # Copied under a temporary name and renamed, so an interrupted setup leaves no half file.
      cp "$tmp/x/usr/lib/python3/dist-packages/sklearn/datasets/data/$f" "$sklearn_dir/.$f.tmp"
      mv "$sklearn_dir/.$f.tmp" "$sklearn_dir/$f"
    done
  else
    echo "setup: could not download python3-sklearn (apt-get download); the built-in tables stay unavailable" >&2
  fi
  rm -rf "$tmp"
else
  echo "setup: built-in tables present in $sklearn_dir"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK is not installed (dotnet not found on PATH)" >&2
  exit 1
fi

echo "setup: building Dashboard.sln (Release; the native shim is built by CMake on the first run)"
dotnet build Dashboard.sln -c Release -nologo -v minimal
echo "setup: done"
