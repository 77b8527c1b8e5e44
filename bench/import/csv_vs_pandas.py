#!/usr/bin/python3
"""CSV import throughput: `dllab-cli dataset import` against pandas.read_csv + h5py writing the
same arrays, in one run side by side: a generated numeric CSV (default ~110 MB), and a generated
mixed table (1M rows of numbers with missing cells, a text category, an ISO date and a label),
where pandas infers the types, parses the dates and codes the categories; plus the import time of
mnist-10k. Prints ratios; run by hand (not in CI):

    /usr/bin/python3 bench/import/csv_vs_pandas.py --cli build/release/app/cli/dllab-cli
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

import h5py
import numpy as np
import pandas as pd


def generate_csv(path, rows, columns, seed=0):
    rng = np.random.default_rng(seed)
    chunk = 100_000
    with open(path, "w") as out:
        out.write(",".join(f"f{i}" for i in range(columns)) + ",label\n")
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            features = rng.normal(size=(n, columns)).astype(np.float32)
            labels = rng.integers(0, 10, size=n)
            block = np.column_stack([features, labels])
            np.savetxt(out, block, delimiter=",", fmt=["%.6g"] * columns + ["%d"])


def pandas_import(csv, h5):
    frame = pd.read_csv(csv)
    features = frame.iloc[:, :-1].to_numpy(dtype=np.float32)
    labels = frame.iloc[:, -1].to_numpy(dtype=np.int64)
    with h5py.File(h5, "w") as f:
        f["features"] = features
        f["labels"] = labels
    return len(labels)


CITIES = np.array(["Amsterdam", "Berlin", "Cairo", "Delhi", "Edinburgh", "Florence", "Geneva",
                   "Helsinki", "Istanbul", "Jakarta", "Kyoto", "Lima", "NA"])


def generate_mixed_csv(path, rows, seed=1):
    """Numbers with 5% empty cells, a city (with NA), an ISO date, an integer and a 3-class label."""
    rng = np.random.default_rng(seed)
    chunk = 100_000
    days = np.datetime64("2000-01-01")
    with open(path, "w") as out:
        out.write("a,b,c,city,when,count,label\n")
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            numbers = rng.normal(size=(n, 3)).round(4).astype(str)
            numbers[rng.random(size=(n, 3)) < 0.05] = ""
            city = CITIES[rng.integers(0, len(CITIES), size=n)]
            when = (days + rng.integers(0, 8000, size=n)).astype(str)
            count = rng.integers(0, 500, size=n).astype(str)
            label = np.array(["low", "mid", "high"])[rng.integers(0, 3, size=n)]
            lines = [",".join(row) for row in
                     zip(numbers[:, 0], numbers[:, 1], numbers[:, 2], city, when, count, label)]
            out.write("\n".join(lines) + "\n")


def pandas_mixed_import(csv, h5):
    """What dllab's import does, the pandas way: infer types, parse dates, code categories."""
    frame = pd.read_csv(csv, parse_dates=["when"])
    labels = frame.pop("label").astype("category")
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            columns[name] = ((column - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy(np.float32)
        elif pd.api.types.is_numeric_dtype(column):
            columns[name] = column.to_numpy(np.float32)
        else:
            codes = column.astype("category").cat.codes.to_numpy()
            columns[name] = np.where(codes < 0, np.nan, codes).astype(np.float32)
    with h5py.File(h5, "w") as f:
        f["features"] = np.column_stack(list(columns.values()))
        f["labels"] = labels.cat.codes.to_numpy(np.int64)
    return len(labels)


def timed(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--mnist", default=os.path.join(os.path.dirname(__file__), "../../../shared/data/mnist-10k"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="dllab-bench-")
    try:
        csv = os.path.join(work, "big.csv")
        generate_csv(csv, args.rows, args.columns)
        size_mb = os.path.getsize(csv) / 1e6

        def dllab_import(path, name):
            """Imports path into a fresh workspace of its own, as a user's first import would."""
            ws = os.path.join(work, "ws-" + name)
            shutil.rmtree(ws, ignore_errors=True)
            subprocess.run([args.cli, "--workspace", ws, "dataset", "import", path, "--name", name],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        t_dllab = timed(lambda: dllab_import(csv, "big"), args.repeats)
        t_pandas = timed(lambda: pandas_import(csv, os.path.join(work, "pandas.h5")), args.repeats)
        print(f"CSV {size_mb:.0f} MB, {args.rows} rows x {args.columns} features (best of {args.repeats})")
        print(f"  dllab-cli import       {t_dllab:6.2f} s  {size_mb / t_dllab:6.0f} MB/s")
        print(f"  pandas.read_csv + h5py {t_pandas:6.2f} s  {size_mb / t_pandas:6.0f} MB/s")
        print(f"  ratio (pandas time / dllab time): {t_pandas / t_dllab:.2f}x  (target >= 2x)")

        mixed = os.path.join(work, "mixed.csv")
        generate_mixed_csv(mixed, args.rows)
        mixed_mb = os.path.getsize(mixed) / 1e6

        t_dllab = timed(lambda: dllab_import(mixed, "mixed"), args.repeats)
        t_pandas = timed(lambda: pandas_mixed_import(mixed, os.path.join(work, "mixed.h5")), args.repeats)
        print(f"mixed CSV {mixed_mb:.0f} MB, {args.rows} rows: 3 numbers with 5% missing, a city, "
              f"an ISO date, an integer, a label (best of {args.repeats})")
        print(f"  dllab-cli import (types inferred)               {t_dllab:6.2f} s")
        print(f"  pandas.read_csv(parse_dates) + codes + h5py     {t_pandas:6.2f} s")
        print(f"  ratio (pandas time / dllab time): {t_pandas / t_dllab:.2f}x  (target >= 2x)")

        t_mnist = timed(lambda: dllab_import(args.mnist, "mnist"), args.repeats)
        print(f"mnist-10k import (IDX gzip, 10,000 digits): {t_mnist:.3f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
