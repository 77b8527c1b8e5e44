#pragma once
// The GUI's adapter to the engine's run queue (training::RunScheduler, DESIGN.md §3). The
// scheduler also adopts runs other processes queue (`dllab-cli train --queue`); "at once" is the
// workspace's "run_slots" setting, which the scheduler stores. Every other workspace write happens
// on the controller's one-thread pool, in the order asked; the scheduler's events come back to the
// GUI thread as signals. Live
// metrics do not come through here: views read them through the WorkspaceMonitor.
// GUI thread only; owns the scheduler and its RunHandles.
#include "training/run_status.h"
#include "ui/shell/job_handle.h"

#include <nlohmann/json.hpp>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <filesystem>
#include <memory>

namespace dllab::training {
class RunScheduler;
}

namespace dllab::ui {

class RunController;

// A run's row in the jobs panel, from launch (or resume) to its end. One per run and training.
class RunHandle : public JobHandle {
    Q_OBJECT
public:
    RunHandle(RunController *controller, QString name, QObject *parent);
    qint64 runId() const { return m_runId; }
    void cancel() override;

private:
    friend class RunController;
    RunController *m_controller;
    qint64 m_runId = 0;
    bool m_cancelWhenCreated = false;
};

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    void setWorkspaceDir(const std::filesystem::path &dir);
    // The scheduler sweeps started from this window put their trials in; it lives while they
    // hold it.
    std::shared_ptr<training::RunScheduler> scheduler() const;

    // How many runs train at once: the workspace's setting (written on the pool).
    void setMaxConcurrentRuns(int runs);
    int queuedRuns() const; // waiting in this window's scheduler

    RunHandle *launch(const nlohmann::json &spec);
    // `name`: the run's, for its job row ("Resume run-3"); "run N" when not given.
    RunHandle *resume(qint64 runId, const QString &name = {});
    void pause(qint64 runId);
    void cancel(qint64 runId);
    // Run `runId` is queued or training in this process.
    bool owns(qint64 runId) const;
    // Pauses every run this process trains and waits for each (their checkpoints stay); queued
    // runs stay queued in the workspace.
    void pauseAll();

Q_SIGNALS:
    void jobStarted(dllab::ui::JobHandle *job);
    void runCreated(qint64 runId);
    void runEnded(qint64 runId, dllab::training::RunStatus status, const QString &error);
    void controlFailed(const QString &message);
    // The workspace's "at once", read when a workspace is opened.
    void maxConcurrentRunsRead(int runs);

private:
    struct Engine;
    RunHandle *handleFor(qint64 runId, const QString &name);
    void control(qint64 runId, training::RunControl action);
    void onCreated(RunHandle *handle, qint64 runId, const QString &error);
    void onStarted(qint64 runId);
    void onEnded(qint64 runId, training::RunStatus status, const QString &error, bool elsewhere);
    void drainProgress();
    // `work` on the controller's pool with the current engine; an exception's text becomes
    // controlFailed (or `failed`, when given).
    void onPool(std::function<void(Engine &)> work,
                std::function<void(const QString &)> failed = {});

    std::filesystem::path m_workspaceDir;
    std::shared_ptr<Engine> m_engine;
    QHash<qint64, QPointer<RunHandle>> m_handles; // runs queued or training here
    QHash<qint64, QPointer<RunHandle>> m_paused;  // their rows go when they train again
    QThreadPool m_pool; // one thread: workspace writes in the order they were asked
};

} // namespace dllab::ui
