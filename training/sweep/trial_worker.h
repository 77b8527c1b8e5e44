#pragma once
// One trial, run to its end on the thread that calls runTrial() (the sweep runner gives each
// trial its own std::jthread and Workspace): a run trial trains through training::trainRun, a
// command trial runs its argv. Intermediate values go to the pruner after each epoch or value;
// a pruned trial is stopped. The trial's row gets its final state here (complete, pruned,
// failed); a stopped trial's row is left to the runner, which knows why it stopped.
#include "training/hpo/pruner.h"
#include "training/sweep/sweep_spec.h"

#include <atomic>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>

namespace dllab::sweep {

struct TrialTask {
    std::filesystem::path workspaceDir;
    int64_t sweepId = 0;
    int number = 0;
    int64_t runId = 0;
    hpo::Params params;
    bool resumed = false; // cut off earlier: a run trial continues from its checkpoint
};

// Shared by the runner and its trial threads.
struct TrialSignals {
    std::atomic<bool> paused{false};
};

struct TrialResult {
    int number = 0;
    int64_t runId = 0;
    std::string state; // complete | pruned | failed | stopped
    std::optional<double> objective;
    std::string error;
};

// Never throws: any error becomes a failed trial. `stop` is the runner's request to stop (sweep
// stopped, failed or interrupted); `pruner` may be null.
TrialResult runTrial(const TrialTask &task, const SweepSpec &spec, const hpo::Pruner *pruner,
                     const TrialSignals &signals, std::stop_token stop);

} // namespace dllab::sweep
