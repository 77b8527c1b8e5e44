#include "loss.h"

#include "run_spec.h"

namespace dllab::training {

LossFunction::LossFunction(const models::ModelInput &input, const std::string &name)
{
    checkLoss(name, input.regression);
    if (input.regression)
        m_kind = name == "huber" ? Kind::Huber : Kind::Mse;
    m_scale = input.targetStd > 1e-12 ? 1.0 / input.targetStd : 1.0;
}

torch::Tensor LossFunction::operator()(const torch::Tensor &out, const torch::Tensor &y,
                                       bool sum) const
{
    namespace F = torch::nn::functional;
    if (m_kind == Kind::CrossEntropy)
        return sum ? F::cross_entropy(out, y, F::CrossEntropyFuncOptions().reduction(torch::kSum))
                   : F::cross_entropy(out, y);
    const torch::Tensor error = (out.reshape({-1}) - y) * m_scale;
    torch::Tensor losses;
    if (m_kind == Kind::Mse) {
        losses = error.square();
    } else {
        // Huber with delta 1 (one standard deviation): squared near zero, linear for outliers.
        const torch::Tensor size = error.abs();
        losses = torch::where(size < 1.0, 0.5 * error.square(), size - 0.5);
    }
    return sum ? losses.sum() : losses.mean();
}

} // namespace dllab::training
