#pragma once
// SGD, Adam and AdamW over all of a model's parameters at once. The parameters (and their
// gradients) are re-pointed into one contiguous buffer, so a step is one fused pass over memory
// instead of ~10 small torch ops per parameter tensor: for a small MLP those op dispatches cost
// as much as the matrix products. Same update rules as torch::optim. Engine code only; one thread.
#include "run_spec.h"

#include <torch/torch.h>

namespace dllab::training {

class FlatOptimizer {
public:
    // Takes over `parameters`: their data and grads become views into the flat buffers.
    FlatOptimizer(const std::vector<torch::Tensor> &parameters, const OptimizerSpec &spec);

    void zeroGrad() { m_grad.zero_(); }
    // Scales gradients to a total L2 norm of at most maxNorm; returns the norm before.
    double clipGradNorm(double maxNorm);
    void step(double lr);

    int64_t steps() const { return m_steps; }
    void save(torch::serialize::OutputArchive &archive) const;
    void load(torch::serialize::InputArchive &archive);

private:
    void adamCpu(double lr);
    void sgdCpu(double lr);
    void stepTensors(double lr); // any device

    OptimizerSpec m_spec;
    torch::Tensor m_param, m_grad;
    torch::Tensor m_first, m_second; // Adam moments, or SGD's momentum buffer in m_first
    int64_t m_steps = 0;
};

} // namespace dllab::training
