#include "run_job.h"

#include "training/run_store.h"
#include "training/trainer.h"
#include "workspace/error.h"
#include "workspace/workspace.h"

#include <sys/resource.h>
#include <unistd.h>

#include <optional>
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
    BufferObserver(std::mutex &mutex, MetricPoints &points, int64_t &runId)
        : m_mutex(mutex), m_points(points), m_runId(runId)
    {
    }
    void onStarted(int64_t runId, const nlohmann::json &) override
    {
        std::lock_guard lock(m_mutex);
        m_runId = runId;
    }
    void onMetrics(int64_t, const std::vector<training::MetricPoint> &points) override
    {
        std::lock_guard lock(m_mutex);
        m_points.insert(m_points.end(), points.begin(), points.end());
    }

private:
    std::mutex &m_mutex;
    MetricPoints &m_points;
    int64_t &m_runId;
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
    m_shared->runId = runId;
    m_drain.setInterval(kDrainMs);
    connect(&m_drain, &QTimer::timeout, this, &RunJob::drain);
    connect(m_runner, &JobRunner::finished, this, &RunJob::onFinished);
}

RunJob::~RunJob() = default;

void RunJob::start()
{
    m_drain.start();
    const uint64_t ticket = m_gate ? m_gate->draw() : 0;
    m_runner->start([dir = m_workspaceDir, spec = m_spec, shared = m_shared, runId = m_runId,
                     gate = m_gate, ticket](const JobContext &ctx) {
        setpriority(PRIO_PROCESS, id_t(gettid()), kTrainingNice); // best effort
        std::optional<workspace::Workspace> ws;
        int64_t id = runId;
        try {
            ws.emplace(dir); // this thread's connection
            if (id == 0) {
                ctx.progress(0.0, "creating the run");
                id = training::createRun(*ws, spec);
                std::lock_guard lock(shared->mutex);
                shared->runId = id;
            }
        } catch (...) {
            if (gate)
                gate->abandon(ticket); // the runs queued behind this one go on
            throw;
        }
        if (gate) {
            ctx.progress(0.0, "queued: waits for a free slot");
            const bool admitted = gate->enter(
                ticket, [&] { return ctx.stop.stop_requested() || shared->pause.load(); });
            if (!admitted && ctx.stop.stop_requested()) {
                training::RunStore(*ws).requestControl(id, "cancel"); // queued -> cancelled
                throw Cancelled();
            }
            if (!admitted)
                throw JobPaused(); // stays queued; Resume trains it later
        }
        // The slot is given back however the run ends.
        const std::unique_ptr<RunGate, void (*)(RunGate *)> slot(gate.get(), [](RunGate *g) {
            if (g)
                g->leave();
        });
        BufferObserver observer(shared->mutex, shared->points, shared->runId);
        const training::TrainOutcome outcome = training::trainRun(*ws, id, ctx, &observer,
                                                                  &shared->pause);
        if (outcome.status == "cancelled")
            throw Cancelled();
        if (outcome.status == "paused")
            throw JobPaused();
        if (outcome.status == "failed")
            throw Error(outcome.error);
    });
}

void RunJob::pause() { m_shared->pause = true; }

void RunJob::cancel() { m_runner->cancel(); }

void RunJob::pauseAndWait()
{
    if (!isActive())
        return;
    m_shared->pause = true;
    m_runner->wait();
}

void RunJob::drain()
{
    MetricPoints points;
    int64_t runId = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        points.swap(m_shared->points);
        runId = m_shared->runId;
    }
    if (runId != 0 && m_runId == 0) {
        m_runId = runId;
        Q_EMIT created(m_runId);
    }
    if (!points.empty() && m_runId != 0)
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
