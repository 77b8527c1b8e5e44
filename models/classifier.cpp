#include "classifier.h"

#include "architectures.h"
#include "workspace/error.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace dllab::models {

ClassifierImpl::ClassifierImpl(const ModelInput &input, double dropout)
    : m_generator(at::make_generator<at::CPUGeneratorImpl>(0)), m_dropout(dropout)
{
    // One (scale, shift) pair per channel or feature, broadcast over the sample shape.
    std::vector<int64_t> shape{1};
    shape.insert(shape.end(), input.shape.begin(), input.shape.end());
    const int64_t groups = input.image ? input.shape[0] : input.shape.back();
    for (size_t d = 2; d < shape.size(); ++d)
        shape[d] = input.image ? 1 : shape[d];
    std::vector<float> scale(size_t(groups), 1.0f), shift(size_t(groups), 0.0f);
    for (int64_t g = 0; g < groups; ++g) {
        const double mean = size_t(g) < input.mean.size() ? input.mean[size_t(g)] : 0.0;
        double sd = size_t(g) < input.std.size() ? input.std[size_t(g)] : 1.0;
        // A constant feature has std 0; leave it centred rather than dividing by zero.
        if (!(sd > 1e-8))
            sd = 1.0;
        scale[size_t(g)] = float(1.0 / sd);
        shift[size_t(g)] = float(-mean / sd);
    }
    m_scale = register_buffer("input_scale", torch::tensor(scale).reshape(shape));
    m_shift = register_buffer("input_shift", torch::tensor(shift).reshape(shape));
    if (!input.columns.empty())
        m_encoder.emplace(input.columns);
    // The head learns the standardised target, so one learning rate suits any units.
    if (input.regression) {
        const double sd = input.targetStd > 1e-12 ? input.targetStd : 1.0;
        m_outputScale = register_buffer("output_scale", torch::full({1}, float(sd)));
        m_outputShift = register_buffer("output_shift", torch::full({1}, float(input.targetMean)));
    }
}

torch::Tensor ClassifierImpl::forward(torch::Tensor raw)
{
    torch::Tensor out =
        m_encoder ? body(m_encoder->encode(raw)) : body(torch::addcmul(m_shift, raw, m_scale));
    if (m_outputScale.defined())
        out = torch::addcmul(m_outputShift, out, m_outputScale);
    return out;
}

void ClassifierImpl::initParameters(at::Generator &generator)
{
    torch::NoGradGuard noGrad;
    for (const auto &module : modules(/*include_self=*/false)) {
        torch::Tensor weight, bias;
        if (auto *linear = dynamic_cast<torch::nn::LinearImpl *>(module.get())) {
            weight = linear->weight;
            bias = linear->bias;
        } else if (auto *conv = dynamic_cast<torch::nn::Conv2dImpl *>(module.get())) {
            weight = conv->weight;
            bias = conv->bias;
        } else {
            continue;
        }
        const double bound = 1.0 / std::sqrt(double(weight[0].numel()));
        weight.uniform_(-bound, bound, generator);
        if (bias.defined())
            bias.uniform_(-bound, bound, generator);
    }
}

void ClassifierImpl::setActivation(const std::string &name)
{
    m_activation = name == "tanh" ? 1 : name == "gelu" ? 2 : 0;
}

torch::Tensor ClassifierImpl::activate(torch::Tensor x) const
{
    // In place where autograd allows it: relu and tanh backward need only their output.
    switch (m_activation) {
    case 1:
        return x.tanh_();
    case 2:
        return torch::gelu(x);
    default:
        return x.relu_();
    }
}

std::vector<torch::nn::Linear> ClassifierImpl::addFullyConnected(int64_t width,
                                                                 const std::vector<int64_t> &hidden,
                                                                 int64_t classes)
{
    std::vector<int64_t> sizes = hidden;
    sizes.push_back(classes);
    std::vector<torch::nn::Linear> layers;
    for (size_t i = 0; i < sizes.size(); ++i) {
        layers.push_back(
            register_module("fc" + std::to_string(i), torch::nn::Linear(width, sizes[i])));
        width = sizes[i];
    }
    return layers;
}

torch::Tensor ClassifierImpl::fullyConnected(std::vector<torch::nn::Linear> &layers,
                                             torch::Tensor x)
{
    for (size_t i = 0; i + 1 < layers.size(); ++i)
        x = dropout(activate(layers[i]->forward(x)));
    return layers.back()->forward(x);
}

torch::Tensor ClassifierImpl::dropout(torch::Tensor x)
{
    if (!is_training() || m_dropout <= 0.0)
        return x;
    const double keep = 1.0 - m_dropout;
    torch::Tensor mask = torch::empty_like(x);
    if (x.is_cpu())
        mask.bernoulli_(keep, m_generator);
    else
        mask.bernoulli_(keep); // the device's default generator
    return x * mask.div_(keep);
}

void saveWeights(const torch::nn::Module &module, torch::serialize::OutputArchive &archive)
{
    for (const auto &parameter : module.named_parameters(/*recurse=*/false))
        archive.write(parameter.key(), parameter.value().detach().cpu().clone());
    for (const auto &buffer : module.named_buffers(/*recurse=*/false))
        archive.write(buffer.key(), buffer.value().detach().cpu().clone(), /*is_buffer=*/true);
    for (const auto &child : module.named_children()) {
        torch::serialize::OutputArchive childArchive(archive.compilation_unit());
        saveWeights(*child.value(), childArchive);
        archive.write(child.key(), childArchive);
    }
}

std::shared_ptr<ClassifierImpl> buildModel(const nlohmann::json &spec, const ModelInput &input,
                                           uint64_t seed)
{
    const std::string arch = spec.at("arch").get<std::string>();
    std::shared_ptr<ClassifierImpl> model;
    if (arch == "mlp")
        model = std::make_shared<MlpImpl>(spec, input);
    else if (arch == "cnn")
        model = std::make_shared<CnnImpl>(spec, input);
    else if (arch == "resnet")
        model = std::make_shared<ResNetImpl>(spec, input);
    else
        throw Error("model.arch \"" + arch + "\" is not one of mlp, cnn, resnet");
    at::Generator init = at::make_generator<at::CPUGeneratorImpl>(seed);
    model->initParameters(init);
    // Dropout masks get their own stream, so changing dropout never changes the initial weights.
    model->generator().set_current_seed(seed ^ 0x9E3779B97F4A7C15ull);
    return model;
}

} // namespace dllab::models
