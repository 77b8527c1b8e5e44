#pragma once
// Live control of a sweep from any process (the CLI, the GUI): requests the sweep's runner
// reads from the sweeps row within a second. Any thread with its own Workspace.
#include "training/sweep/sweep_store.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace dllab::sweep {

// An ended sweep (finished, failed, stopped) takes no more control, nor a resume: throws
// dllab::Error naming it. `sweep run --new` starts another under its name.
void refuseEnded(const SweepRecord &sweep);

// Pause and resume need a live runner; stop also ends a sweep that no process runs (its
// unfinished trials become stopped). Returns the status to expect: Paused, Running or Stopped.
// Throws dllab::Error on a final sweep or a sweep no process runs.
SweepStatus controlSweep(workspace::Workspace &ws, const std::string &idOrName, SweepAction action);

// A sweep that ends for good leaves no trial half-done: trials not yet done (waiting to run
// again, or cut off) become stopped, and their runs that are queued, paused or interrupted are
// cancelled. The runner calls it as it ends; controlSweep when it stops a sweep no process runs.
void closeLeftovers(workspace::Workspace &ws, int64_t sweepId);

// Changes the budget in the stored spec; a live runner applies it within a second, a later
// `sweep run` starts with it. Returns the updated {parallelTrialCount, maxTrialCount}.
nlohmann::json setSweepBudget(workspace::Workspace &ws, const std::string &idOrName,
                              std::optional<int> parallel, std::optional<int> maxTrials);

} // namespace dllab::sweep
