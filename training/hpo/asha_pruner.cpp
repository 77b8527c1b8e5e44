#include "training/hpo/asha_pruner.h"

#include "workspace/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace dllab::hpo {

namespace {

// A trial's value at a rung: what it reported at the first step at or past the rung, which is
// when its decision there was made. Derived from the history rather than stored, so a resumed
// sweep sees the same rungs.
std::optional<double> rungValue(const Trial &trial, std::int64_t rungStep)
{
    const auto it = trial.intermediate.lower_bound(rungStep);
    if (it == trial.intermediate.end())
        return std::nullopt;
    return it->second;
}

} // namespace

AshaPruner::AshaPruner(Goal goal, AshaSettings settings) : m_goal(goal), m_settings(settings)
{
    if (m_settings.minResource < 1)
        throw Error("asha: min_resource must be at least 1");
    if (m_settings.reductionFactor < 2)
        throw Error("asha: reduction_factor must be at least 2");
    if (m_settings.minEarlyStoppingRate < 0)
        throw Error("asha: min_early_stopping_rate must not be negative");
}

std::int64_t AshaPruner::rungStep(int rung) const
{
    double step = static_cast<double>(m_settings.minResource);
    for (int i = 0; i < m_settings.minEarlyStoppingRate + rung; ++i)
        step *= m_settings.reductionFactor;
    // Past the largest step anyone reports; saturate instead of overflowing.
    return step >= 9e18 ? std::numeric_limits<std::int64_t>::max()
                        : static_cast<std::int64_t>(step);
}

bool AshaPruner::shouldPrune(const Trial &trial, const std::vector<Trial> &history) const
{
    if (trial.intermediate.empty())
        return false;
    const auto last = trial.intermediate.rbegin();
    const std::int64_t step = last->first;
    const double value = last->second;
    const std::int64_t previousStep = trial.intermediate.size() > 1
                                          ? std::next(last)->first
                                          : std::numeric_limits<std::int64_t>::min();

    for (int rung = 0;; ++rung) {
        const std::int64_t rungStepValue = rungStep(rung);
        if (rungStepValue > step)
            return false;
        if (rungStepValue <= previousStep)
            continue; // decided at an earlier report, and the trial went on
        if (std::isnan(value))
            return true;
        std::vector<double> competing{value};
        for (const auto &other : history) {
            if (other.number == trial.number)
                continue;
            if (const auto v = rungValue(other, rungStepValue); v && !std::isnan(*v))
                competing.push_back(*v);
        }
        // Promote the top floor(n / eta), but at least one: the first trial at a rung goes on.
        const std::size_t keep = std::max<std::size_t>(
            competing.size() / static_cast<std::size_t>(m_settings.reductionFactor), 1);
        std::sort(competing.begin(), competing.end(),
                  [&](double a, double b) { return isBetter(m_goal, a, b); });
        if (isBetter(m_goal, competing[keep - 1], value))
            return true;
    }
}

} // namespace dllab::hpo
