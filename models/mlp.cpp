#include "architectures.h"

namespace dllab::models {

MlpImpl::MlpImpl(const nlohmann::json &spec, const ModelInput &input)
    : ClassifierImpl(input, spec.at("dropout").get<double>())
{
    setActivation(spec.at("activation").get<std::string>());
    int64_t width = 1;
    for (int64_t dim : input.shape)
        width *= dim;
    m_layers =
        addFullyConnected(width, spec.at("hidden").get<std::vector<int64_t>>(), input.classes);
}

torch::Tensor MlpImpl::body(torch::Tensor x) { return fullyConnected(m_layers, x.flatten(1)); }

} // namespace dllab::models
