#include "training/hpo/median_pruner.h"

#include "workspace/error.h"

#include <algorithm>
#include <cmath>

namespace dllab::hpo {

MedianPruner::MedianPruner(Goal goal, MedianSettings settings) : m_goal(goal), m_settings(settings)
{
    if (m_settings.minTrialsRequired < 1)
        throw Error("median stopping: min_trials_required must be at least 1");
    if (m_settings.startStep < 0)
        throw Error("median stopping: start_step must not be negative");
}

bool MedianPruner::shouldPrune(const Trial &trial, const std::vector<Trial> &history) const
{
    if (trial.intermediate.empty()
        || trial.intermediate.size() < static_cast<std::size_t>(m_settings.startStep))
        return false;
    const auto step = trial.intermediate.rbegin()->first;

    // Best so far, ignoring NaN; a trial that has reported nothing but NaN is hopeless.
    double best = std::nan("");
    for (const auto &[s, value] : trial.intermediate) {
        if (!std::isnan(value) && (std::isnan(best) || isBetter(m_goal, value, best)))
            best = value;
    }
    if (std::isnan(best))
        return true;

    // Katib's rule compares against completed trials only: running ones have not shown where
    // they end, and pruned ones were stopped for being bad.
    std::vector<double> values;
    for (const auto &other : history) {
        if (other.number == trial.number || other.state != TrialState::Complete)
            continue;
        const auto it = other.intermediate.find(step);
        if (it != other.intermediate.end() && !std::isnan(it->second))
            values.push_back(it->second);
    }
    if (values.size() < static_cast<std::size_t>(m_settings.minTrialsRequired))
        return false;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    const double median =
        values.size() % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    return isBetter(m_goal, median, best);
}

} // namespace dllab::hpo
