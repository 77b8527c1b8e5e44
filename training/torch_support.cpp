#include "torch_support.h"

#include "training/blas_kernels.h"
#include "workspace/error.h"

#include <torch/version.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace dllab::training {

torch::Device pickDevice(const std::string &name)
{
    if (name == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                           : torch::Device(torch::kCPU);
    if (name == "cpu")
        return torch::kCPU;
    if (name.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available())
            throw Error("device " + name + " asked for, but LibTorch sees no CUDA device "
                        + "(this build: " + (torch::cuda::device_count() ? "CUDA" : "CPU only")
                        + "); use --device cpu or auto");
        int index = 0;
        if (name.size() > 5 && name[4] == ':')
            index = std::stoi(name.substr(5));
        if (index < 0 || index >= int(torch::cuda::device_count()))
            throw Error("device " + name + " does not exist; there are "
                        + std::to_string(torch::cuda::device_count()) + " CUDA devices");
        return torch::Device(torch::kCUDA, c10::DeviceIndex(index));
    }
    throw Error("unknown device \"" + name + "\"; use auto, cpu, cuda or cuda:N");
}

int applyThreads(int requested)
{
    // Auto: $DLLAB_THREADS when set, else every hardware thread (at most 8). Measured on a
    // quiet 2-vCPU machine (bench/train, SkylakeX kernels): 2 intra-op threads train the
    // mnist MLP about 1.1x and the CNN 1.6x faster than 1. On a machine other work keeps busy,
    // parallel regions wait for a core and one thread can be faster: DLLAB_THREADS=1 (the tests
    // set it, as ctest runs two at once), the spec's `threads` or --threads choose. No load
    // probe: the count, and so the metrics, stay the same from one run of a spec to the next.
    const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
    int threads = requested > 0 ? requested : std::clamp(hardware, 1, 8);
    if (requested <= 0) {
        if (const char *env = std::getenv("DLLAB_THREADS"); env && std::atoi(env) > 0)
            threads = std::atoi(env);
    }
    // More threads than cores only makes every parallel region wait (100,000 never finished);
    // the spec refuses such a count, this caps the environment's and a spec from a larger machine.
    threads = std::min(threads, hardware);
    torch::set_num_threads(threads);
    return threads;
}

nlohmann::json torchEnvironment(const torch::Device &device, int threads)
{
    return {{"libtorch", TORCH_VERSION},
            {"device", device.str()},
            {"cuda_devices", torch::cuda::is_available() ? torch::cuda::device_count() : 0},
            {"threads", threads},
            {"blas", blasKernels()},
            {"hardware_threads", std::thread::hardware_concurrency()},
            {"dllab_version", DLLAB_VERSION}};
}

} // namespace dllab::training
