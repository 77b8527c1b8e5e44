#include "run_controller.h"

#include "training/run_spec.h"
#include "training/run_store.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace dllab::ui {

RunController::RunController(QObject *parent) : QObject(parent) {}

RunController::~RunController() { pauseAll(); }

RunJob *RunController::launch(const nlohmann::json &spec)
{
    nlohmann::json withThreads = spec;
    // A run alone keeps "auto" threads; runs side by side share the cores.
    if (m_gate->limit() > 1)
        training::shareCores(withThreads, m_gate->limit());
    return startJob(new RunJob(m_workspaceDir, std::move(withThreads), this));
}

RunJob *RunController::resume(qint64 runId)
{
    if (RunJob *job = jobFor(runId))
        return job;
    return startJob(new RunJob(m_workspaceDir, runId, this));
}

RunJob *RunController::startJob(RunJob *job)
{
    connect(job, &RunJob::created, this, [this, job](qint64 runId) {
        m_active.insert(runId, job);
        Q_EMIT runCreated(runId);
    });
    connect(job, &RunJob::metricsArrived, this, &RunController::metricsArrived);
    connect(job, &RunJob::ended, this,
            [this, job](qint64 runId, const QString &status, const QString &error) {
                if (m_active.value(runId) == job)
                    m_active.remove(runId);
                Q_EMIT runEnded(runId, status, error);
            });
    if (job->runId() > 0)
        m_active.insert(job->runId(), job);
    job->setGate(m_gate);
    job->start();
    Q_EMIT jobStarted(job->runner());
    return job;
}

RunJob *RunController::jobFor(qint64 runId) const
{
    RunJob *job = m_active.value(runId);
    return job && job->isActive() ? job : nullptr;
}

void RunController::pause(qint64 runId)
{
    if (RunJob *job = jobFor(runId))
        job->pause();
    else
        requestControl(runId, "pause");
}

void RunController::cancel(qint64 runId)
{
    if (RunJob *job = jobFor(runId))
        job->cancel();
    else
        requestControl(runId, "cancel");
}

void RunController::pauseAll()
{
    for (const QPointer<RunJob> &job : std::as_const(m_active)) {
        if (job)
            job->pause(); // all at once, then wait: each stops at its own next check
    }
    for (const QPointer<RunJob> &job : std::as_const(m_active)) {
        if (job)
            job->pauseAndWait();
    }
}

// The run belongs to another process (or to none: a paused run is ended at once); the engine's
// control column tells its owner, which polls it about once a second.
void RunController::requestControl(qint64 runId, const std::string &action)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (!error.isEmpty())
            Q_EMIT controlFailed(error);
    });
    watcher->setFuture(QtConcurrent::run([dir = m_workspaceDir, runId, action]() -> QString {
        try {
            workspace::Workspace ws(dir);
            training::RunStore(ws).requestControl(runId, action);
            return {};
        } catch (const std::exception &e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

} // namespace dllab::ui
