#pragma once
// OpenBLAS picks its kernels by CPU model when it loads. A release older than the CPU does not
// know the model and falls back to "Prescott" (SSE3): on this project's Debian 12 machine
// (OpenBLAS 0.3.21, an Intel family 6 model 207 CPU with AVX-512) float GEMM runs about 5x
// slower than with its SkylakeX kernels, and an MLP trains 2x slower. Torch-free; no Qt.

#include <string>

namespace dllab::training {

// When OpenBLAS fell back to Prescott on a CPU with AVX-512 (or AVX2), switches it to the
// kernels the CPU runs (SkylakeX, or Haswell) and returns their name; returns "" when it changed
// nothing: a build without OpenBLAS (the PyTorch wheel's LibTorch has MKL), a CPU OpenBLAS knows,
// or OPENBLAS_CORETYPE set by the user, which OpenBLAS has already obeyed. Call it first thing in
// main(), before any thread or BLAS call: it re-initialises OpenBLAS's kernel table.
std::string selectBlasKernels();

// The OpenBLAS kernels in use ("SkylakeX", "Haswell", ...), or "" without OpenBLAS. Recorded in a
// run's environment: other kernels can give slightly other numbers.
std::string blasKernels();

} // namespace dllab::training
