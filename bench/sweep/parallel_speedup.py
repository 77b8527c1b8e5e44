#!/usr/bin/python3
"""A 10-trial sweep on mnist-10k with parallelTrialCount 2 against 1, on
this (2-core) machine. Random search with a fixed seed and no early stopping, so every sweep
trains exactly the same ten trials (dllab seeds each trial from the sweep seed and the trial
number). Parallel trials each get max(1, cores / parallel) intra-op threads, so 1 trial gets 2
threads here; the 1-trial sweep is also timed with 1 thread, the fairer baseline where 2 threads
contend with the machine's other work. The machine is shared: the load average is printed.

Two threads already speed a lone trial up by s = (1-thread time) / (2-thread time), so even a
perfect parallel 2 (half the 1-thread time) beats parallel 1 by at most 2 / s: the bench prints
that ceiling and how close parallel 2 came to it. --repeat runs the three sweeps in turn that
many times and prints the median of each ratio, as one run on a shared 2-vCPU machine is noisy."""
import argparse
import statistics

import common

SPACES = {
    # The kind of sweep users run: GEMMs big enough that one trial uses both cores well.
    "default": [
        {"name": "optimizer.lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": True},
        {"name": "model.hidden.0", "type": "int", "min": 32, "max": 256, "log": True},
        {"name": "batch_size", "type": "categorical", "values": [64, 128]},
    ],
    # The mnist sweep of bench/sweep/mnist_sweep_vs_optuna.py.
    "issue": [
        {"name": "optimizer.lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": True},
        {"name": "model.hidden.0", "type": "int", "min": 32, "max": 512, "log": True},
        {"name": "optimizer.weight_decay", "type": "double", "min": 1e-6, "max": 1e-2, "log": True},
        {"name": "batch_size", "type": "categorical", "values": [32, 64, 128, 256]},
    ],
    # Small models and batches: each step is too short for two intra-op threads to pay off,
    # which is where running trials side by side helps most.
    "small": [
        {"name": "optimizer.lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": True},
        {"name": "model.hidden.0", "type": "int", "min": 16, "max": 64, "log": True},
        {"name": "batch_size", "type": "categorical", "values": [16, 32]},
    ],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", default=common.default_cli())
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--space", choices=sorted(SPACES), default="default")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    print(f"dllab-cli: {args.cli}")
    ws = common.Workspace(args.cli)
    algorithm = {"name": "random", "seed": 0}
    print(f"mnist-10k MLP, {args.space} space, {args.trials} trials x {args.epochs} epochs, "
          "random search (seed 0)")
    speedups, speedups_one, ceilings = [], [], []
    for _ in range(args.repeat):
        seconds = []
        for label, parallel, threads in (("parallel 1, threads auto (2)", 1, 0),
                                         ("parallel 1, threads 1", 1, 1),
                                         ("parallel 2, threads auto (1 each)", 2, 0)):
            load = common.load()
            spec = common.mlp_spec("speedup", args.trials, parallel, args.epochs, threads,
                                   SPACES[args.space], algorithm=algorithm)
            elapsed, report = ws.sweep(spec)
            assert report["status"] == "finished", report
            seconds.append(elapsed)
            print(f"{label:36} {elapsed:7.1f} s  best val acc {report['best']['objective']:.4f}  "
                  f"(load avg at start {load:.1f})")
        two_threads, one_thread, parallel_two = seconds
        speedups.append(two_threads / parallel_two)
        speedups_one.append(one_thread / parallel_two)
        ceilings.append(2 * two_threads / one_thread)
        print(f"speedup parallel 2 vs parallel 1 (2 threads): {speedups[-1]:.2f}x "
              f"(ceiling 2/s = {ceilings[-1]:.2f}x: a lone trial runs {one_thread / two_threads:.2f}x "
              "faster on 2 threads)")
        print(f"speedup parallel 2 vs parallel 1 (1 thread):  {speedups_one[-1]:.2f}x (ceiling 2x)")
    if args.repeat > 1:
        print(f"median of {args.repeat}: parallel 2 vs parallel 1 (2 threads) "
              f"{statistics.median(speedups):.2f}x, ceiling {statistics.median(ceilings):.2f}x; "
              f"vs parallel 1 (1 thread) {statistics.median(speedups_one):.2f}x")


if __name__ == "__main__":
    main()
