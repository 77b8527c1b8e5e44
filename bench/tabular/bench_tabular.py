#!/usr/bin/python3
"""Real tables imported with only --label and trained with default settings, against
scikit-learn (LogisticRegression or, for a numeric target, Ridge; RandomForest beside it) on the
same split with the same preprocessing idea (numeric: median fill and
standardisation; categorical: one-hot with a slot for unseen values; date: the year standardised
and the time of year and day of week as sine/cosine pairs; text columns left out; every
statistic fitted on train). Reads the split and the typed columns from the dataset version's own
HDF5 file, so both sides see the same rows. Run by hand (not in CI):

    /usr/bin/python3 bench/tabular/bench_tabular.py --cli build/ci/app/cli/dllab-cli

Needs python3-sklearn and python3-h5py (apt-get), and npm for the NOAA weather tables shipped in
the npm package vega-datasets (seattle-weather: classes; weather: temp_max, a regression).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import h5py
import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression, Ridge

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))
DAYS_PER_YEAR = 365.2425


def vega_csv(name, cache):
    path = os.path.join(cache, "node_modules", "vega-datasets", "data", name)
    if not os.path.exists(path):
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-save", "--no-audit", "--no-fund",
                        "--prefix", cache, "vega-datasets@2"], check=True, capture_output=True)
    return path


def cli(args, workspace, exe):
    out = subprocess.run([exe, "--workspace", workspace] + args + ["--json"], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def read_version(workspace, blob):
    with h5py.File(os.path.join(workspace, "blobs", blob[:2], blob[2:]), "r") as f:
        x = f["features"][:].astype(np.float64)
        y = f["labels"][:]
        splits = {name: f["splits"][name][:] for name in f["splits"]}
        schema = json.loads(bytes(f["schema"][:]).decode())
    return x, y, splits, schema["column_types"], schema.get("task") == "regression"


def encode(x, train, types):
    """The features dllab's column encoder makes, fitted on the rows `train`."""
    parts = []
    for c, column in enumerate(types):
        kind, cells = column["type"], x[:, c]
        if kind in ("numeric", "date"):
            fill = np.median(cells[train][~np.isnan(cells[train])]) if (~np.isnan(cells[train])).any() else 0
            cells = np.where(np.isnan(cells), fill, cells)
        if kind == "numeric":
            mean, sd = cells[train].mean(), cells[train].std()
            parts.append(((cells - mean) / (sd if sd > 1e-8 else 1))[:, None])
        elif kind == "categorical":
            k = len(column.get("categories", []))
            codes = np.where(np.isnan(cells) | (cells < 0) | (cells >= k), k, cells).astype(int)
            parts.append(np.eye(k + 1)[codes])
        elif kind == "date":
            years = cells / DAYS_PER_YEAR
            mean, sd = (years + 1970)[train].mean(), (years + 1970)[train].std()
            season = (years - np.floor(years)) * 2 * np.pi
            weekday = np.fmod(np.floor(cells) + 3, 7) * 2 * np.pi / 7
            parts += [((years + 1970 - mean) / (sd if sd > 1e-8 else 1))[:, None],
                      np.sin(season)[:, None], np.cos(season)[:, None],
                      np.sin(weekday)[:, None], np.cos(weekday)[:, None]]
    return np.hstack(parts)


def bench(name, path, label, exe, root):
    workspace = os.path.join(root, name)
    started = time.perf_counter()
    cli(["dataset", "import", path, "--name", name, "--label", label], workspace, exe)
    version = cli(["dataset", "split", name, "--val", "0.1", "--test", "0.2", "--seed", "0"],
                  workspace, exe)
    run = subprocess.run([exe, "--workspace", workspace, "train", "--dataset", name],
                         check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    metrics = cli(["runs", "list"], workspace, exe)[0]["metrics"]
    x, y, splits, types, regression = read_version(workspace, version["blob"])
    train, test = splits["train"], splits["test"]
    features = encode(x, train, types)
    if regression:
        return compare_regression(name, metrics, features, y, train, test, seconds)
    scores = baseline_scores(
        (("logistic", LogisticRegression(max_iter=3000)),
         ("forest", RandomForestClassifier(n_estimators=200, random_state=0))),
        features, y, train, test, lambda actual, predicted: float((actual == predicted).mean()))
    majority = float((y[test] == np.bincount(y[train]).argmax()).mean())
    dllab = metrics["test_accuracy"]
    met = dllab >= scores["logistic"] - 0.02
    print(f"{name:16s} accuracy: dllab {dllab:.4f}  logistic {scores['logistic']:.4f}  "
          f"forest {scores['forest']:.4f}  majority {majority:.4f}  "
          f"({'met' if met else 'NOT met'}: dllab >= logistic - 0.02; import+split+train "
          f"{seconds:.1f} s, {len(test)} test rows, {features.shape[1]} features)")
    return met


def baseline_scores(models, features, y, train, test, score):
    """Each scikit-learn model fitted on the train rows, scored on the test rows."""
    return {name: score(y[test], model.fit(features[train], y[train]).predict(features[test]))
            for name, model in models}


def r2(actual, predicted):
    return float(1 - ((actual - predicted) ** 2).sum() / ((actual - actual.mean()) ** 2).sum())


def compare_regression(name, metrics, features, y, train, test, seconds):
    """R² on the test split: dllab's against Ridge's (less 0.03), RandomForest beside them."""
    y = y.astype(np.float64)
    scores = baseline_scores(
        (("ridge", Ridge(alpha=1.0)),
         ("forest", RandomForestRegressor(n_estimators=200, random_state=0))),
        features, y, train, test, r2)
    dllab = metrics["test_r2"]
    met = dllab >= scores["ridge"] - 0.03
    print(f"{name:16s} R²: dllab {dllab:.4f}  ridge {scores['ridge']:.4f}  "
          f"forest {scores['forest']:.4f}  (rmse {metrics['test_rmse']:.4g}; "
          f"{'met' if met else 'NOT met'}: dllab >= ridge - 0.03; import+split+train "
          f"{seconds:.1f} s, {len(test)} test rows, {features.shape[1]} features)")
    return met


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", default="build/ci/app/cli/dllab-cli")
    args = parser.parse_args()
    exe = os.path.abspath(args.cli)
    with tempfile.TemporaryDirectory() as root:
        tables = [("birdstrikes", os.path.join(SHARED, "birdstrikes.csv"), "Effect Amount of damage"),
                  ("gapminder", os.path.join(SHARED, "gapminder.csv"), "life_expect"),
                  ("seattle-weather", vega_csv("seattle-weather.csv", os.path.join(root, "npm")),
                   "weather"),
                  ("weather-temp", vega_csv("weather.csv", os.path.join(root, "npm")), "temp_max")]
        results = [bench(name, path, label, exe, root) for name, path, label in tables]
    raise SystemExit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
