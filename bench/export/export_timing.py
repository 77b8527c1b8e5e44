#!/usr/bin/python3
"""Export timings (target: each format in under 2 s), run by hand, not by CI.

Imports mnist-10k into a scratch workspace, trains an MLP and a LeNet CNN for one epoch through
dllab-cli, then times `dllab-cli export RUN --format F` for every format: the wall time of the
whole command (process start, workspace, model load, parity check, writing) and the export's own
total from its JSON report. The reference, measured in the same run, is PyTorch doing the nearest
thing for the same architecture: torch.jit.script + save, and torch.onnx.export.

usage: /usr/bin/python3 bench/export/export_timing.py [path/to/dllab-cli] [repeats]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build-export/app/cli/dllab-cli")
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
DATA = os.path.join(ROOT, "..", "shared", "data", "mnist-10k")
FORMATS = ["torchscript", "onnx", "torchserve", "triton", "all"]


def cli(workspace, *args):
    out = subprocess.run([CLI, "--workspace", workspace, *args], check=True,
                         capture_output=True, text=True)
    return out.stdout


def train(workspace, spec_model):
    spec = {"dataset": "mnist", "model": spec_model, "epochs": 1, "batch_size": 128,
            "seed": 1, "device": "cpu"}
    spec_file = os.path.join(workspace, "spec.json")
    with open(spec_file, "w") as f:
        json.dump(spec, f)
    report = json.loads(cli(workspace, "train", "--spec", spec_file, "--json"))
    return str(report["run"])


def reference_seconds(arch):
    import torch
    from torch import nn
    if arch == "mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                              nn.ReLU(), nn.Linear(128, 10))
    else:
        model = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                              nn.Linear(84, 10))
    model.eval()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        torch.jit.save(torch.jit.script(model), os.path.join(tmp, "model.pt"))
        script = time.perf_counter() - start
        start = time.perf_counter()
        torch.onnx.export(model, torch.rand(1, 1, 28, 28), os.path.join(tmp, "model.onnx"),
                          opset_version=13)
        onnx = time.perf_counter() - start
    return script, onnx


def main():
    with tempfile.TemporaryDirectory() as workspace:
        cli(workspace, "dataset", "import", DATA, "--name", "mnist")
        for arch, model in (("mlp", {"arch": "mlp"}), ("cnn", {"arch": "cnn"})):
            run = train(workspace, model)
            print(f"{arch} (run {run})")
            for fmt in FORMATS:
                walls, totals = [], []
                for i in range(REPEATS):
                    out = os.path.join(workspace, f"out-{arch}-{fmt}-{i}")
                    start = time.perf_counter()
                    report = json.loads(cli(workspace, "export", run, "--format", fmt,
                                            "--out", out, "--json"))
                    walls.append(time.perf_counter() - start)
                    totals.append(report["timings"]["total_ms"] / 1000)
                print(f"  {fmt:12s} command {statistics.median(walls):6.3f} s   "
                      f"export {statistics.median(totals):6.3f} s   "
                      f"max_abs_diff {report['max_abs_diff']:.2g}")
            try:
                script, onnx = reference_seconds(arch)
                print(f"  reference: PyTorch jit.script+save {script:.3f} s, "
                      f"torch.onnx.export {onnx:.3f} s")
            except Exception as e:  # torch.onnx may lack pieces on Debian; say so, go on
                print(f"  reference unavailable: {e}")


if __name__ == "__main__":
    main()
