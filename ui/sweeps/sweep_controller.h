#pragma once
// Launches and steers sweeps for the GUI. A sweep runs (openSweep + runSweep) as a JobRunner job
// with its thread's own Workspace; its trials are runs in the RunController's scheduler.
// Cancelling the job leaves the sweep interrupted, to be resumed. Pause, resume, stop and the
// budget are written to the sweep's row on a pool thread; its runner (here or in another
// process) polls the row each second. GUI thread only; owns its JobRunners.
#include "training/sweep/sweep_status.h"
#include "ui/shell/job_runner.h"

#include <nlohmann/json.hpp>

#include <QObject>

#include <filesystem>
#include <functional>
#include <optional>

namespace dllab::workspace {
class Workspace;
}
namespace dllab::sweep {
struct OpenedSweep;
}

namespace dllab::ui {

class RunController;

class SweepController : public QObject {
    Q_OBJECT
public:
    // The sweeps' trials train in `runs`'s scheduler, beside the window's other runs.
    explicit SweepController(RunController *runs, QObject *parent = nullptr);
    ~SweepController() override;

    void setWorkspaceDir(const std::filesystem::path &dir) { m_workspaceDir = dir; }

    // A new sweep from `spec` (or the unfinished one of that name, resumed); sweepOpened() gives
    // its id once stored.
    JobRunner *launch(const nlohmann::json &spec);
    // Runs an interrupted sweep (its runner was cancelled, or its process died) on from where it
    // stopped, in this process: no finished trial is repeated. `name` labels the job.
    JobRunner *resume(qint64 sweepId, const QString &name);
    // A request to the runner of a running or paused sweep.
    void control(qint64 sweepId, sweep::SweepAction action);
    // parallelTrialCount and maxTrialCount of a sweep that has not ended; its runner applies
    // them within a second.
    void setBudget(qint64 sweepId, std::optional<int> parallel, std::optional<int> maxTrials);
    // Sweeps this process runs now.
    int activeCount() const;

Q_SIGNALS:
    void jobStarted(dllab::ui::JobRunner *runner);
    void sweepOpened(qint64 sweepId);
    // `error`: why the sweep failed, or why a finished one gave no result (no complete trial).
    void sweepEnded(qint64 sweepId, dllab::sweep::SweepStatus status, const QString &error);
    // A control or budget request finished: empty error when it was accepted.
    void requestDone(qint64 sweepId, const QString &what, const QString &error);

private:
    // The sweep's job: `open` (on its thread) says which sweep, then it runs to its end.
    JobRunner *start(const QString &name,
                     std::function<sweep::OpenedSweep(workspace::Workspace &)> open);
    // `work` on a pool thread with its own Workspace and the sweep's id; requestDone reports it.
    using Request = std::function<void(workspace::Workspace &, const std::string &sweepId)>;
    void request(qint64 sweepId, const QString &what, Request work);

    RunController *m_runs;
    std::filesystem::path m_workspaceDir;
};

} // namespace dllab::ui
