#include "architectures.h"

namespace dllab::models {

CnnImpl::CnnImpl(const nlohmann::json &spec, const ModelInput &input)
    : ClassifierImpl(input, spec.at("dropout").get<double>())
{
    setActivation(spec.at("activation").get<std::string>());
    int64_t channels = input.shape[0], h = input.shape[1], w = input.shape[2];
    const auto &blocks = spec.at("blocks");
    for (size_t i = 0; i < blocks.size(); ++i) {
        const auto &b = blocks[i];
        const int64_t out = b.at("channels").get<int64_t>();
        const int64_t kernel = b.at("kernel").get<int64_t>();
        const int64_t padding = b.at("padding").get<int64_t>();
        const bool batchNorm = b.at("batch_norm").get<bool>();
        Block block;
        block.conv = register_module(
            "conv" + std::to_string(i),
            torch::nn::Conv2d(
                torch::nn::Conv2dOptions(channels, out, kernel).padding(padding).bias(!batchNorm)));
        if (batchNorm)
            block.norm = register_module("bn" + std::to_string(i), torch::nn::BatchNorm2d(out));
        block.pool = b.at("pool").get<int64_t>();
        m_blocks.push_back(block);
        channels = out;
        h = (h + 2 * padding - kernel + 1) / block.pool;
        w = (w + 2 * padding - kernel + 1) / block.pool;
    }
    m_fc = addFullyConnected(channels * h * w, spec.at("fc").get<std::vector<int64_t>>(),
                             input.classes);
}

torch::Tensor CnnImpl::body(torch::Tensor x)
{
    // Channels-last activations (with the optimizer's channels-last weights) take oneDNN's
    // fast paths for conv and max-pool.
    x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    for (auto &block : m_blocks) {
        x = block.conv->forward(x);
        if (block.norm)
            x = block.norm->forward(x);
        x = activate(x);
        if (block.pool > 1)
            x = torch::max_pool2d(x, block.pool);
    }
    return fullyConnected(m_fc, x.flatten(1));
}

} // namespace dllab::models
