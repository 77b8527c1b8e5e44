#include "torch_support.h"

#include "workspace/error.h"

#include <torch/version.h>

#include <algorithm>
#include <thread>

namespace dllab::training {

torch::Device pickDevice(const std::string &name)
{
    if (name == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
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
    // Auto: half the hardware threads (about the physical cores where there is SMT), at most 8.
    // Measured on a shared 2-core machine under load: 2 intra-op threads ran the MLP 7x slower
    // than 1, because every parallel region waits for a core. A fixed rule (not a load probe)
    // keeps the count, and so the metrics, the same from one run of a spec to the next.
    const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = requested > 0 ? requested : std::clamp(hardware / 2, 1, 8);
    torch::set_num_threads(threads);
    return threads;
}

nlohmann::json torchEnvironment(const torch::Device &device, int threads)
{
    return {{"libtorch", TORCH_VERSION},
            {"device", device.str()},
            {"cuda_devices", torch::cuda::is_available() ? torch::cuda::device_count() : 0},
            {"threads", threads},
            {"hardware_threads", std::thread::hardware_concurrency()},
            {"dllab_version", DLLAB_VERSION}};
}

} // namespace dllab::training
