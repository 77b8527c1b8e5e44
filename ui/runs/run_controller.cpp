#include "ui/runs/run_controller.h"

#include "training/run_scheduler.h"
#include "training/run_store.h"
#include "training/trainer.h"
#include "workspace/workspace.h"

#include <QMetaObject>

#include <map>
#include <mutex>

namespace dllab::ui {

namespace {

JobState jobStateFor(training::RunStatus status)
{
    switch (status) {
    case training::RunStatus::Finished:
        return JobState::Done;
    case training::RunStatus::Paused:
    case training::RunStatus::Queued: // it stays in the workspace's queue
        return JobState::Paused;
    case training::RunStatus::Cancelled:
        return JobState::Cancelled;
    default:
        return JobState::Failed;
    }
}

QString jobName(const nlohmann::json &spec)
{
    const std::string dataset = spec.value("dataset", std::string());
    const std::string arch = spec.contains("model") && spec["model"].is_object()
                                 ? spec["model"].value("arch", std::string("mlp"))
                                 : std::string("mlp");
    return QObject::tr("Train %1 on %2")
        .arg(QString::fromStdString(arch), QString::fromStdString(dataset));
}

} // namespace

// The scheduler and its events, shared with the pool's tasks. Events arrive on the scheduler's
// threads and are queued to the controller; progress is coalesced to one queued call at a time.
struct RunController::Engine : training::RunEvents {
    Engine(RunController *controller, const std::filesystem::path &dir, quint64 generation)
        : controller(controller), dir(dir), generation(generation), scheduler(dir, this)
    {}
    ~Engine() override { scheduler.pauseAll(); } // before the events it calls go

    // No more calls reach the controller (it lets go of this engine; a sweep may still use it).
    void detach()
    {
        std::lock_guard lock(postMutex);
        controller = nullptr;
    }
    void post(std::function<void(RunController &)> call)
    {
        std::lock_guard lock(postMutex);
        if (!controller)
            return;
        QMetaObject::invokeMethod(
            controller,
            [controller = controller, generation = generation, call = std::move(call)] {
                if (controller->m_engine && controller->m_engine->generation == generation)
                    call(*controller);
            },
            Qt::QueuedConnection);
    }
    void onStarted(int64_t runId, const std::string &lane) override
    {
        if (lane.empty()) // a sweep's trials show as the sweep's job
            post([runId](RunController &c) { c.onStarted(runId); });
    }
    void onProgress(int64_t runId, double fraction, const std::string &message) override
    {
        {
            std::lock_guard lock(mutex);
            progress[runId] = {fraction, message};
        }
        if (!progressPosted.exchange(true))
            post([](RunController &c) { c.drainProgress(); });
    }
    void onEnded(int64_t runId, const training::RunEnd &end) override
    {
        post([runId, status = end.status, error = QString::fromStdString(end.error),
              elsewhere = end.takenElsewhere](RunController &c) {
            c.onEnded(runId, status, error, elsewhere);
        });
    }

    std::mutex postMutex;
    RunController *controller;
    const std::filesystem::path dir;
    const quint64 generation;
    std::mutex mutex;
    std::map<int64_t, std::pair<double, std::string>> progress;
    std::atomic<bool> progressPosted = false;
    training::RunScheduler scheduler; // last: its threads stop before the members above go
};

RunHandle::RunHandle(RunController *controller, QString name, QObject *parent)
    : JobHandle(std::move(name), parent), m_controller(controller)
{}

void RunHandle::cancel()
{
    if (m_runId > 0)
        m_controller->cancel(m_runId);
    else
        m_cancelWhenCreated = true;
}

RunController::RunController(QObject *parent) : QObject(parent) { m_pool.setMaxThreadCount(1); }

RunController::~RunController()
{
    pauseAll();
    if (m_engine)
        m_engine->detach();
}

void RunController::setWorkspaceDir(const std::filesystem::path &dir)
{
    if (m_engine && dir == m_workspaceDir)
        return;
    m_pool.waitForDone();
    const quint64 generation = m_engine ? m_engine->generation + 1 : 1;
    if (m_engine) {
        m_engine->scheduler.pauseAll();
        m_engine->detach();
        m_engine.reset();
    }
    for (const QPointer<RunHandle> &handle : std::as_const(m_handles))
        if (handle)
            handle->markFinished(JobState::Paused, {});
    m_handles.clear();
    m_workspaceDir = dir;
    m_engine = std::make_shared<Engine>(this, dir, generation);
    m_engine->scheduler.adoptQueued(true);
    onPool([](Engine &engine) {
        workspace::Workspace ws(engine.dir);
        const auto text = ws.setting(training::RunScheduler::kSlotsSetting);
        const int runs = text ? std::max(1, std::atoi(text->c_str())) : 1;
        engine.post([runs](RunController &c) { Q_EMIT c.maxConcurrentRunsRead(runs); });
    });
}

std::shared_ptr<training::RunScheduler> RunController::scheduler() const
{
    if (!m_engine)
        return {};
    return std::shared_ptr<training::RunScheduler>(m_engine, &m_engine->scheduler);
}

void RunController::setMaxConcurrentRuns(int runs)
{
    if (!m_engine)
        return;
    m_engine->scheduler.setSlots({}, std::max(1, runs)); // which stores it in the workspace
}

int RunController::queuedRuns() const
{
    return m_engine ? int(m_engine->scheduler.queued().size()) : 0;
}

RunHandle *RunController::launch(const nlohmann::json &spec)
{
    auto *handle = new RunHandle(this, jobName(spec), this);
    handle->setWaitingMessage(tr("creating the run"));
    Q_EMIT jobStarted(handle);
    QPointer<RunHandle> guard(handle);
    onPool(
        [spec, guard](Engine &engine) {
            workspace::Workspace ws(engine.dir);
            const int64_t id = training::createRun(ws, spec);
            // Posted before the submit, so it reaches the controller before the run's start.
            engine.post([guard, id](RunController &c) { c.onCreated(guard, id, {}); });
            engine.scheduler.submit(id);
        },
        [this, guard](const QString &error) { onCreated(guard, 0, error); });
    return handle;
}

RunHandle *RunController::resume(qint64 runId, const QString &name)
{
    if (RunHandle *handle = m_handles.value(runId))
        return handle; // already queued or training here
    RunHandle *handle =
        handleFor(runId, tr("Resume %1").arg(name.isEmpty() ? tr("run %1").arg(runId) : name));
    onPool(
        [runId](Engine &engine) {
            workspace::Workspace ws(engine.dir);
            training::RunStore(ws).requeue(runId);
            engine.scheduler.submit(runId);
        },
        [this, runId](const QString &error) {
            onEnded(runId, training::RunStatus::Failed, error, false);
        });
    return handle;
}

RunHandle *RunController::handleFor(qint64 runId, const QString &name)
{
    if (const QPointer<RunHandle> old = m_paused.take(runId))
        Q_EMIT old->replaced();
    auto *handle = new RunHandle(this, name, this);
    handle->m_runId = runId;
    handle->setWaitingMessage(tr("queued: waits for a free slot"));
    m_handles.insert(runId, handle);
    Q_EMIT jobStarted(handle);
    return handle;
}

void RunController::onCreated(RunHandle *handle, qint64 runId, const QString &error)
{
    if (!error.isEmpty()) {
        if (handle)
            handle->markFinished(JobState::Failed, error);
        Q_EMIT runEnded(0, training::RunStatus::Failed, error);
        return;
    }
    if (handle) {
        handle->m_runId = runId;
        handle->setWaitingMessage(tr("queued: waits for a free slot"));
        // Its start and end are posted after this (the pool posts it before it submits); only
        // an adoption of the queued row in the moment between could come first.
        if (!m_handles.contains(runId))
            m_handles.insert(runId, handle);
    }
    Q_EMIT runCreated(runId);
    if (handle && handle->m_cancelWhenCreated)
        cancel(runId);
}

void RunController::onStarted(qint64 runId)
{
    RunHandle *handle = m_handles.value(runId);
    if (!handle) // adopted from the workspace's queue: queued by another process
        handle = handleFor(runId, tr("Train run %1").arg(runId));
    handle->markStarted();
}

void RunController::drainProgress()
{
    std::map<int64_t, std::pair<double, std::string>> progress;
    {
        std::lock_guard lock(m_engine->mutex);
        progress.swap(m_engine->progress);
        m_engine->progressPosted = false;
    }
    for (const auto &[id, p] : progress)
        if (RunHandle *handle = m_handles.value(id))
            handle->markProgress(p.first, QString::fromStdString(p.second));
}

void RunController::onEnded(qint64 runId, training::RunStatus status, const QString &error,
                            bool elsewhere)
{
    RunHandle *handle = m_handles.take(runId);
    if (!handle)
        return; // a sweep's trial, or a queued run another process paused before it started
    if (elsewhere) {
        // Another process claimed it between its queueing and this start: it trains there.
        handle->markFinished(JobState::Cancelled, tr("trained by another process"));
        return;
    }
    handle->markFinished(jobStateFor(status),
                         status == training::RunStatus::Failed ? error : QString());
    if (handle->state() == JobState::Paused)
        m_paused.insert(runId, handle);
    Q_EMIT runEnded(runId, status, error);
}

bool RunController::owns(qint64 runId) const
{
    const RunHandle *handle = m_handles.value(runId);
    return handle && !handle->isFinished();
}

void RunController::pause(qint64 runId) { control(runId, training::RunControl::Pause); }

void RunController::cancel(qint64 runId) { control(runId, training::RunControl::Cancel); }

void RunController::control(qint64 runId, training::RunControl action)
{
    onPool([runId, action](Engine &engine) {
        const bool here = action == training::RunControl::Pause ? engine.scheduler.pause(runId)
                                                                : engine.scheduler.cancel(runId);
        if (!here) { // its row, for the process that trains it
            workspace::Workspace ws(engine.dir);
            training::RunStore(ws).requestControl(runId, action);
        }
    });
}

void RunController::pauseAll()
{
    m_pool.waitForDone();
    if (m_engine)
        m_engine->scheduler.pauseAll();
}

void RunController::onPool(std::function<void(Engine &)> work,
                           std::function<void(const QString &)> failed)
{
    if (!m_engine)
        return;
    m_pool.start([engine = m_engine, work = std::move(work), failed = std::move(failed)] {
        try {
            work(*engine);
        } catch (const std::exception &e) {
            engine->post([failed, error = QString::fromUtf8(e.what())](RunController &c) {
                if (failed)
                    failed(error);
                else
                    Q_EMIT c.controlFailed(error);
            });
        }
    });
}

} // namespace dllab::ui
