#include "training/sweep/sweep_report.h"

#include "training/sweep/trial_history.h"

#include <algorithm>

using nlohmann::json;

namespace dllab::sweep {

namespace {

hpo::Goal goalOf(const json &spec)
{
    try {
        return hpo::parseGoal(spec.value("objective", json::object()).value("goal", "maximize"));
    } catch (const std::exception &) {
        return hpo::Goal::Maximize;
    }
}

json numberOrNull(const std::optional<double> &value)
{
    return value ? json(*value) : json(nullptr);
}

} // namespace

std::string shownTrialState(const SweepRecord &sweep, const TrialRecord &trial)
{
    return shownStateName(sweep.status, trial.state);
}

json trialCounts(const SweepRecord &sweep, const std::vector<TrialRecord> &trials)
{
    json counts{{"queued", 0}, {"running", 0}, {"complete", 0},   {"pruned", 0},
                {"failed", 0}, {"stopped", 0}, {"interrupted", 0}};
    for (const auto &trial : trials) {
        const std::string state = shownTrialState(sweep, trial);
        counts[state] = counts.value(state, 0) + 1;
    }
    return counts;
}

json sweepSummaryJson(const SweepRecord &sweep, const std::vector<TrialRecord> &trials)
{
    const json &spec = sweep.spec;
    const TrialRecord *best = bestTrial(trials, goalOf(spec));
    return {{"sweep", sweep.id},
            {"name", sweep.name},
            {"status", statusName(sweep.status)},
            {"objective", spec.value("objective", json::object())},
            {"algorithm", spec.value("algorithm", json::object()).value("name", "tpe")},
            {"maxTrialCount", spec.value("maxTrialCount", 10)},
            {"parallelTrialCount", spec.value("parallelTrialCount", 1)},
            {"maxFailedTrialCount", spec.value("maxFailedTrialCount", json(nullptr))},
            {"trial_count", trials.size()},
            {"counts", trialCounts(sweep, trials)},
            {"best_objective", best ? numberOrNull(best->objective) : json(nullptr)},
            {"control", sweep.control == SweepControl::None ? json(nullptr)
                                                            : json(controlName(sweep.control))},
            {"created_at", sweep.createdAt},
            {"ended_at", sweep.endedAt.empty() ? json(nullptr) : json(sweep.endedAt)}};
}

std::string noResultMessage(const SweepRecord &sweep, const std::vector<TrialRecord> &trials)
{
    if (sweep.status != SweepStatus::Finished || bestTrial(trials, goalOf(sweep.spec)))
        return {};
    const auto count = [&](TrialState state) {
        return std::count_if(trials.begin(), trials.end(),
                             [&](const TrialRecord &t) { return t.state == state; });
    };
    return "sweep " + sweep.name + " finished without a complete trial ("
           + std::to_string(count(TrialState::Failed)) + " failed, "
           + std::to_string(count(TrialState::Pruned)) + " pruned)";
}

json sweepJson(SweepStore &store, const SweepRecord &sweep)
{
    const auto trials = store.trials(sweep.id);
    json out = sweepSummaryJson(sweep, trials);
    json list = json::array();
    for (const auto &trial : trials) {
        json entry{{"number", trial.number},
                   {"run", trial.runId ? json(*trial.runId) : json(nullptr)},
                   {"params", trial.params},
                   {"status", shownTrialState(sweep, trial)},
                   {"objective", numberOrNull(trial.objective)}};
        if (!trial.error.empty())
            entry["error"] = trial.error;
        list.push_back(std::move(entry));
    }
    out["trials"] = list;
    const TrialRecord *best = bestTrial(trials, goalOf(sweep.spec));
    out["best"] = best ? json{{"run", best->runId ? json(*best->runId) : json(nullptr)},
                              {"number", best->number},
                              {"params", best->params},
                              {"objective", numberOrNull(best->objective)}}
                       : json(nullptr);
    return out;
}

} // namespace dllab::sweep
