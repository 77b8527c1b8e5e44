#include "flat_kernels.h"

#include <cmath>

namespace dllab::training {

void adamKernel(float *__restrict param, const float *__restrict grad, float *__restrict first,
                float *__restrict second, int64_t n, const AdamCoefficients &c)
{
    const float b1 = c.beta1, b2 = c.beta2, eps = c.eps, stepSize = c.stepSize;
    const float inv = c.invSqrtBc2, wd = c.weightDecay, decay = c.decay;
    for (int64_t i = 0; i < n; ++i) {
        const float g = grad[i] + wd * param[i];
        const float m = b1 * first[i] + (1.0f - b1) * g;
        const float v = b2 * second[i] + (1.0f - b2) * g * g;
        first[i] = m;
        second[i] = v;
        param[i] = param[i] * decay - stepSize * m / (std::sqrt(v) * inv + eps);
    }
}

void sgdKernel(float *__restrict param, const float *__restrict grad, float *__restrict buffer,
               int64_t n, float lr, float momentum, float weightDecay, bool firstStep,
               bool nesterov)
{
    for (int64_t i = 0; i < n; ++i) {
        float d = grad[i] + weightDecay * param[i];
        if (momentum != 0.0f) {
            // torch.optim.SGD starts the buffer at the first gradient (no dampening).
            buffer[i] = firstStep ? d : momentum * buffer[i] + d;
            d = nesterov ? d + momentum * buffer[i] : buffer[i];
        }
        param[i] -= lr * d;
    }
}

} // namespace dllab::training
