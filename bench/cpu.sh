#!/usr/bin/env bash
# CPU training benchmark: our worker against PyTorch in Python on the same libtorch 1.13.
# Trains the issue's CNN and a 784-512-10 MLP on Fashion-MNIST with the same spec, data, batch
# size, epochs and thread count on both sides, each recording what `./ablate run --out` records
# (events, a checkpoint per epoch, the final evaluation file), and prints the whole time to a
# result (process start to exit: load, train, evaluate, record) with the ratio ours / PyTorch
# (goal: <= 0.90), and the training-loop seconds per epoch with theirs. See bench/README.md.
#
#   bench/cpu.sh [--epochs N] [--threads N] [--subset N] [--test-subset N] [--repeat N] [--models cnn,mlp]
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/cpu.sh [options]
  --epochs N        epochs per model (default 2)
  --threads N       intra-op threads on both sides (default: nproc)
  --subset N        train on at most N of the 60000 training images (data.subset; for smoke runs)
  --test-subset N   evaluate on at most N test images (data.test_subset; for smoke runs)
  --repeat N        run each model's pair N times, alternating which side goes first, and pool
                    the epochs (default 1; more steadies the medians on a noisy machine)
  --models LIST     comma-separated, from cnn,mlp (default cnn,mlp)
  -h, --help        this text
EOF
}

die() { echo "bench/cpu.sh: $*" >&2; exit 1; }

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
worker="$root/Training/bin/Release/net10.0/linux-x64/ablate-worker"
python=/usr/bin/python3
data_dir=/usr/share/datasets/fashion-mnist

epochs=2
threads="$(nproc)"
subset=""
test_subset=""
models="cnn,mlp"
repeat=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="${2:-}"; shift 2 ;;
    --threads) threads="${2:-}"; shift 2 ;;
    --subset) subset="${2:-}"; shift 2 ;;
    --test-subset) test_subset="${2:-}"; shift 2 ;;
    --repeat) repeat="${2:-}"; shift 2 ;;
    --models) models="${2:-}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

positive() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, not '$2'"; }
positive --epochs "$epochs"
positive --threads "$threads"
positive --repeat "$repeat"
[[ -z "$subset" ]] || positive --subset "$subset"
[[ -z "$test_subset" ]] || positive --test-subset "$test_subset"
IFS=, read -r -a model_list <<<"$models"
for m in "${model_list[@]}"; do
  [[ "$m" == cnn || "$m" == mlp ]] || die "--models: unknown model '$m' (expected cnn and/or mlp)"
done

# Preconditions, each with the fix.
[[ -x "$worker" ]] || die "the training worker is not built ($worker is missing); build it with: cd $root && dotnet build Training -c Release"
[[ -x "$python" ]] || die "$python not found; install Debian's python3 with python3-torch and python3-numpy"
"$python" -c 'import torch, numpy' 2>/dev/null \
  || die "$python cannot import torch and numpy; install Debian's python3-torch and python3-numpy (the pyenv python3 on PATH is not used)"
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  [[ -r "$data_dir/$f" ]] || die "$data_dir/$f is missing; install Debian's dataset-fashion-mnist package"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/ablate-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
results_dir="$root/bench/results"
mkdir -p "$results_dir"
stamp="$(date +%Y%m%d-%H%M%S)"
results="$results_dir/cpu-$stamp.json"

# The models of the issue; the rest of the spec is shared.
model_json() {
  case "$1" in
    cnn) echo '{"family": "cnn", "conv_channels": [32, 64], "kernel_size": 3, "batch_norm": true, "dropout": 0.1, "activation": "relu", "block_order": ["conv", "bn", "act", "pool"]}' ;;
    mlp) echo '{"family": "mlp", "hidden_sizes": [512]}' ;;
  esac
}

write_spec() { # model file
  local data='"dataset": "fashion-mnist", "validation_fraction": 0.1'
  [[ -z "$subset" ]] || data+=", \"subset\": $subset"
  [[ -z "$test_subset" ]] || data+=", \"test_subset\": $test_subset"
  cat >"$2" <<EOF
{"data": {$data}, "model": $(model_json "$1"), "loss": {"name": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.001}, "batch_size": 128, "epochs": $epochs, "seed": 1, "device": "cpu", "threads": $threads}
EOF
}

run_ours() { # model dir
  local dir="$2"
  echo "bench: [$1] ours: ./ablate run (threads $threads, epochs $epochs)" >&2
  local t0 t1
  t0="$(date +%s%N)"
  if ! (cd "$root" && ./ablate run "$dir/spec.json" --out "$dir/run" --threads "$threads" \
        </dev/null >"$dir/ours.jsonl" 2>"$dir/ours.err"); then
    cat "$dir/ours.err" >&2
    die "[$1] our worker failed (its output is above)"
  fi
  t1="$(date +%s%N)"
  echo $(( t1 - t0 )) >"$dir/ours.ns"
}

run_pytorch() { # model dir
  local dir="$2"
  echo "bench: [$1] PyTorch: bench/reference_pytorch.py (threads $threads, epochs $epochs)" >&2
  local t0 t1
  t0="$(date +%s%N)"
  if ! "$python" "$root/bench/reference_pytorch.py" "$dir/spec.json" --epochs "$epochs" --threads "$threads" \
        --model-json "$work/$1/model.json" --data-dir "$data_dir" --out "$dir/pyrun" \
        >"$dir/pytorch.jsonl" 2>"$dir/pytorch.err"; then
    cat "$dir/pytorch.err" >&2
    die "[$1] the PyTorch reference failed (its output is above)"
  fi
  t1="$(date +%s%N)"
  echo $(( t1 - t0 )) >"$dir/pytorch.ns"
}

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for m in "${model_list[@]}"; do
  mkdir -p "$work/$m"
  write_spec "$m" "$work/$m/spec.json"
  if ! (cd "$root" && ./ablate validate "$work/$m/spec.json" --json >"$work/$m/model.json" 2>"$work/$m/validate.err"); then
    cat "$work/$m/validate.err" >&2
    die "[$m] ./ablate validate refused the spec"
  fi
done
for ((r = 1; r <= repeat; r++)); do
  i=$((r - 1))
  for m in "${model_list[@]}"; do
    dir="$work/$m/r$r"
    mkdir -p "$dir"
    cp "$work/$m/spec.json" "$dir/spec.json"
    # Alternate which side goes first (between models and between repeats), so neither always
    # gets the cooler (or warmer) machine.
    if (( i % 2 == 0 )); then
      run_ours "$m" "$dir"; run_pytorch "$m" "$dir"; echo "ours,pytorch" >"$dir/order"
    else
      run_pytorch "$m" "$dir"; run_ours "$m" "$dir"; echo "pytorch,ours" >"$dir/order"
    fi
    i=$((i + 1))
  done
done
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"

native_torch="$(ldd "$(dirname "$worker")/libablnative.so" 2>/dev/null | awk '/libtorch_cpu/ {print $3}')"
python_torch="$("$python" -c 'import torch, os; print(os.path.dirname(torch._C.__file__))' 2>/dev/null)"
python_torch="$(ldd "$python_torch"/_C.*.so 2>/dev/null | awk '/libtorch_cpu/ {print $3}')"

"$python" - "$work" "$results" "$epochs" "$threads" "$models" "$loadavg_before" "$loadavg_after" \
  "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$repeat" "$native_torch" "$python_torch" \
  "${subset:-all}" "${test_subset:-all}" <<'PY'
import json, os, platform, statistics, sys

work, results, epochs, threads, models, load_before, load_after, rev, repeat, native_torch, python_torch, subset, test_subset = sys.argv[1:]
repeat = int(repeat)

def events(path, kind):
    with open(path) as f:
        return [e for e in (json.loads(l) for l in f if l.startswith("{")) if e.get("event") == kind]

rows, raw = [], {}
for m in models.split(","):
    d = os.path.join(work, m)
    ours, py, ours_start, py_start, orders, runs, ours_whole, py_whole = [], [], None, None, [], [], [], []
    for r in range(1, repeat + 1):
        rd = os.path.join(d, f"r{r}")
        ours_start = events(os.path.join(rd, "ours.jsonl"), "start")[0]
        o = [e["metrics"] for e in events(os.path.join(rd, "ours.jsonl"), "epoch")]
        py_start = events(os.path.join(rd, "pytorch.jsonl"), "start")[0]
        p = events(os.path.join(rd, "pytorch.jsonl"), "epoch")
        if len(o) != int(epochs) or len(p) != int(epochs):
            sys.exit(f"bench/cpu.sh: [{m}] expected {epochs} epochs, got {len(o)} from ours and {len(p)} from PyTorch")
        for side, whole, out in (("ours", ours_whole, "run"), ("pytorch", py_whole, "pyrun")):
            whole.append(int(open(os.path.join(rd, f"{side}.ns")).read()) / 1e9)
            if not os.path.exists(os.path.join(rd, out, "evaluation.json")):
                sys.exit(f"bench/cpu.sh: [{m}] {side} wrote no evaluation.json, so it did not do the whole run")
        order = open(os.path.join(rd, "order")).read().strip()
        ours += o
        py += p
        orders.append(order)
        runs.append({"order": order, "ours": {"start": ours_start, "epochs": o, "whole_seconds": ours_whole[-1]},
                     "pytorch": {"start": py_start, "epochs": p, "whole_seconds": py_whole[-1]}})
    ot = [e["train_seconds"] for e in ours]
    pt = [e["train_seconds"] for e in py]
    loss_diff = max(abs(a["train_loss"] - b["train_loss"]) / max(abs(b["train_loss"]), 1e-12) for a, b in zip(ours, py))
    row = {
        "model": m, "epochs": int(epochs), "repeat": repeat, "threads": ours_start["threads"], "pytorch_threads": py_start["threads"],
        "parameters": ours_start["parameters"], "train_size": ours_start["train_size"], "steps_per_epoch": ours_start["steps_per_epoch"],
        "ours_median": statistics.median(ot), "ours_mean": statistics.mean(ot),
        "pytorch_median": statistics.median(pt), "pytorch_mean": statistics.mean(pt),
        "ours_whole_median": statistics.median(ours_whole), "pytorch_whole_median": statistics.median(py_whole),
        "ours_test_accuracy": ours[-1]["test_accuracy"], "pytorch_test_accuracy": py[-1]["test_accuracy"],
        "max_rel_train_loss_diff": loss_diff,
        "order": " ".join(orders),
    }
    row["whole_ratio"] = row["ours_whole_median"] / row["pytorch_whole_median"]
    row["ratio"] = row["ours_median"] / row["pytorch_median"]
    row["ratio_mean"] = row["ours_mean"] / row["pytorch_mean"]
    rows.append(row)
    raw[m] = {"spec": json.load(open(os.path.join(d, "spec.json"))), "runs": runs}

print()
print(f"CPU, {threads} threads, subset {subset}, test subset {test_subset}, {repeat} run(s) per side and model")
print()
head = f"{'model':<5} {'epochs':>6} {'ours whole run s':>17} {'PyTorch whole run s':>20} {'ours/PyTorch':>12}"
print("Whole time to a result (process start to exit: load, train, evaluate, record; medians)")
print(head)
print("-" * len(head))
for r in rows:
    print(f"{r['model']:<5} {r['epochs']:>6} {r['ours_whole_median']:>17.2f} {r['pytorch_whole_median']:>20.2f} {r['whole_ratio']:>12.3f}")
print()
head = f"{'model':<5} {'epochs':>6} {'ours s/ep (med/mean)':>21} {'PyTorch s/ep (med/mean)':>24} {'ours/PyTorch':>12} {'test acc ours/PyTorch':>22}"
print("Training loop only, per epoch (evaluation excluded)")
print(head)
print("-" * len(head))
for r in rows:
    ours_s = f"{r['ours_median']:.3f} / {r['ours_mean']:.3f}"
    py_s = f"{r['pytorch_median']:.3f} / {r['pytorch_mean']:.3f}"
    acc = f"{r['ours_test_accuracy']:.4f} / {r['pytorch_test_accuracy']:.4f}"
    print(f"{r['model']:<5} {r['epochs']:>6} {ours_s:>21} {py_s:>24} {r['ratio']:>12.3f} {acc:>22}")
print()
for r in rows:
    verdict = "meets" if r["whole_ratio"] <= 0.90 else "MISSES"
    same = "identical" if r["max_rel_train_loss_diff"] == 0 else f"differ by up to {r['max_rel_train_loss_diff']:.2e} (relative)"
    print(f"{r['model']}: whole-run ratio {r['whole_ratio']:.3f} {verdict} the goal <= 0.90; training loop {r['ratio']:.3f} "
          f"(means: {r['ratio_mean']:.3f}); train losses {same}; run order {r['order']}")
    if abs(r["ours_test_accuracy"] - r["pytorch_test_accuracy"]) > 0.01:
        print(f"  WARNING: test accuracies differ by more than 1 point; the two sides may not train the same model")
print(f"load average before {load_before}, after {load_after} (a busy machine skews the ratio)")
if native_torch and python_torch and os.path.realpath(native_torch) != os.path.realpath(python_torch):
    print(f"WARNING: different libtorch_cpu: ours {native_torch}, PyTorch {python_torch}")

with open(results, "w") as f:
    json.dump({
        "benchmark": "cpu", "git": rev, "host": platform.node(), "nproc": os.cpu_count(), "threads": int(threads),
        "epochs": int(epochs), "repeat": repeat, "subset": subset, "test_subset": test_subset,
        "loadavg_before": load_before, "loadavg_after": load_after,
        "libtorch_cpu": {"ours": native_torch, "pytorch": python_torch},
        "summary": rows, "raw": raw,
    }, f, indent=1)
print(f"raw results: {os.path.relpath(results)}")
PY
