"""Shared by the sweep benchmarks: a scratch workspace with mnist-10k imported, dllab-cli sweep
runs timed end to end, and the machine's load (the machine is shared, so say how busy it was)."""
import atexit
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from same_blas import same_blas_kernels  # noqa: E402,F401  (re-exported for the benches)
DATA = ROOT.parent / "shared" / "data" / "mnist-10k"


def default_cli():
    """The newest dllab-cli built under the source tree (build/<preset>/...), else the PATH's."""
    built = sorted(ROOT.glob("build*/**/app/cli/dllab-cli"), key=os.path.getmtime)
    return str(built[-1]) if built else "dllab-cli"


class Workspace:
    def __init__(self, cli):
        self.cli = cli
        self.dir = tempfile.mkdtemp(prefix="dllab-bench-sweep-")
        atexit.register(shutil.rmtree, self.dir, ignore_errors=True)
        self.run("dataset", "import", str(DATA), "--name", "mnist")

    def run(self, *args, check=True):
        result = subprocess.run([self.cli, "--workspace", self.dir, *args], capture_output=True,
                                text=True)
        if check and result.returncode != 0:
            raise SystemExit(f"dllab-cli {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result

    def sweep(self, spec):
        """Runs a sweep; returns (seconds, the --json report)."""
        path = pathlib.Path(self.dir) / f"{spec['name']}.json"
        path.write_text(json.dumps(spec))
        start = time.perf_counter()
        result = self.run("sweep", "run", str(path), "--new", "--json")
        return time.perf_counter() - start, json.loads(result.stdout)


def load():
    return os.getloadavg()[0]


def mlp_spec(name, trials, parallel, epochs, threads, parameters, early_stopping=None,
             algorithm=None):
    run = {"dataset": "mnist", "model": {"arch": "mlp", "hidden": [128]}, "epochs": epochs,
           "device": "cpu", "seed": 0}
    if threads:
        run["threads"] = threads
    spec = {"name": name, "objective": {"metric": "val_accuracy", "goal": "maximize"},
            "algorithm": algorithm or {"name": "tpe", "seed": 0},
            "parameters": parameters, "maxTrialCount": trials, "parallelTrialCount": parallel,
            "trial": {"run": run}}
    if early_stopping:
        spec["earlyStopping"] = early_stopping
    return spec
