#!/usr/bin/python3
"""dllab's TPE against Optuna 3.1's TPESampler (Debian's python3-optuna), in one run, on the same
objectives: Hartmann-6 (minimise, 6 doubles in [0, 1]) and a mixed log / int / stepped /
categorical space. 100 trials, seeds 0..9 each (--seeds and --first-seed draw other samples: a
median over 10 seeds is noisy, and both samplers run the same algorithm). Prints the median best
value over the seeds and the mean time of one suggestion (Optuna: study.ask() with the
distributions, which is where it samples; dllab: TpeSampler::suggest), with their ratio; and, for
reference, dllab's TPE with "multivariate": true, which Optuna's default does not use. Run by
hand, not in CI:

    /usr/bin/python3 bench/hpo/tpe_vs_optuna.py [--bench build/release/bench/hpo/bench_hpo_tpe]

Needs /usr/bin/python3: the `python3` first on PATH may be another interpreter without optuna.
"""
import argparse
import json
import math
import os
import pathlib
import statistics
import subprocess
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

# Hartmann-6, as bench_tpe.cpp defines it.
ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8],
     [0.05, 10, 17, 0.1, 8, 14],
     [3, 3.5, 1.7, 10, 17, 8],
     [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
     [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
     [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(params):
    x = [params[f"x{j}"] for j in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))
        total += ALPHA[i] * math.exp(-inner)
    return -total


HARTMANN_SPACE = {f"x{j}": FloatDistribution(0.0, 1.0) for j in range(6)}

ACTIVATION_COST = {"relu": 0.0, "gelu": 0.1, "tanh": 0.4, "sigmoid": 1.0}
BATCH_COST = {16: 0.3, 32: 0.1, 64: 0.0, 128: 0.05, 256: 0.2}


def mixed(params):
    """The same made-up training-like objective as bench_tpe.cpp's `mixed`; minimum 0."""
    batch = params["batch_size"]
    lr_term = math.log10(params["lr"]) + 2.5 - 0.25 * math.log2(batch / 64.0)
    return (lr_term ** 2 + 0.3 * (math.log2(params["units"]) - 7.5) ** 2
            + 0.1 * (params["layers"] - 3.0) ** 2 + 5.0 * (params["dropout"] - 0.2) ** 2
            + ACTIVATION_COST[params["activation"]] + BATCH_COST[batch])


MIXED_SPACE = {
    "lr": FloatDistribution(1e-5, 1e-1, log=True),
    "units": IntDistribution(16, 1024, log=True),
    "layers": IntDistribution(1, 8),
    "dropout": FloatDistribution(0.0, 0.5, step=0.05),
    "activation": CategoricalDistribution(["relu", "tanh", "sigmoid", "gelu"]),
    "batch_size": CategoricalDistribution([16, 32, 64, 128, 256]),
}

OBJECTIVES = {"hartmann6": (hartmann6, HARTMANN_SPACE), "mixed": (mixed, MIXED_SPACE)}


def run_optuna(objective, space, trials, first_seed, seeds):
    best, ask_seconds, tpe_seconds = [], 0.0, 0.0
    for seed in range(first_seed, first_seed + seeds):
        study = optuna.create_study(direction="minimize",
                                    sampler=optuna.samplers.TPESampler(seed=seed))
        for t in range(trials):
            start = time.perf_counter()
            trial = study.ask(space)
            elapsed = time.perf_counter() - start
            ask_seconds += elapsed
            if t >= 10:
                tpe_seconds += elapsed
            study.tell(trial, objective(trial.params))
        best.append(study.best_value)
    return {"best": best,
            "mean_suggest_ms": 1e3 * ask_seconds / (trials * seeds),
            "mean_tpe_suggest_ms": 1e3 * tpe_seconds / (max(trials - 10, 1) * seeds)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", help="the bench_hpo_tpe executable (default: the newest "
                                         "build*/**/bench_hpo_tpe under the source tree)")
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0,
                        help="run seeds FIRST..FIRST+SEEDS-1 (another sample of the same race)")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if args.bench is None:
        root = pathlib.Path(__file__).resolve().parents[2]
        built = sorted(root.glob("build*/**/bench/hpo/bench_hpo_tpe"), key=os.path.getmtime)
        if not built:
            parser.error("no bench_hpo_tpe under build*/; build it or pass --bench")
        args.bench = str(built[-1])

    def run_ours(multivariate):
        return json.loads(subprocess.run(
            [args.bench, "--trials", str(args.trials), "--seeds", str(args.seeds), "--first-seed",
             str(args.first_seed), "--multivariate", "true" if multivariate else "false"],
            check=True, capture_output=True, text=True).stdout)

    ours = run_ours(False)
    ours_multivariate = run_ours(True)
    theirs = {name: run_optuna(fn, space, args.trials, args.first_seed, args.seeds)
              for name, (fn, space) in OBJECTIVES.items()}

    last_seed = args.first_seed + args.seeds - 1
    print(f"TPE, {args.trials} trials, seeds {args.first_seed}..{last_seed}; "
          f"optuna {optuna.__version__}")
    print("best value: median (mean) over the seeds; ms per suggestion: all trials / after the "
          "10 startup trials")
    header = ("objective", "dllab best", "optuna best", "dllab ms", "optuna ms", "optuna/dllab")
    print(f"{header[0]:<10} {header[1]:>18} {header[2]:>18} {header[3]:>15} {header[4]:>15} "
          f"{header[5]:>13}")
    verdicts = {}
    for name in OBJECTIVES:
        a, b = ours[name], theirs[name]
        med_a, med_b = statistics.median(a["best"]), statistics.median(b["best"])
        best_a = f"{med_a:.4f} ({statistics.mean(a['best']):.4f})"
        best_b = f"{med_b:.4f} ({statistics.mean(b['best']):.4f})"
        ms_a = f"{a['mean_suggest_ms']:.3f} / {a['mean_tpe_suggest_ms']:.3f}"
        ms_b = f"{b['mean_suggest_ms']:.2f} / {b['mean_tpe_suggest_ms']:.2f}"
        ratio = b["mean_suggest_ms"] / a["mean_suggest_ms"]
        print(f"{name:<10} {best_a:>18} {best_b:>18} {ms_a:>15} {ms_b:>15} {ratio:>12.0f}x")
        verdicts[name] = med_a <= med_b and a["mean_tpe_suggest_ms"] <= 1.0
    if args.seeds >= 20:
        # The target's check is one 10-seed median against another; over many seeds, say how often
        # that check comes out in dllab's favour, block by block of 10 seeds.
        for name in OBJECTIVES:
            a, b = ours[name]["best"], theirs[name]["best"]
            blocks = args.seeds // 10
            wins = sum(statistics.median(a[10 * i:10 * i + 10]) <= statistics.median(b[10 * i:10 * i + 10])
                       for i in range(blocks))
            print(f"{name:<10} 10-seed blocks where dllab's median is at least as good: {wins}/{blocks}")
    for name in OBJECTIVES:
        m = ours_multivariate[name]
        print(f"{name:<10} dllab with multivariate=true: best {statistics.median(m['best']):.4f} "
              f"({statistics.mean(m['best']):.4f}), {m['mean_tpe_suggest_ms']:.3f} ms per TPE suggestion")
    if args.json:
        print(json.dumps({"dllab": ours, "dllab_multivariate": ours_multivariate, "optuna": theirs},
                         indent=2))
    print("targets (median best <= optuna's, <= 1 ms per suggestion): "
          + ", ".join(f"{name} {'met' if met else 'NOT met'}" for name, met in verdicts.items()))
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
