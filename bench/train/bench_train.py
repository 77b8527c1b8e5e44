#!/usr/bin/python3
"""Training throughput of `dllab-cli train` against PyTorch.

Same model (MLP 784-256-128-10 / LeNet-5), data (mnist-10k), batch size 128 and optimizer
(Adam, lr 1e-3) in: dllab-cli; PyTorch as users run it (DataLoader over in-memory tensors, its
default thread count, and again at dllab's thread count); a naive LibTorch C++ loop; and the
SGEMM bound for the MLP. Prints samples/s and the ratios measured in this one run. Run by hand:

    /usr/bin/python3 bench/train/bench_train.py --cli build/release/app/cli/dllab-cli [--epochs 3]
"""
import argparse
import gzip
import json
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from same_blas import same_blas_kernels  # noqa: E402
DATA = HERE.parents[2] / "shared" / "data" / "mnist-10k"
# Forward + weight gradients of all three layers + input gradients of the last two.
MLP_FLOPS_PER_SAMPLE = 3 * 2 * (784 * 256 + 256 * 128 + 128 * 10) - 2 * 784 * 256



def dllab(cli, workspace, model, epochs, threads):
    command = [cli, "--workspace", workspace, "train", "--dataset", "mnist", "--model", model,
               "--epochs", str(epochs), "--seed", "0", "--json", "--set", "val_fraction=0"]
    if threads:
        command += ["--threads", str(threads)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["samples_per_sec"]


def pytorch(model, epochs, threads):
    command = ["/usr/bin/python3", str(HERE / "pytorch_reference.py"), "--data", str(DATA),
               "--model", model, "--epochs", str(epochs), "--threads", str(threads)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def build_naive(folder):
    binary = folder / "naive_loop"
    flags = subprocess.run(["/usr/bin/python3", "-c", "import torch.utils.cpp_extension as c;"
                            "print(' '.join('-I'+p for p in c.include_paths()))"],
                           capture_output=True, text=True).stdout.split()
    command = ["g++", "-O2", "-w", "-std=c++17", str(HERE / "naive_loop.cpp"), "-o", str(binary)]
    command += flags or ["-I/usr/include/torch/csrc/api/include"]
    command += ["-ltorch", "-ltorch_cpu", "-lc10", "-pthread"]
    subprocess.run(command, check=True)
    return binary


def write_naive_data(folder):
    import numpy as np
    images = gzip.open(DATA / "train-images-idx3-ubyte.gz").read()[16:]
    labels = gzip.open(DATA / "train-labels-idx1-ubyte.gz").read()[8:]
    x = np.frombuffer(images, dtype=np.uint8).astype(np.float32) / 255.0
    y = np.frombuffer(labels, dtype=np.uint8).astype(np.int64)
    x.tofile(folder / "x.f32")
    y.tofile(folder / "y.i64")
    return len(y)


def naive(binary, folder, n, model, epochs, threads):
    out = subprocess.run([str(binary), str(folder / "x.f32"), str(folder / "y.i64"), str(n), model,
                          str(epochs), str(threads)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["samples_per_sec"]


def sgemm_gflops(threads):
    code = ("import torch,time\n"
            f"torch.set_num_threads({threads})\n"
            "a=torch.rand(1024,1024);b=torch.rand(1024,1024)\n"
            "for _ in range(3): a@b\n"
            "t=time.perf_counter();n=20\n"
            "for _ in range(n): a@b\n"
            "print(2*1024**3*n/(time.perf_counter()-t)/1e9)")
    return float(subprocess.run(["/usr/bin/python3", "-c", code], check=True, capture_output=True,
                                text=True).stdout)


def flush_compare(cli, workspace, epochs, threads, repeat):
    """dllab's throughput with metrics committed every 2 s (before) and 250 ms (now), runs
    alternated so that drift in the machine's speed falls on both alike."""
    import os
    rates = {2000: [], 250: []}
    for _ in range(repeat):
        for ms in rates:
            os.environ["DLLAB_METRICS_FLUSH_MS"] = str(ms)
            rates[ms].append(dllab(cli, workspace, "mlp", epochs, threads))
    os.environ.pop("DLLAB_METRICS_FLUSH_MS", None)
    for ms, values in rates.items():
        print(f"flush every {ms:4d} ms: samples/s " + ", ".join(f"{v:.0f}" for v in values)
              + f"; median {sorted(values)[len(values) // 2]:.0f}")
    before = sorted(rates[2000])[repeat // 2]
    now = sorted(rates[250])[repeat // 2]
    print(f"250 ms / 2 s throughput (medians): {now / before:.4f} "
          f"({100 * (now / before - 1):+.2f} %); target: within 2 %")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flush-compare", type=int, metavar="N", default=0,
                        help="only compare the metrics commit intervals, N runs each")
    parser.add_argument("--cli", required=True, help="path of dllab-cli")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for dllab and the second PyTorch/naive run "
                             "(default: dllab's own default, PyTorch at 1)")
    parser.add_argument("--models", default="mlp,cnn")
    parser.add_argument("--no-naive", action="store_true", help="skip the C++ naive loop")
    args = parser.parse_args()
    # Every child (dllab-cli, PyTorch, the naive loop) on the kernels dllab picks: ratios of the
    # programs, not of OpenBLAS's kernels (bench/same_blas.py).
    print(f"OpenBLAS kernels for all: {same_blas_kernels()}")
    with tempfile.TemporaryDirectory(prefix="dllab-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        ws = str(tmp / "ws")
        subprocess.run([args.cli, "--workspace", ws, "dataset", "import", str(DATA), "--name",
                        "mnist"], check=True, capture_output=True)
        binary = None
        if args.flush_compare:
            flush_compare(args.cli, ws, args.epochs, args.threads, args.flush_compare)
            return
        if not args.no_naive:
            binary = build_naive(tmp)
            n = write_naive_data(tmp)
        other = args.threads or 2
        print(f"threads: dllab {args.threads or 'default'}; PyTorch default "
              f"{pytorch('mlp', 1, 0)['threads']} (as users run it) and {other}")
        for threads in sorted({1, other}):
            gflops = sgemm_gflops(threads)
            print(f"SGEMM 1024^3 at {threads} threads: {gflops:.0f} GFLOP/s -> MLP bound "
                  f"{gflops * 1e9 / MLP_FLOPS_PER_SAMPLE:,.0f} samples/s")
        for model in args.models.split(","):
            ours = dllab(args.cli, ws, model, args.epochs, args.threads)
            ref = pytorch(model, args.epochs, 0)["samples_per_sec"]
            ref_other = pytorch(model, args.epochs, other)["samples_per_sec"]
            line = (f"{model}: dllab {ours:,.0f}/s | PyTorch {ref:,.0f}/s (x{ours / ref:.2f}) | "
                    f"PyTorch {other}t {ref_other:,.0f}/s (x{ours / ref_other:.2f})")
            if binary:
                for threads in sorted({1, other}):
                    loop = naive(binary, tmp, n, model, args.epochs, threads)
                    line += f" | naive LibTorch {threads}t {loop:,.0f}/s (x{ours / loop:.2f})"
            print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
