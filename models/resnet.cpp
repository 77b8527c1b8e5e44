#include "architectures.h"

namespace dllab::models {

namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride)
{
    // No bias: every conv is followed by batch norm, whose shift makes a bias redundant.
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

} // namespace

ResNetImpl::ResNetImpl(const nlohmann::json &spec, const ModelInput &input)
    : ClassifierImpl(input, spec.at("dropout").get<double>())
{
    setActivation(spec.at("activation").get<std::string>());
    const auto widths = spec.at("channels").get<std::vector<int64_t>>();
    const int64_t perStage = spec.at("blocks_per_stage").get<int64_t>();
    m_stem = register_module("stem", conv(input.shape[0], widths[0], 3, 1));
    m_stemBn = register_module("stem_bn", torch::nn::BatchNorm2d(widths[0]));
    int64_t channels = widths[0];
    for (size_t stage = 0; stage < widths.size(); ++stage) {
        for (int64_t i = 0; i < perStage; ++i) {
            const int64_t stride = (stage > 0 && i == 0) ? 2 : 1;
            const int64_t out = widths[stage];
            const std::string name = "s" + std::to_string(stage) + "b" + std::to_string(i);
            BasicBlock b;
            b.conv1 = register_module(name + "_conv1", conv(channels, out, 3, stride));
            b.bn1 = register_module(name + "_bn1", torch::nn::BatchNorm2d(out));
            b.conv2 = register_module(name + "_conv2", conv(out, out, 3, 1));
            b.bn2 = register_module(name + "_bn2", torch::nn::BatchNorm2d(out));
            if (stride != 1 || out != channels) {
                b.shortcut = register_module(name + "_proj", conv(channels, out, 1, stride));
                b.shortcutBn = register_module(name + "_proj_bn", torch::nn::BatchNorm2d(out));
            }
            m_blocks.push_back(b);
            channels = out;
        }
    }
    m_head = register_module("head", torch::nn::Linear(channels, input.classes));
}

torch::Tensor ResNetImpl::blockForward(BasicBlock &b, const torch::Tensor &x)
{
    torch::Tensor y = activate(b.bn1->forward(b.conv1->forward(x)));
    y = b.bn2->forward(b.conv2->forward(y));
    const torch::Tensor identity = b.shortcut ? b.shortcutBn->forward(b.shortcut->forward(x)) : x;
    return activate(y + identity);
}

torch::Tensor ResNetImpl::body(torch::Tensor x)
{
    x = x.contiguous(torch::MemoryFormat::ChannelsLast); // see CnnImpl::body
    x = activate(m_stemBn->forward(m_stem->forward(x)));
    for (auto &block : m_blocks)
        x = blockForward(block, x);
    x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    return m_head->forward(dropout(x));
}

} // namespace dllab::models
