#include "architectures.h"

namespace dllab::models {

MlpImpl::MlpImpl(const nlohmann::json &spec, const ModelInput &input)
    : ClassifierImpl(input, spec.at("dropout").get<double>())
{
    setActivation(spec.at("activation").get<std::string>());
    int64_t width = 1;
    for (int64_t dim : input.shape)
        width *= dim;
    std::vector<int64_t> sizes = spec.at("hidden").get<std::vector<int64_t>>();
    sizes.push_back(input.classes);
    for (size_t i = 0; i < sizes.size(); ++i) {
        m_layers.push_back(register_module("fc" + std::to_string(i),
                                           torch::nn::Linear(width, sizes[i])));
        width = sizes[i];
    }
}

torch::Tensor MlpImpl::body(torch::Tensor x)
{
    x = x.flatten(1);
    for (size_t i = 0; i + 1 < m_layers.size(); ++i)
        x = dropout(activate(m_layers[i]->forward(x)));
    return m_layers.back()->forward(x);
}

} // namespace dllab::models
