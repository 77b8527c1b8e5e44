#pragma once
// Device choice, thread settings and the environment snapshot of a run. Engine code only; call
// from the run's own thread (thread settings apply to the calling thread's parallel regions).
#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <string>

namespace dllab::training {

// "auto" (CUDA when LibTorch sees a GPU), "cpu", "cuda", "cuda:N"; throws dllab::Error when the
// device asked for is not there.
torch::Device pickDevice(const std::string &name);

// Sets intra-op threads (0: auto: $DLLAB_THREADS, else every hardware thread, at most 8) for this
// thread's torch work and returns the count. OpenBLAS (OpenMP build) follows the same count, so
// GEMMs and torch's own loops never nest thread pools.
int applyThreads(int requested);

// libtorch version, device, threads, dllab version (dataset fields are added by the caller).
nlohmann::json torchEnvironment(const torch::Device &device, int threads);

} // namespace dllab::training
