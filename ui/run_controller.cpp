#include "run_controller.h"

#include "training/run_spec.h"
#include "training/run_store.h"
#include "workspace/workspace.h"

#include <algorithm>

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace dllab::ui {

RunController::RunController(QObject *parent) : QObject(parent) {}

RunController::~RunController() { pauseAll(); }

void RunController::setMaxConcurrentRuns(int runs)
{
    m_limit = std::max(1, runs);
    admit();
}

int RunController::queuedRuns() const
{
    return int(std::count_if(m_queue.begin(), m_queue.end(),
                             [](const QPointer<RunJob> &job) { return job && job->isWaiting(); }));
}

RunJob *RunController::launch(const nlohmann::json &spec)
{
    nlohmann::json withThreads = spec;
    // A run alone keeps "auto" threads; runs side by side share the cores.
    if (m_limit > 1)
        training::shareCores(withThreads, m_limit);
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
        admit();
    });
    connect(job, &RunJob::metricsArrived, this, &RunController::metricsArrived);
    connect(job, &RunJob::ended, this,
            [this, job](qint64 runId, const QString &status, const QString &error) {
                onEnded(job, runId, status, error);
            });
    if (job->runId() > 0)
        m_active.insert(job->runId(), job);
    m_queue.append(job);
    job->start();
    Q_EMIT jobStarted(job->runner());
    admit();
    return job;
}

void RunController::onEnded(RunJob *job, qint64 runId, const QString &status,
                            const QString &error)
{
    if (m_active.value(runId) == job)
        m_active.remove(runId);
    if (job->hasTrained())
        --m_training;
    m_queue.removeOne(job);
    admit(); // its slot, or its place at the head of the queue, is free
    Q_EMIT runEnded(runId, status, error);
}

void RunController::admit()
{
    while (m_training < m_limit && !m_queue.isEmpty()) {
        RunJob *job = m_queue.first();
        // First in, first out: a run still being created holds up the ones launched after it.
        if (job && job->stage() == RunJob::Stage::Creating)
            return;
        m_queue.removeFirst();
        if (job && job->stage() == RunJob::Stage::Waiting) {
            ++m_training;
            job->train();
        }
    }
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
    // The waiting runs first, so that no slot the others free starts one; they stay queued.
    for (const QPointer<RunJob> &job : std::as_const(m_queue)) {
        if (job)
            job->pause();
    }
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
