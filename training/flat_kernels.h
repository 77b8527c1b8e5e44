#pragma once
// The element loops of FlatOptimizer, kept free of torch so this file can be built with the
// flags that let GCC vectorise them (-O3 -fno-math-errno; see CMakeLists.txt). Any thread.
#include <cstdint>

namespace dllab::training {

struct AdamCoefficients {
    float beta1, beta2, eps, stepSize, invSqrtBc2;
    float weightDecay; // L2 added to the gradient (Adam)
    float decay;       // multiplies the parameter first (AdamW: 1 - lr * wd), else 1
};

void adamKernel(float *param, const float *grad, float *first, float *second, int64_t n,
                const AdamCoefficients &c);

void sgdKernel(float *param, const float *grad, float *momentumBuffer, int64_t n, float lr,
               float momentum, float weightDecay, bool firstStep, bool nesterov);

} // namespace dllab::training
