#include "training/sweep/trial_history.h"

#include <cmath>

namespace dllab::sweep {

hpo::TrialState hpoState(TrialState state)
{
    switch (state) {
    case TrialState::Complete:
        return hpo::TrialState::Complete;
    case TrialState::Pruned:
        return hpo::TrialState::Pruned;
    case TrialState::Failed:
    case TrialState::Stopped:
        return hpo::TrialState::Failed;
    case TrialState::Queued:
    case TrialState::Running:
        return hpo::TrialState::Running;
    }
    return hpo::TrialState::Running;
}

std::map<int64_t, double> intermediateValues(training::RunStore &runs, int64_t runId,
                                             const std::string &metric)
{
    std::map<int64_t, double> values;
    for (const auto &point : runs.metrics(runId, metric))
        values[point.epoch.value_or(point.step)] = point.value; // the last one of an epoch wins
    return values;
}

std::vector<hpo::Trial> loadHistory(workspace::Workspace &ws, int64_t sweepId,
                                    const std::string &metric)
{
    training::RunStore runs(ws);
    std::vector<hpo::Trial> history;
    for (const auto &record : SweepStore(ws).trials(sweepId)) {
        hpo::Trial trial;
        trial.number = record.number;
        trial.params = record.params;
        trial.state = hpoState(record.state);
        if (trial.state == hpo::TrialState::Complete)
            trial.value = record.objective;
        if (record.runId)
            trial.intermediate = intermediateValues(runs, *record.runId, metric);
        history.push_back(std::move(trial));
    }
    return history;
}

std::optional<double> finalObjective(training::RunStore &runs, const training::RunRecord &run,
                                     const std::string &metric)
{
    const auto &summary = run.summary;
    if (summary.contains("metrics") && summary["metrics"].contains(metric)
        && summary["metrics"][metric].is_number())
        return summary["metrics"][metric].get<double>();
    const auto values = intermediateValues(runs, run.id, metric);
    if (values.empty())
        return std::nullopt;
    return values.rbegin()->second;
}

const TrialRecord *bestTrial(const std::vector<TrialRecord> &trials, hpo::Goal goal)
{
    const TrialRecord *best = nullptr;
    for (const auto &trial : trials) {
        if (trial.state != TrialState::Complete || !trial.objective || std::isnan(*trial.objective))
            continue;
        if (!best || hpo::isBetter(goal, *trial.objective, *best->objective))
            best = &trial;
    }
    return best;
}

} // namespace dllab::sweep
