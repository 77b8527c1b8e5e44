#include "training/sweep/sweep_control.h"

#include "training/run_store.h"
#include "training/sweep/sweep_store.h"
#include "workspace/error.h"

namespace dllab::sweep {

namespace {

std::string labelOf(const SweepRecord &sweep)
{
    return "sweep " + sweep.name + " (" + std::to_string(sweep.id) + ")";
}

} // namespace

void refuseEnded(const SweepRecord &sweep)
{
    if (isFinal(sweep.status))
        throw Error(labelOf(sweep) + " has "
                    + (sweep.status == SweepStatus::Finished
                           ? std::string("finished")
                           : std::string("ended: ") + statusName(sweep.status)));
}

SweepStatus controlSweep(workspace::Workspace &ws, const std::string &idOrName, SweepAction action)
{
    SweepStore store(ws);
    store.recoverInterrupted();
    const SweepRecord sweep = store.get(idOrName);
    refuseEnded(sweep);
    if (sweep.ownerAlive) {
        switch (action) {
        case SweepAction::Pause:
            store.setControl(sweep.id, SweepControl::Pause);
            return SweepStatus::Paused;
        case SweepAction::Resume:
            store.setControl(sweep.id, SweepControl::None);
            return SweepStatus::Running;
        case SweepAction::Stop:
            store.setControl(sweep.id, SweepControl::Stop);
            return SweepStatus::Stopped;
        }
    }
    if (action != SweepAction::Stop)
        throw Error(labelOf(sweep)
                    + " is not running in any process; continue it with "
                      "dllab-cli sweep run SPEC.json");
    // No runner: end it here, as the runner would have.
    closeLeftovers(ws, sweep.id);
    store.release(sweep.id, SweepStatus::Stopped);
    return SweepStatus::Stopped;
}

void closeLeftovers(workspace::Workspace &ws, int64_t sweepId)
{
    SweepStore store(ws);
    training::RunStore runs(ws);
    for (const auto &trial : store.trials(sweepId)) {
        if (trial.isDone())
            continue;
        if (trial.state != TrialState::Stopped)
            store.setTrialState(sweepId, trial.number, TrialState::Stopped);
        if (!trial.runId)
            continue;
        const auto run = runs.get(*trial.runId);
        if (run.status != training::RunStatus::Running && training::canCancel(run.status))
            runs.requestControl(run.id, training::RunControl::Cancel);
    }
}

nlohmann::json setSweepBudget(workspace::Workspace &ws, const std::string &idOrName,
                              std::optional<int> parallel, std::optional<int> maxTrials)
{
    if (parallel && *parallel < 1)
        throw Error("--parallel must be at least 1");
    if (maxTrials && *maxTrials < 1)
        throw Error("--max-trials must be at least 1");
    SweepStore store(ws);
    workspace::Transaction transaction(ws.db()); // read-modify-write of the spec
    SweepRecord sweep = store.get(idOrName);
    refuseEnded(sweep);
    if (parallel)
        sweep.spec["parallelTrialCount"] = *parallel;
    if (maxTrials)
        sweep.spec["maxTrialCount"] = *maxTrials;
    store.setSpec(sweep.id, sweep.spec);
    transaction.commit();
    return {{"sweep", sweep.id},
            {"parallelTrialCount", sweep.spec.value("parallelTrialCount", 1)},
            {"maxTrialCount", sweep.spec.value("maxTrialCount", 10)}};
}

} // namespace dllab::sweep
