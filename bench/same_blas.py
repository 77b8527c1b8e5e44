"""Both sides of a bench on the same OpenBLAS kernels.

dllab-cli and dllab move OpenBLAS off its "Prescott" fallback, which it takes on CPUs newer than
the library (training/blas_kernels.h: about 5x slower float GEMM on this project's machine).
PyTorch does not. So that a bench compares the two programs and not their kernels, call
same_blas_kernels() before torch or numpy is imported: it picks the kernels dllab would, sets
OPENBLAS_CORETYPE for this process (through OpenBLAS's own re-initialisation, as dllab does) and
for every child process, dllab-cli included, and returns their name."""
import ctypes
import os


def _kernels_for_this_cpu():
    flags = set()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return None


def same_blas_kernels():
    try:
        openblas = ctypes.CDLL("libopenblas.so.0")
    except OSError:
        return None
    openblas.openblas_get_corename.restype = ctypes.c_char_p
    current = openblas.openblas_get_corename().decode()
    wanted = _kernels_for_this_cpu()
    if "OPENBLAS_CORETYPE" in os.environ or current != "Prescott" or not wanted:
        os.environ.setdefault("OPENBLAS_CORETYPE", current)
        return current
    os.environ["OPENBLAS_CORETYPE"] = wanted
    openblas.gotoblas_dynamic_quit()
    openblas.gotoblas_dynamic_init()
    return openblas.openblas_get_corename().decode()
