#pragma once
// The sweep runner: asks the sampler for each trial's parameters on the calling (coordinating)
// thread, runs up to parallelTrialCount trials at once as runs of a run scheduler (each on its
// worker thread with its own Workspace and a share of the cores), counts failures against
// maxFailedTrialCount, and
// follows the control and budget another process writes into the sweep's row (polled each
// second). Everything is recorded as it happens, so a sweep cut off at any point resumes.
#include "training/sweep/sweep_store.h"
#include "training/sweep/trial_worker.h"
#include "workspace/job_context.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <string>

namespace dllab::training {
class RunScheduler;
}

namespace dllab::sweep {

// Progress from a running sweep, on the runner's (calling) thread.
class SweepEvents {
public:
    virtual ~SweepEvents() = default;
    virtual void onTrialStarted(int number, int64_t runId, const hpo::Params &params, bool resumed)
    {}
    virtual void onTrialEnded(const TrialResult &result, const TrialRecord *best) {}
    virtual void onStatus(SweepStatus status) {}
    virtual void onNote(const std::string &message) {}
};

struct OpenedSweep {
    int64_t id = 0;
    enum class How { Created, Resumed, Done } how = How::Created;
    std::string note; // e.g. the stored spec differs from the one given
};

// The sweep named in `spec`: a new one when there is none of that name or `fresh` is set; the
// unfinished one of that name to resume; or the finished one (Done), to report. Throws
// dllab::Error on a bad spec or when a live process runs the sweep.
OpenedSweep openSweep(workspace::Workspace &ws, const nlohmann::json &spec, bool fresh);

// Runs sweep `sweepId` (new or cut off) until it ends, and returns its status: Finished,
// Failed (more than maxFailedTrialCount trials failed), Stopped (`sweep stop`), or Interrupted
// (ctx.stop: the trials stop, and `sweep run` resumes them later). Its trials train in a lane of
// `scheduler` (the GUI's, so they share the cores with its runs) or, when null, of a scheduler
// of its own. Throws dllab::Error when the sweep cannot start (a live process holds it, its spec
// is bad).
SweepStatus runSweep(workspace::Workspace &ws, int64_t sweepId, const JobContext &ctx,
                     SweepEvents *events = nullptr, training::RunScheduler *scheduler = nullptr);

// Each trial's seed: from the sweep's seed and the trial's number only, so a resumed sweep
// draws what an uninterrupted one would have.
uint64_t trialSeed(uint64_t sweepSeed, int number);

} // namespace dllab::sweep
