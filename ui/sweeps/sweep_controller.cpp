#include "ui/sweeps/sweep_controller.h"

#include "training/run_scheduler.h"
#include "training/sweep/sweep_control.h"
#include "training/sweep/sweep_report.h"
#include "training/sweep/sweep_runner.h"
#include "ui/runs/run_controller.h"
#include "workspace/workspace.h"

#include <QtConcurrent/QtConcurrentRun>

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <memory>

namespace dllab::ui {

namespace {

// As the run scheduler does: the sweep's threads (its trials start from this one and inherit it)
// yield the CPU to the GUI thread on a machine with few cores.
constexpr int kSweepNice = 10;

// Runs on the sweep's thread: turns trial events into job progress.
class ProgressEvents : public sweep::SweepEvents {
public:
    ProgressEvents(const JobContext &ctx, int maxTrials, int done)
        : m_ctx(ctx), m_maxTrials(std::max(1, maxTrials)), m_done(done)
    {}
    void onTrialStarted(int number, int64_t runId, const hpo::Params &, bool resumed) override
    {
        report("trial " + std::to_string(number) + (resumed ? " resumed" : " started"));
    }
    void onTrialEnded(const sweep::TrialResult &result, const sweep::TrialRecord *best) override
    {
        ++m_done;
        std::string text =
            "trial " + std::to_string(result.number) + " " + sweep::stateName(result.state);
        if (best && best->objective)
            text += "; best " + std::to_string(*best->objective);
        report(text);
    }
    void onStatus(sweep::SweepStatus status) override { report(sweep::statusName(status)); }

private:
    void report(const std::string &message)
    {
        m_ctx.progress(std::min(1.0, double(m_done) / m_maxTrials), message);
    }
    const JobContext &m_ctx;
    int m_maxTrials;
    int m_done;
};

// A sweep job's result: how the sweep ended, and why a finished one gave no result.
struct SweepEnding {
    sweep::SweepStatus status = sweep::SweepStatus::Failed;
    std::string noResult; // sweep::noResultMessage of the ended sweep
};

} // namespace

SweepController::SweepController(RunController *runs, QObject *parent)
    : QObject(parent), m_runs(runs)
{}

SweepController::~SweepController()
{
    // Each runner's destructor stops its sweep (interrupted: resumable) and joins; asking all at
    // once first lets their trials wind down together.
    for (JobRunner *runner : findChildren<JobRunner *>())
        runner->cancel();
}

JobRunner *SweepController::launch(const nlohmann::json &spec)
{
    const QString name = QString::fromStdString(spec.value("name", std::string()));
    return start(name, [spec](workspace::Workspace &ws) {
        sweep::OpenedSweep opened = sweep::openSweep(ws, spec, false);
        if (opened.how == sweep::OpenedSweep::How::Done) // a finished one of that name: anew
            opened = sweep::openSweep(ws, spec, true);
        return opened;
    });
}

JobRunner *SweepController::resume(qint64 sweepId, const QString &name)
{
    return start(name, [sweepId](workspace::Workspace &ws) {
        sweep::refuseEnded(sweep::SweepStore(ws).get(int64_t(sweepId)));
        return sweep::OpenedSweep{sweepId, sweep::OpenedSweep::How::Resumed, {}};
    });
}

JobRunner *SweepController::start(const QString &name,
                                  std::function<sweep::OpenedSweep(workspace::Workspace &)> open)
{
    auto *runner = new JobRunner(tr("Sweep %1").arg(name), this);
    auto id = std::make_shared<std::atomic<qint64>>(0); // set on the sweep's thread once opened
    connect(runner, &JobRunner::progressed, this, [this, id, announced = false]() mutable {
        if (!announced && id->load() > 0) {
            announced = true;
            Q_EMIT sweepOpened(id->load());
        }
    });
    connect(runner, &JobRunner::finished, this,
            [this, runner, id](JobState state, const QString &message) {
                const auto *ending = std::any_cast<SweepEnding>(&runner->result());
                // No ending: the engine threw (a stop it honoured, or an error).
                const auto status = ending                         ? ending->status
                                    : state == JobState::Cancelled ? sweep::SweepStatus::Interrupted
                                                                   : sweep::SweepStatus::Failed;
                const QString error = state == JobState::Failed ? message
                                      : state == JobState::Done && ending
                                          ? QString::fromStdString(ending->noResult)
                                          : QString();
                Q_EMIT sweepEnded(id->load(), status, error);
            });
    runner->start([dir = m_workspaceDir, open = std::move(open), id,
                   scheduler = m_runs->scheduler()](const JobContext &ctx) {
        setpriority(PRIO_PROCESS, id_t(gettid()), kSweepNice); // best effort
        workspace::Workspace ws(dir);                          // this thread's connection
        const sweep::OpenedSweep opened = open(ws);
        id->store(opened.id);
        sweep::SweepStore store(ws);
        int done = 0;
        for (const auto &trial : store.trials(opened.id))
            done += trial.isDone() ? 1 : 0;
        ctx.progress(0.0, opened.how == sweep::OpenedSweep::How::Resumed ? "resuming" : "starting");
        // The stored spec is the sweep's truth (a resumed sweep keeps its own).
        ProgressEvents events(ctx, store.get(opened.id).spec.value("maxTrialCount", 10), done);
        SweepEnding ending{sweep::runSweep(ws, opened.id, ctx, &events, scheduler.get()),
                           sweep::noResultMessage(store.get(opened.id), store.trials(opened.id))};
        switch (ending.status) {
        case sweep::SweepStatus::Interrupted: // stopped by this job's cancel: resumable
            return JobRunner::End{JobState::Cancelled, {}, std::move(ending)};
        case sweep::SweepStatus::Failed:
            return JobRunner::End{JobState::Failed,
                                  "more trials failed than maxFailedTrialCount allows",
                                  std::move(ending)};
        default: // finished, or stopped by request
            return JobRunner::End{JobState::Done, {}, std::move(ending)};
        }
    });
    Q_EMIT jobStarted(runner);
    return runner;
}

int SweepController::activeCount() const
{
    int n = 0;
    for (const JobRunner *runner : findChildren<JobRunner *>())
        n += runner->isFinished() ? 0 : 1;
    return n;
}

void SweepController::control(qint64 sweepId, sweep::SweepAction action)
{
    request(sweepId, QString::fromLatin1(sweep::actionName(action)),
            [action](workspace::Workspace &ws, const std::string &id) {
                sweep::controlSweep(ws, id, action);
            });
}

void SweepController::setBudget(qint64 sweepId, std::optional<int> parallel,
                                std::optional<int> maxTrials)
{
    request(sweepId, QStringLiteral("budget"),
            [parallel, maxTrials](workspace::Workspace &ws, const std::string &id) {
                sweep::setSweepBudget(ws, id, parallel, maxTrials);
            });
}

void SweepController::request(qint64 sweepId, const QString &what, Request work)
{
    QtConcurrent::run([work = std::move(work), dir = m_workspaceDir, sweepId]() -> QString {
        try {
            workspace::Workspace ws(dir);
            work(ws, std::to_string(sweepId));
            return {};
        } catch (const std::exception &e) {
            return QString::fromUtf8(e.what());
        }
    }).then(this, [this, sweepId, what](const QString &error) {
        Q_EMIT requestDone(sweepId, what, error);
    });
}

} // namespace dllab::ui
