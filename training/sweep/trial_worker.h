#pragma once
// One trial, run to its end on the thread that calls runTrial() (a run scheduler's worker
// thread, with its own Workspace): a run trial trains through training::trainRun, a
// command trial runs its argv. Intermediate values go to the pruner after each epoch or value;
// a pruned trial is stopped. The trial's row gets its final state here (complete, pruned,
// failed); a stopped trial's row is left to the runner, which knows why it stopped.
#include "training/hpo/pruner.h"
#include "training/sweep/sweep_spec.h"
#include "training/sweep/sweep_status.h"

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
    int threads = 0;      // its share of the cores (RunTask::threads)
};

// Shared by the runner and its trial threads.
struct TrialSignals {
    std::atomic<bool> paused{false};
};

struct TrialResult {
    int number = 0;
    int64_t runId = 0;
    TrialState state = TrialState::Failed; // Complete, Pruned, Failed or Stopped
    std::optional<double> objective;
    std::string error;
};

// Never throws: any error becomes a failed trial. `stop` is the runner's request to stop (sweep
// stopped, failed or interrupted); `pruner` may be null.
TrialResult runTrial(const TrialTask &task, const SweepSpec &spec, const hpo::Pruner *pruner,
                     const TrialSignals &signals, std::stop_token stop);

} // namespace dllab::sweep
