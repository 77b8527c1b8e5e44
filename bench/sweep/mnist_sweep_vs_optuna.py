#!/usr/bin/python3
"""A sweep on mnist-10k (MLP; lr log 1e-4..1e-1, hidden int log
32..512, weight_decay log 1e-6..1e-2, batch_size {32, 64, 128, 256}; 20 trials; median stopping)
with dllab-cli and with Optuna 3.1 + PyTorch (TPESampler + MedianPruner), side by side: wall time
and best validation accuracy of each, and their ratio.

Both train the same model on the same data: 784-h-10 ReLU MLP, inputs scaled to [0, 1] and
normalised by the training set's mean/std, Adam, a stratified 10% of the 8,000 training digits
for validation, the same epochs and intra-op threads. Both times include loading the data; the
one-off `dataset import` is not timed. Median stopping as Optuna's MedianPruner(n_startup_trials=5,
n_warmup_steps=0) is, in dllab's terms {min_trials_required: 5, start_step: 1}.

Run with Debian's /usr/bin/python3 (python3-optuna, python3-torch: the LibTorch dllab links).
The machine is shared: the load average is printed with the numbers."""
import argparse
import gzip
import json
import pathlib
import time

import common

# Before numpy and torch load OpenBLAS: both sides on dllab's GEMM kernels (bench/same_blas.py).
BLAS = common.same_blas_kernels()

import numpy as np  # noqa: E402
import optuna  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

PARAMETERS = [
    {"name": "optimizer.lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": True},
    {"name": "model.hidden.0", "type": "int", "min": 32, "max": 512, "log": True},
    {"name": "optimizer.weight_decay", "type": "double", "min": 1e-6, "max": 1e-2, "log": True},
    {"name": "batch_size", "type": "categorical", "values": [32, 64, 128, 256]},
]


def read_idx(path):
    data = gzip.open(path, "rb").read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def stratified_split(labels, fraction, seed=0):
    rng = np.random.default_rng(seed)
    val = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        rng.shuffle(members)
        val.extend(members[:int(round(fraction * len(members)))])
    mask = np.zeros(len(labels), dtype=bool)
    mask[val] = True
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def optuna_sweep(trials, epochs, threads, seed):
    torch.set_num_threads(threads)
    start = time.perf_counter()
    folder = common.DATA
    images = read_idx(folder / "train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    labels = read_idx(folder / "train-labels-idx1-ubyte.gz").astype(np.int64)
    train, val = stratified_split(labels, 0.1)
    mean, std = float(images[train].mean()), float(images[train].std())
    x = torch.from_numpy((images - mean) / std).reshape(len(images), -1)
    y = torch.from_numpy(labels)
    xt, yt, xv, yv = x[train], y[train], x[val], y[val]

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
        hidden = trial.suggest_int("hidden", 32, 512, log=True)
        weight_decay = trial.suggest_float("weight_decay", 1e-6, 1e-2, log=True)
        batch_size = trial.suggest_categorical("batch_size", [32, 64, 128, 256])
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xt, yt),
                                             batch_size=batch_size, shuffle=True)
        loss_fn = nn.CrossEntropyLoss()
        accuracy = 0.0
        for epoch in range(1, epochs + 1):
            model.train()
            for xb, yb in loader:
                optimizer.zero_grad()
                loss_fn(model(xb), yb).backward()
                optimizer.step()
            model.eval()
            with torch.no_grad():
                accuracy = float((model(xv).argmax(1) == yv).float().mean())
            trial.report(accuracy, epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return accuracy

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed),
                                pruner=optuna.pruners.MedianPruner(n_startup_trials=5,
                                                                   n_warmup_steps=0))
    study.optimize(objective, n_trials=trials)
    seconds = time.perf_counter() - start
    pruned = sum(t.state == optuna.trial.TrialState.PRUNED for t in study.trials)
    return seconds, study.best_value, pruned, study.best_params


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", default=common.default_cli())
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1,
                        help="intra-op threads for both (1: steadiest on a busy 2-core machine)")
    parser.add_argument("--seeds", type=int, default=1,
                        help="sweeps per tool (seeds 0..N-1): one best value is noisy")
    args = parser.parse_args()

    print(f"dllab-cli: {args.cli}; OpenBLAS kernels for both: {BLAS}")
    ws = common.Workspace(args.cli)
    print(f"mnist-10k MLP sweep: {args.trials} trials, {args.epochs} epochs, TPE + median "
          f"stopping, {args.threads} thread(s); shared machine, load average in brackets")
    print(f"{'seed':>4} {'dllab s':>8} {'optuna s':>9} {'ratio':>6} {'dllab best':>11} "
          f"{'optuna best':>12} {'pruned d/o':>11}")
    rows = []
    for seed in range(args.seeds):
        spec = common.mlp_spec(f"mnist-mlp-{seed}", args.trials, 1, args.epochs, args.threads,
                               PARAMETERS,
                               {"name": "median", "min_trials_required": 5, "start_step": 1},
                               {"name": "tpe", "seed": seed})
        load = common.load()
        dllab_seconds, report = ws.sweep(spec)
        optuna_seconds, optuna_best, optuna_pruned, optuna_params = optuna_sweep(
            args.trials, args.epochs, args.threads, seed)
        dllab_best = report["best"]["objective"]
        rows.append((dllab_seconds, optuna_seconds, dllab_best, optuna_best))
        print(f"{seed:4d} {dllab_seconds:8.1f} {optuna_seconds:9.1f} "
              f"{optuna_seconds / dllab_seconds:5.2f}x {dllab_best:11.4f} {optuna_best:12.4f} "
              f"{report['counts']['pruned']:5d}/{optuna_pruned:<5d} [{load:.1f}]", flush=True)
        if args.seeds == 1:
            print("dllab best:", json.dumps(report["best"]["params"]))
            print("optuna best:", json.dumps(optuna_params))
    total_dllab = sum(r[0] for r in rows)
    total_optuna = sum(r[1] for r in rows)
    median = lambda values: float(np.median(values))
    print(f"total time: dllab {total_dllab:.1f} s, optuna {total_optuna:.1f} s, "
          f"ratio optuna/dllab {total_optuna / total_dllab:.2f}x (>1: dllab faster)")
    print(f"best val accuracy, median over seeds: dllab {median([r[2] for r in rows]):.4f}, "
          f"optuna {median([r[3] for r in rows]):.4f}; dllab >= optuna in "
          f"{sum(r[2] >= r[3] for r in rows)}/{len(rows)} seeds")


if __name__ == "__main__":
    main()
