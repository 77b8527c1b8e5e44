#pragma once
// A sweep's trials as dllab_hpo's samplers and pruners read them, rebuilt from the workspace, so
// that a resumed sweep (or another process) sees exactly what the first runner saw. Any thread,
// with that thread's Workspace.
#include "training/hpo/trial.h"
#include "training/run_store.h"
#include "training/sweep/sweep_store.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dllab::sweep {

hpo::TrialState hpoState(TrialState state);

// Step -> value of `metric` for one run: a run trial's per-epoch values (keyed by epoch), a
// command trial's successive values (keyed by their 1-based position).
std::map<int64_t, double> intermediateValues(training::RunStore &runs, int64_t runId,
                                             const std::string &metric);

// Every trial of the sweep in number order, with its intermediate values.
std::vector<hpo::Trial> loadHistory(workspace::Workspace &ws, int64_t sweepId,
                                    const std::string &metric);

// A finished run's objective: its summary's final value of `metric`, else the metric's last
// recorded point; nullopt when it never reported one.
std::optional<double> finalObjective(training::RunStore &runs, const training::RunRecord &run,
                                     const std::string &metric);

// The best complete trial under `goal` (the earliest on a tie); nullptr when none completed.
const TrialRecord *bestTrial(const std::vector<TrialRecord> &trials, hpo::Goal goal);

} // namespace dllab::sweep
