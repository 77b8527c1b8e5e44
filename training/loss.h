#pragma once
// The loss a run trains and is evaluated with: cross-entropy over classes; for regression the
// mean squared error (or Huber) of the target standardised with the train split's std, so that
// its size, and a good learning rate, do not depend on the target's units. Engine code only.
#include "models/model_spec.h"

#include <torch/torch.h>

#include <string>

namespace dllab::training {

class LossFunction {
public:
    // `name` is the run spec's loss; throws dllab::Error when it does not fit the task.
    LossFunction(const models::ModelInput &input, const std::string &name);

    bool regression() const { return m_kind != Kind::CrossEntropy; }
    // out: the model's output (logits, or N x 1 predictions); y: class indices or targets.
    // The mean over the batch, or the sum when `sum` is set.
    torch::Tensor operator()(const torch::Tensor &out, const torch::Tensor &y,
                             bool sum = false) const;

private:
    enum class Kind { CrossEntropy, Mse, Huber };
    Kind m_kind = Kind::CrossEntropy;
    double m_scale = 1.0; // 1 / the target's std
};

} // namespace dllab::training
