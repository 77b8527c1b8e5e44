#pragma once
// Training runs end to end: create a run from a spec, train it (or resume it) on the calling
// thread, recording everything in the workspace. No torch in this header, so Qt code may include
// it. A run is trained on one thread with that thread's Workspace; the observer is called on it.
#include "run_store.h"
#include "workspace/job_context.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dllab::training {

// Callbacks from a training run, on the run's thread; keep them short (the GUI copies the data
// into a locked buffer). The points were committed before the call.
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual void onStarted(int64_t runId, const nlohmann::json &env) {}
    virtual void onMetrics(int64_t runId, const std::vector<MetricPoint> &points) {}
    virtual void onEpoch(int64_t runId, int64_t epoch, int64_t epochs) {}
};

struct TrainOutcome {
    int64_t runId = 0;
    RunStatus status = RunStatus::Failed; // Finished, Failed, Cancelled or Paused
    nlohmann::json summary;               // as stored in runs.summary_json
    std::string error; // failed: the message ("diverged at epoch 2, step 130 ...")
};

struct TrainOptions {
    TrainObserver *observer = nullptr;
    const std::atomic<bool> *pause = nullptr; // set: the run pauses at its next batch
    int threads = 0;         // intra-op threads when the spec does not pin them (0: auto)
    bool onlyQueued = false; // a scheduler's claim: refuse a run no longer queued
};

// Checks `spec` against its dataset version and stores it as a queued run; returns its id. The
// stored spec pins the dataset to name@vN and writes every default out, so it re-runs exactly.
// Throws dllab::Error naming the bad field; nothing is stored then.
// `name` empty: run-ID.
// `claimed`: the caller trains it at once (RunStore::create).
int64_t createRun(workspace::Workspace &ws, const nlohmann::json &spec,
                  const std::string &kind = "train", std::optional<int64_t> sweepId = {},
                  const std::string &name = {}, bool claimed = false);

// Trains run `runId` to its end or to a stop: ctx.stop (status cancelled), *options.pause
// (paused), or a control another process set with RunStore::requestControl. A run that was
// interrupted, paused, cancelled or failed continues from its last checkpoint and ends as an
// uninterrupted run would. A failure of the run itself (divergence, a torch error) is recorded
// and returned, not thrown; dllab::Error is thrown only when the run cannot start (no such run,
// already finished or running, dataset gone).
TrainOutcome trainRun(workspace::Workspace &ws, int64_t runId, const JobContext &ctx,
                      const TrainOptions &options = {});

} // namespace dllab::training
