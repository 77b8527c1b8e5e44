#include "architectures.h"

namespace dllab::models {

MlpImpl::MlpImpl(const nlohmann::json &spec, const ModelInput &input)
    : ClassifierImpl(input, spec.at("dropout").get<double>())
{
    setActivation(spec.at("activation").get<std::string>());
    m_layers = addFullyConnected(input.featureWidth(),
                                 spec.at("hidden").get<std::vector<int64_t>>(), input.classes);
}

torch::Tensor MlpImpl::body(torch::Tensor x) { return fullyConnected(m_layers, x.flatten(1)); }

} // namespace dllab::models
