#include "run_job.h"

#include "training/run_store.h"
#include "training/trainer.h"
#include "workspace/error.h"
#include "workspace/workspace.h"

#include <sys/resource.h>
#include <unistd.h>

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace dllab::ui {

namespace {

constexpr int kDrainMs = 33; // ~30 Hz
// Training yields the CPU to the GUI thread: on a machine with few cores the run's threads would
// otherwise keep the event loop waiting. Torch's intra-op threads, started from this thread,
// inherit it. A run alone on the machine trains as fast as before.
constexpr int kTrainingNice = 10;

// Called on the run's thread: copies and returns, so training is never held up by the GUI.
class BufferObserver : public training::TrainObserver {
public:
    BufferObserver(std::mutex &mutex, MetricPoints &points) : m_mutex(mutex), m_points(points) {}
    void onMetrics(int64_t, const std::vector<training::MetricPoint> &points) override
    {
        std::lock_guard lock(m_mutex);
        m_points.insert(m_points.end(), points.begin(), points.end());
    }

private:
    std::mutex &m_mutex;
    MetricPoints &m_points;
};

struct Created {
    qint64 runId = 0;
    QString error; // empty when created
};

QString jobName(const nlohmann::json &spec, qint64 runId)
{
    if (runId > 0 || !spec.is_object())
        return QObject::tr("Resume run %1").arg(runId);
    const std::string dataset = spec.value("dataset", std::string());
    const std::string arch = spec.contains("model") ? spec["model"].value("arch", std::string("mlp"))
                                                    : std::string("mlp");
    return QObject::tr("Train %1 on %2").arg(QString::fromStdString(arch),
                                             QString::fromStdString(dataset));
}

} // namespace

RunJob::RunJob(std::filesystem::path workspaceDir, nlohmann::json spec, QObject *parent)
    : RunJob(std::move(workspaceDir), std::move(spec), 0, parent)
{
}

RunJob::RunJob(std::filesystem::path workspaceDir, qint64 runId, QObject *parent)
    : RunJob(std::move(workspaceDir), nlohmann::json(), runId, parent)
{
}

RunJob::RunJob(std::filesystem::path workspaceDir, nlohmann::json spec, qint64 runId,
               QObject *parent)
    : QObject(parent), m_workspaceDir(std::move(workspaceDir)), m_spec(std::move(spec)),
      m_runId(runId), m_runner(new JobRunner(jobName(m_spec, runId), this))
{
    m_drain.setInterval(kDrainMs);
    connect(&m_drain, &QTimer::timeout, this, &RunJob::drain);
    connect(m_runner, &JobRunner::finished, this, &RunJob::onFinished);
    // The jobs panel's Cancel reaches a run that has not started training through its runner.
    connect(m_runner, &JobRunner::cancelRequested, this, &RunJob::cancel);
}

RunJob::~RunJob() = default;

void RunJob::start()
{
    if (m_runId > 0) {
        onCreated(m_runId, {});
        return;
    }
    m_runner->setWaitingMessage(tr("creating the run"));
    // A short write, but SQLite may wait on another writer: never on the GUI thread.
    auto *watcher = new QFutureWatcher<Created>(this);
    connect(watcher, &QFutureWatcher<Created>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Created result = watcher->result();
        onCreated(result.runId, result.error);
    });
    watcher->setFuture(QtConcurrent::run([dir = m_workspaceDir, spec = m_spec]() -> Created {
        try {
            workspace::Workspace ws(dir);
            return {training::createRun(ws, spec), {}};
        } catch (const std::exception &e) {
            return {0, QString::fromUtf8(e.what())};
        }
    }));
}

void RunJob::onCreated(qint64 runId, const QString &error)
{
    if (!error.isEmpty()) {
        endEarly([message = error.toStdString()](const JobContext &) { throw Error(message); });
        return;
    }
    m_runId = runId;
    m_stage = Stage::Waiting;
    m_runner->setWaitingMessage(tr("queued: waits for a free slot"));
    // Asked to end while the run was being created (it could not be told then): it ends before
    // the controller hears of it, so it never trains.
    if (m_cancelWhenCreated)
        cancel();
    else if (m_shared->pause)
        pause();
    if (m_spec.is_object())
        Q_EMIT created(m_runId);
}

void RunJob::train()
{
    Q_ASSERT(m_stage == Stage::Waiting);
    m_stage = Stage::Training;
    m_drain.start();
    m_runner->start([dir = m_workspaceDir, shared = m_shared, id = m_runId](const JobContext &ctx) {
        setpriority(PRIO_PROCESS, id_t(gettid()), kTrainingNice); // best effort
        workspace::Workspace ws(dir);                               // this thread's connection
        BufferObserver observer(shared->mutex, shared->points);
        const training::TrainOutcome outcome = training::trainRun(ws, id, ctx, &observer,
                                                                  &shared->pause);
        if (outcome.status == "cancelled")
            throw Cancelled();
        if (outcome.status == "paused")
            throw JobPaused();
        if (outcome.status == "failed")
            throw Error(outcome.error);
    });
}

void RunJob::pause()
{
    m_shared->pause = true;
    if (m_stage == Stage::Waiting)
        endEarly([](const JobContext &) { throw JobPaused(); }); // stays queued; Resume trains it
}

void RunJob::cancel()
{
    switch (m_stage) {
    case Stage::Creating:
        m_cancelWhenCreated = true;
        break;
    case Stage::Waiting:
        // RunStore::requestControl ends a run nobody trains (queued -> cancelled); a failed or
        // cancelled run waiting to be resumed keeps its status.
        endEarly([dir = m_workspaceDir, id = m_runId](const JobContext &) {
            workspace::Workspace ws(dir);
            try {
                training::RunStore(ws).requestControl(id, "cancel");
            } catch (const Error &) {
                // RunStore decides which statuses a cancel changes; the others stay.
            }
            throw Cancelled();
        });
        break;
    case Stage::Training:
        m_runner->cancel();
        break;
    case Stage::Ending:
        break;
    }
}

void RunJob::pauseAndWait()
{
    if (!isActive())
        return;
    pause();
    m_runner->wait();
}

void RunJob::endEarly(JobRunner::Work work)
{
    m_stage = Stage::Ending;
    m_runner->start(std::move(work));
}

void RunJob::drain()
{
    MetricPoints points;
    {
        std::lock_guard lock(m_shared->mutex);
        points.swap(m_shared->points);
    }
    if (!points.empty())
        Q_EMIT metricsArrived(m_runId, points);
}

void RunJob::onFinished(JobState state, const QString &message)
{
    drain(); // the last points come before the end
    m_drain.stop();
    QString status;
    switch (state) {
    case JobState::Done:
        status = QStringLiteral("finished");
        break;
    case JobState::Paused:
        status = QStringLiteral("paused");
        break;
    case JobState::Cancelled:
        status = QStringLiteral("cancelled");
        break;
    default:
        status = QStringLiteral("failed");
        break;
    }
    Q_EMIT ended(m_runId, status, message);
}

} // namespace dllab::ui
