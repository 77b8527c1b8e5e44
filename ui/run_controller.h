#pragma once
// Launches and steers training runs for the GUI. Runs this process trains are RunJobs (each on
// its own thread with its own Workspace); pause and cancel reach them through their flag and stop
// token. Runs another process trains are asked through RunStore::requestControl, written on a
// pool thread with its own Workspace. Resume trains the run here from its last checkpoint.
// Runs queue for one of setMaxConcurrentRuns() slots (default 1), first in first out, and a run
// started while others train gets its share of the cores. The queue is a list of RunJobs that
// have not started training: a waiting run holds no thread, and a run that ends starts the next.
// GUI thread only; owns its RunJobs.
#include "run_job.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <filesystem>

namespace dllab::ui {

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    void setWorkspaceDir(const std::filesystem::path &dir) { m_workspaceDir = dir; }
    // How many runs train at once; the rest wait, queued. Takes effect at once.
    void setMaxConcurrentRuns(int runs);
    int queuedRuns() const;

    RunJob *launch(const nlohmann::json &spec);
    RunJob *resume(qint64 runId);
    void pause(qint64 runId);
    void cancel(qint64 runId);
    // The job training `runId` in this process, or nullptr.
    RunJob *jobFor(qint64 runId) const;
    bool owns(qint64 runId) const { return jobFor(runId) != nullptr; }
    // Pauses every run this process trains and waits for each (their checkpoints stay).
    void pauseAll();

Q_SIGNALS:
    void jobStarted(dllab::ui::JobRunner *runner);
    void runCreated(qint64 runId);
    void metricsArrived(qint64 runId, const dllab::ui::MetricPoints &points);
    void runEnded(qint64 runId, const QString &status, const QString &error);
    void controlFailed(const QString &message);

private:
    RunJob *startJob(RunJob *job);
    void onEnded(RunJob *job, qint64 runId, const QString &status, const QString &error);
    // Starts waiting runs, oldest first, while a slot is free.
    void admit();
    void requestControl(qint64 runId, const std::string &action);

    std::filesystem::path m_workspaceDir;
    QHash<qint64, QPointer<RunJob>> m_active;
    int m_limit = 1;
    int m_training = 0;
    QList<QPointer<RunJob>> m_queue; // launch order; a job leaves it when it trains or ends
};

} // namespace dllab::ui
