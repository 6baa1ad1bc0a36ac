#!/usr/bin/python3
"""PyTorch reference for bench/cpu.sh: trains a run spec the way our worker does, in Python.

Debian's python3-torch wraps the same libtorch 1.13 as our worker, so the difference in training
time between the two is our overhead (C# + the C ABI shim) against Python's.

Everything that decides *what* is computed follows the worker (Training/Engine/Trainer.cs,
Training/Data/*): the model is built from the spec with the rules of docs/run-spec.md (and checked
layer by layer against `./ablate validate --json`), the subset / validation split / per-epoch
shuffle use the same SplitMix64 streams, weights are initialised right after
torch.manual_seed(seed) in the same layer order, and every epoch reseeds libtorch from
(seed, epoch). On one machine with one thread count the two sides therefore see the same
batches, dropout masks and initial weights, and their losses come out identical (bit for bit
so far; bench/cpu.sh checks it).

Per training step (timed): index_select the uint8 images and int64 labels, .float() * (1/255),
(x - mean) / std, forward, cross entropy, zero_grad(set_to_none=True), backward, step, loss and
correct-count accumulators on the device, loss.item() every step. Evaluation (not timed) uses
model.eval() and torch.no_grad() over contiguous slices of max(batch_size, 1000).

With --out DIR it also records what `./ablate run --out DIR` records, so bench/cpu.sh can time
the whole run on both sides: every event line in DIR/events.jsonl, the weights and the optimizer's
state after each epoch (DIR/checkpoint.pt, written to a temporary name and renamed, as the
worker's checkpoint), and after the last epoch one more pass over the test split with the final
weights for DIR/evaluation.json (confusion matrix and per-class accuracy, as
Training/Engine/RunEvaluation.cs).

Usage:
  /usr/bin/python3 bench/reference_pytorch.py SPEC.json [--epochs N] [--threads N]
      [--expect-parameters N | --model-json FILE] [--data-dir DIR] [--out DIR]

Prints one JSON object per line: a `start` event, then one `epoch` event per epoch with
train_seconds, train_loss, train_accuracy, val_loss, val_accuracy, test_loss, test_accuracy.
Exit code 2 when the model differs from the worker's (parameter count or layer list).
"""

import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MASK64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist"


def fail(message, code=2):
    print(f"reference_pytorch: {message}", file=sys.stderr)
    sys.exit(code)


# ---------------------------------------------------------------------------------------------
# Training/Data/SeededRandom.cs and Splits.cs, bit for bit


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


class SeededRandom:
    """SplitMix64 with a stream selector, as Training/Data/SeededRandom.cs."""

    def __init__(self, seed, stream=0):
        self.state = (seed & MASK64) ^ _mix((stream * 0xD1B54A32D192ED03) & MASK64)

    def next_u64(self):
        self.state = (self.state + GAMMA) & MASK64
        return _mix(self.state)

    def next_int(self, n):
        # Lemire's multiply-shift with rejection.
        product = self.next_u64() * n
        low = product & MASK64
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                product = self.next_u64() * n
                low = product & MASK64
        return product >> 64

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.next_int(i + 1)
            items[i], items[j] = items[j], items[i]


def subset_indices(count, size, seed):
    indices = list(range(count))
    rng = SeededRandom(seed, 1)
    for i in range(size):
        j = i + rng.next_int(count - i)
        indices[i], indices[j] = indices[j], indices[i]
    return sorted(indices[:size])


def round_half_away(x):
    f = math.floor(x)
    return int(f + 1 if x - f >= 0.5 else f)


def train_validation(count, fraction, seed):
    validation_size = round_half_away(count * fraction)
    indices = list(range(count))
    SeededRandom(seed, 2).shuffle(indices)
    return sorted(indices[validation_size:]), sorted(indices[:validation_size])


def mix_seed(seed, epoch):
    """Trainer.MixSeed: the libtorch seed of one epoch."""
    return _mix(((seed & MASK64) * GAMMA + epoch) & MASK64)


# ---------------------------------------------------------------------------------------------
# Data: Debian's Fashion-MNIST IDX files, split and normalised like Training/Data/DatasetLoader.cs


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        fail(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_data(data_spec, seed, data_dir):
    if data_spec.get("dataset") != "fashion-mnist":
        fail(f"only data.dataset \"fashion-mnist\" is supported here, not {data_spec.get('dataset')!r}")
    if data_spec.get("normalization", "standard") not in ("standard", "none"):
        fail(f"unknown data.normalization {data_spec.get('normalization')!r}")

    def images(name):
        arr = read_idx(os.path.join(data_dir, name))
        return arr.reshape(arr.shape[0], 1, arr.shape[1], arr.shape[2])

    train_x = images("train-images-idx3-ubyte.gz")
    train_y = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    test_x = images("t10k-images-idx3-ubyte.gz")
    test_y = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    classes = int(max(train_y.max(), test_y.max())) + 1

    pool = list(range(len(train_x)))
    if data_spec.get("subset") is not None:
        pool = subset_indices(len(train_x), int(data_spec["subset"]), seed)
    train_pos, val_pos = train_validation(len(pool), float(data_spec.get("validation_fraction", 0.1)), seed)
    train_idx = np.array([pool[p] for p in train_pos], dtype=np.int64)
    val_idx = np.array([pool[p] for p in val_pos], dtype=np.int64)
    if data_spec.get("test_subset") is not None:
        test_idx = np.array(subset_indices(len(test_x), int(data_spec["test_subset"]), seed), dtype=np.int64)
        test_x, test_y = test_x[test_idx], test_y[test_idx]

    tx = train_x[train_idx]
    if data_spec.get("normalization", "standard") == "standard":
        # Normalization.ChannelStats: exact integer sums, population std, rounded to float32.
        n = float(tx.size)
        s = float(tx.sum(dtype=np.int64))
        sq = float((tx.astype(np.int64) ** 2).sum())
        m = s / n / 255.0
        var = max(0.0, sq / n / (255.0 * 255.0) - m * m)
        sd = math.sqrt(var)
        mean, std = float(np.float32(m)), float(np.float32(sd) if sd > 1e-12 else 1.0)
    else:
        mean, std = 0.0, 1.0

    def split(x, y):
        return torch.from_numpy(np.array(x, copy=True)), torch.from_numpy(np.array(y, copy=True))

    return {
        "train": split(tx, train_y[train_idx]),
        "val": split(train_x[val_idx], train_y[val_idx]),
        "test": split(test_x, test_y),
        "mean": mean,
        "std": std,
        "classes": classes,
        "input_shape": list(train_x.shape[1:]),
    }


# ---------------------------------------------------------------------------------------------
# Models: docs/run-spec.md (Training/Models/ModelPlanner.cs), families mlp and cnn


def activation(m):
    name = m.get("activation", "relu")
    if name == "relu":
        return nn.ReLU()
    if name == "gelu":
        return nn.GELU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "leaky_relu":
        return nn.LeakyReLU(m.get("leaky_slope", 0.01))
    fail(f"unknown model.activation {name!r}")


def build_model(m, input_shape, classes):
    """Returns (nn.Sequential, [type names]) in the worker's layer order."""
    family = m.get("family")
    c, h, w = input_shape
    layers = []
    eps, momentum = m.get("bn_eps", 1e-5), m.get("bn_momentum", 0.1)
    dropout = m.get("dropout", 0.0)
    hidden = m.get("hidden_sizes", [])

    if family == "mlp":
        layers.append(nn.Flatten())
        features = c * h * w
        for width in hidden:
            layers.append(nn.Linear(features, width))
            features = width
            if m.get("batch_norm", False):
                layers.append(nn.BatchNorm1d(width, eps=eps, momentum=momentum))
            layers.append(activation(m))
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
        layers.append(nn.Linear(features, classes))
    elif family == "cnn":
        k = m.get("kernel_size", 3)
        stride = m.get("stride", 1)
        padding = m.get("padding", k // 2)
        pool = m.get("pool", "max")
        pool_k = m.get("pool_kernel", 2)
        pool_s = m.get("pool_stride", pool_k)
        order = m.get("block_order", ["conv", "bn", "act", "pool", "dropout"])
        for channels in m.get("conv_channels", [32, 64]):
            for part in order:
                if part == "conv":
                    layers.append(nn.Conv2d(c, channels, k, stride=stride, padding=padding))
                    c = channels
                    h, w = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
                elif part == "bn" and m.get("batch_norm", False):
                    layers.append(nn.BatchNorm2d(c, eps=eps, momentum=momentum))
                elif part == "act":
                    layers.append(activation(m))
                elif part == "pool" and pool != "none":
                    cls = nn.AvgPool2d if pool == "avg" else nn.MaxPool2d
                    layers.append(cls(pool_k, stride=pool_s))
                    h, w = (h - pool_k) // pool_s + 1, (w - pool_k) // pool_s + 1
                elif part == "dropout" and dropout > 0:
                    layers.append(nn.Dropout(dropout))
        head_dropout = m.get("head_dropout")
        if head_dropout is None:
            head_dropout = 0.0 if "dropout" in order else dropout
        layers.append(nn.Flatten())
        features = c * h * w
        for width in hidden:
            if head_dropout > 0:
                layers.append(nn.Dropout(head_dropout))
            layers.append(nn.Linear(features, width))
            features = width
            layers.append(activation(m))
        if head_dropout > 0:
            layers.append(nn.Dropout(head_dropout))
        layers.append(nn.Linear(features, classes))
    else:
        fail(f"model.family {family!r}: this reference builds only mlp and cnn")

    model = nn.Sequential(*layers)
    if m.get("init_std") is not None:
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, (nn.Linear, nn.Conv2d)):
                    module.weight.normal_(0.0, m["init_std"])
                    if module.bias is not None:
                        module.bias.zero_()
    return model


def check_against_worker(model, input_shape, worker_model):
    """Compares layer types, per-layer parameter counts and output shapes with validate --json."""
    ours = list(model)
    theirs = worker_model["layers"]
    problems = []
    if len(ours) != len(theirs):
        problems.append(f"{len(ours)} layers here, {len(theirs)} in the worker")
    x = torch.zeros(2, *input_shape)
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for i, (mine, layer) in enumerate(zip(ours, theirs)):
            x = mine(x)
            kind = layer["layer"].split("(")[0]  # "Conv2d(1→32, k=3, s=1, p=1)" → "Conv2d"
            my_kind = type(mine).__name__
            params = sum(p.numel() for p in mine.parameters())
            shape = list(x.shape[1:])
            if kind != my_kind:
                problems.append(f"layer {i + 1}: {my_kind} here, {layer['layer']} ({layer['name']}) in the worker")
            if params != layer["parameters"]:
                problems.append(f"layer {i + 1} ({layer['name']}): {params} parameters here, {layer['parameters']} in the worker")
            if shape != layer["output_shape"]:
                problems.append(f"layer {i + 1} ({layer['name']}): output {shape} here, {layer['output_shape']} in the worker")
    model.train(was_training)
    return problems


def worker_model_json(spec_path):
    ablate = os.path.join(REPO, "ablate")
    try:
        out = subprocess.run([ablate, "validate", spec_path, "--json"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        fail(f"`./ablate validate {spec_path} --json` failed: {getattr(e, 'stderr', '') or e}")
    for line in out.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            if event.get("event") == "model":
                return event
    fail("`./ablate validate --json` printed no model event")


# ---------------------------------------------------------------------------------------------
# Training: Training/Engine/Trainer.cs


def steps_per_epoch(count, batch):
    return count // batch if count % batch == 1 and count > 1 else (count + batch - 1) // batch


def evaluate(model, split, mean, std, batch):
    images, labels = split
    model.eval()
    loss_sum = torch.zeros(1, dtype=torch.float32)
    correct = torch.zeros(1, dtype=torch.int64)
    with torch.no_grad():
        size = max(batch, 1000)
        for start in range(0, len(images), size):
            n = min(size, len(images) - start)
            x = (images.narrow(0, start, n).float() * SCALE - mean) / std
            y = labels.narrow(0, start, n)
            out = model(x)
            loss_sum.add_(F.cross_entropy(out, y), alpha=n)
            correct.add_((out.argmax(1) == y).sum())
    count = len(images)
    return loss_sum.item() / count, correct.item() / count


SCALE = float(np.float32(1.0) / np.float32(255.0))  # the worker's 1f / 255f


class Recorder:
    """Prints each event; with --out also appends it to DIR/events.jsonl, as the worker does."""

    def __init__(self, out):
        self.out = out
        self.file = None
        if out:
            os.makedirs(out, exist_ok=True)
            self.file = open(os.path.join(out, "events.jsonl"), "a")

    def emit(self, event):
        line = json.dumps(event)
        print(line, flush=True)
        if self.file:
            self.file.write(line + "\n")
            self.file.flush()

    def checkpoint(self, model, optimizer, epoch):
        path = os.path.join(self.out, "checkpoint.pt")
        torch.save({"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()}, path + ".tmp")
        os.replace(path + ".tmp", path)

    def evaluation(self, model, split, mean, std, classes, epoch):
        images, labels = split
        model.eval()
        outputs = []
        with torch.no_grad():
            for start in range(0, len(images), 1000):
                n = min(1000, len(images) - start)
                outputs.append(model((images.narrow(0, start, n).float() * SCALE - mean) / std))
        predicted = torch.cat(outputs).argmax(1)
        confusion = torch.zeros(classes, classes, dtype=torch.int64)
        confusion.index_put_((labels, predicted), torch.ones_like(labels), accumulate=True)
        totals = confusion.sum(1)
        per_class = [None if t == 0 else confusion[k, k].item() / t for k, t in enumerate(totals.tolist())]
        path = os.path.join(self.out, "evaluation.json")
        with open(path + ".tmp", "w") as f:
            json.dump({"kind": "classification", "split": "test", "epoch": epoch,
                       "confusion": confusion.tolist(), "per_class_accuracy": per_class}, f)
        os.replace(path + ".tmp", path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("spec")
    p.add_argument("--epochs", type=int, help="overrides the spec's epochs")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads (default: every core)")
    p.add_argument("--expect-parameters", type=int, help="the worker's parameter count (skips calling ./ablate validate)")
    p.add_argument("--model-json", help="a file holding the output of `./ablate validate SPEC --json`")
    p.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    p.add_argument("--out", help="record events, checkpoints and the evaluation file here, as ./ablate run --out does")
    args = p.parse_args()
    recorder = Recorder(args.out)

    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)

    with open(args.spec) as f:
        spec = json.load(f)
    model_spec = spec["model"]
    seed = int(spec.get("seed", 1))
    batch = int(spec.get("batch_size", 128))
    epochs = args.epochs if args.epochs is not None else int(spec.get("epochs", 10))
    if spec.get("loss", {}).get("name", "cross_entropy") != "cross_entropy" or spec.get("loss", {}).get("label_smoothing", 0):
        fail("only loss cross_entropy without label smoothing is supported here")
    opt = spec.get("optimizer", {})
    if opt.get("name", "adam") != "adam":
        fail("only optimizer adam is supported here")
    if spec.get("device", "auto") not in ("cpu", "auto"):
        fail("this reference runs on the CPU only")

    data = load_data(spec["data"], seed, args.data_dir)

    # Trainer.Run: seed, then build, so initialisation depends on the seed alone.
    torch.manual_seed(seed & MASK64)
    model = build_model(model_spec, data["input_shape"], data["classes"])
    parameters = sum(p.numel() for p in model.parameters())

    if args.model_json or args.expect_parameters is None:
        if args.model_json:
            with open(args.model_json) as f:
                worker = next(json.loads(l) for l in f if l.startswith("{") and '"model"' in l)
        else:
            worker = worker_model_json(args.spec)
        problems = []
        if worker["parameters"] != parameters:
            problems.append(f"{parameters} parameters here, {worker['parameters']} in the worker")
        problems += check_against_worker(model, data["input_shape"], worker)
        if problems:
            fail("the PyTorch model differs from the worker's:\n  " + "\n  ".join(problems))
    if args.expect_parameters is not None and args.expect_parameters != parameters:
        fail(f"the PyTorch model has {parameters} parameters but the worker's has {args.expect_parameters}")

    optimizer = torch.optim.Adam(
        model.parameters(),
        lr=opt.get("lr", 1e-3),
        betas=tuple(opt.get("betas", [0.9, 0.999])),
        eps=opt.get("eps", 1e-8),
        weight_decay=opt.get("weight_decay", 0.0),
    )

    images, labels = data["train"]
    mean, std = data["mean"], data["std"]
    count = len(images)
    steps = steps_per_epoch(count, batch)
    log_every = int(spec.get("log_every", 50))
    recorder.emit({
        "event": "start", "torch_version": torch.__version__, "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(), "train_size": count, "validation_size": len(data["val"][0]),
        "test_size": len(data["test"][0]), "parameters": parameters, "epochs": epochs, "steps_per_epoch": steps,
        "mean": mean, "std": std,
    })

    step = 0
    for epoch in range(1, epochs + 1):
        # The permutation is drawn before the clock starts (pure Python would take ~0.1 s for
        # 54000 items; the worker's C# shuffle takes about a millisecond inside its clock).
        order = list(range(count))
        SeededRandom(seed, epoch).shuffle(order)
        order = torch.tensor(order, dtype=torch.int64)

        start_time = time.perf_counter()
        torch.manual_seed(mix_seed(seed, epoch))
        model.train()
        loss_sum = torch.zeros(1, dtype=torch.float32)
        correct = torch.zeros(1, dtype=torch.int64)
        interval_sum = torch.zeros(1, dtype=torch.float32)
        interval_steps = 0
        samples = 0
        for s in range(steps):
            begin = s * batch
            size = min(batch, count - begin)
            idx = order[begin:begin + size].clone()  # the worker builds a fresh index tensor per step
            x = (images.index_select(0, idx).float() * SCALE - mean) / std
            y = labels.index_select(0, idx)
            out = model(x)
            loss = F.cross_entropy(out, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum.add_(loss.detach(), alpha=size)
            interval_sum.add_(loss.detach())
            correct.add_((out.argmax(1) == y).sum())
            value = loss.item()
            if not math.isfinite(value):
                recorder.emit({"event": "diverged", "epoch": epoch, "step": step + 1, "loss": str(value)})
                sys.exit(3)
            step += 1
            samples += size
            interval_steps += 1
            if step % log_every == 0:
                # The worker's batch event: the interval's mean loss.
                recorder.emit({"event": "batch", "epoch": epoch, "step": step,
                               "loss": interval_sum.item() / interval_steps, "lr": optimizer.param_groups[0]["lr"]})
                interval_sum.zero_()
                interval_steps = 0
        train_loss = loss_sum.item() / samples
        train_accuracy = correct.item() / samples
        train_seconds = time.perf_counter() - start_time

        val_loss, val_accuracy = evaluate(model, data["val"], mean, std, batch) if len(data["val"][0]) else (None, None)
        test_loss, test_accuracy = evaluate(model, data["test"], mean, std, batch)
        recorder.emit({
            "event": "epoch", "epoch": epoch, "train_seconds": train_seconds,
            "epoch_seconds": time.perf_counter() - start_time, "samples_per_second": samples / train_seconds,
            "train_loss": train_loss, "train_accuracy": train_accuracy, "val_loss": val_loss,
            "val_accuracy": val_accuracy, "test_loss": test_loss, "test_accuracy": test_accuracy,
        })
        if args.out:
            recorder.checkpoint(model, optimizer, epoch)

    if args.out:
        recorder.evaluation(model, data["test"], mean, std, data["classes"], epochs)
        recorder.emit({"event": "final", "status": "succeeded", "epochs": epochs})


if __name__ == "__main__":
    main()
