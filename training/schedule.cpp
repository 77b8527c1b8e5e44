#include "schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dllab::training {

namespace {

double cosineBetween(double from, double to, double fraction)
{
    return to + (from - to) * 0.5 * (1.0 + std::cos(std::numbers::pi * fraction));
}

} // namespace

double learningRate(const ScheduleSpec &s, double lr, int64_t step, int64_t stepsPerEpoch,
                    int64_t totalSteps)
{
    const double last = double(std::max<int64_t>(totalSteps - 1, 1));
    if (s.name == "step") {
        const int64_t epoch = step / std::max<int64_t>(stepsPerEpoch, 1);
        return lr * std::pow(s.gamma, double(epoch / s.stepEpochs));
    }
    if (s.name == "cosine")
        return cosineBetween(lr, s.minLr, std::min(1.0, double(step) / last));
    if (s.name == "onecycle") {
        // PyTorch's OneCycleLR (cosine annealing, two phases): warm up to lr, then anneal far
        // below the starting rate.
        const double initial = lr / s.divFactor;
        const double final = initial / s.finalDivFactor;
        const double peakStep = std::max(1.0, s.pctStart * last - 1.0);
        if (double(step) <= peakStep)
            return cosineBetween(initial, lr, double(step) / peakStep);
        return cosineBetween(
            lr, final, std::min(1.0, (double(step) - peakStep) / std::max(1.0, last - peakStep)));
    }
    return lr;
}

} // namespace dllab::training
