#include "training/sweep/prune_check.h"

#include "training/sweep/trial_history.h"

namespace dllab::sweep {

PruneCheck::PruneCheck(workspace::Workspace &ws, int64_t sweepId, int number, hpo::Params params,
                       std::string metric, const hpo::Pruner *pruner,
                       std::map<int64_t, double> earlier)
    : m_ws(ws), m_sweepId(sweepId), m_metric(std::move(metric)), m_pruner(pruner)
{
    m_trial.number = number;
    m_trial.params = std::move(params);
    m_trial.state = hpo::TrialState::Running;
    m_trial.intermediate = std::move(earlier);
}

bool PruneCheck::report(int64_t step, double value)
{
    m_trial.intermediate[step] = value;
    if (!m_pruner)
        return false;
    const auto now = std::chrono::steady_clock::now();
    if (!m_loadedAt || now - *m_loadedAt > std::chrono::seconds(1)) {
        m_history = loadHistory(m_ws, m_sweepId, m_metric);
        m_loadedAt = now;
    }
    return m_pruner->shouldPrune(m_trial, m_history);
}

std::optional<double> PruneCheck::lastValue() const
{
    if (m_trial.intermediate.empty())
        return std::nullopt;
    return m_trial.intermediate.rbegin()->second;
}

std::optional<int64_t> PruneCheck::lastStep() const
{
    if (m_trial.intermediate.empty())
        return std::nullopt;
    return m_trial.intermediate.rbegin()->first;
}

} // namespace dllab::sweep
