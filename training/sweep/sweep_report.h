#pragma once
// A sweep as the CLI reports it (`sweep run/show/list --json`) and a GUI would list it. Reads
// only; any thread with its own Workspace.
#include "training/sweep/sweep_store.h"

#include <nlohmann/json.hpp>

namespace dllab::sweep {

// A trial's state as users see it: one left queued or running by an interrupted sweep reads
// "interrupted", as its run does, since nothing runs it until `sweep run` resumes the sweep and
// runs it again under its number. The stored state stays as it was, for the resume.
std::string shownTrialState(const SweepRecord &sweep, const TrialRecord &trial);

// The number of trials in each shown state, {"queued": n, ..., "interrupted": n}.
nlohmann::json trialCounts(const SweepRecord &sweep, const std::vector<TrialRecord> &trials);

// {sweep, name, status, objective, algorithm, budget fields, counts, created_at, ended_at}.
nlohmann::json sweepSummaryJson(const SweepRecord &sweep, const std::vector<TrialRecord> &trials);

// The summary plus trials [{number, run, params, status, objective, error}] and best
// {run, number, params, objective} (null before a trial completes).
nlohmann::json sweepJson(SweepStore &store, const SweepRecord &sweep);

// For a sweep that finished with no complete trial (every one failed or was pruned), what to
// tell the user, who must not take it as a result; empty otherwise.
std::string noResultMessage(const SweepRecord &sweep, const std::vector<TrialRecord> &trials);

} // namespace dllab::sweep
