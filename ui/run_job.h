#pragma once
// One training run that this process trains. A new run is created first, on a pool thread
// (training::createRun: status queued, so it shows and survives a restart); then the job waits,
// holding no thread, until its RunController calls train(). Training is training::trainRun on a
// JobRunner's std::jthread with that thread's own Workspace. The run's TrainObserver only appends
// metric points to a locked buffer; a ~30 Hz QTimer on the GUI thread moves them out as
// metricsArrived(), so the training rate never drives the GUI. Cancel is the job's stop token;
// pause is the flag trainRun polls. A job that ends before it trains still ends through its
// runner, so the jobs panel and ended() see every end alike. GUI thread only; owns its JobRunner.
#include "job_runner.h"
#include "training/run_store.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QTimer>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace dllab::ui {

using MetricPoints = std::vector<training::MetricPoint>;

class RunJob : public QObject {
    Q_OBJECT
public:
    enum class Stage { Creating, Waiting, Training, Ending };

    // A new run from `spec`; its id is known once created() has been emitted.
    RunJob(std::filesystem::path workspaceDir, nlohmann::json spec, QObject *parent = nullptr);
    // Continues run `runId` from its last checkpoint (paused, interrupted, cancelled, failed).
    RunJob(std::filesystem::path workspaceDir, qint64 runId, QObject *parent = nullptr);
    ~RunJob() override;

    // Creates the run (a new one) and waits for train().
    void start();
    // Waiting -> Training: starts the training thread.
    void train();
    Stage stage() const { return m_stage; }
    bool isWaiting() const { return m_stage == Stage::Creating || m_stage == Stage::Waiting; }
    bool hasTrained() const { return m_stage == Stage::Training; } // it stays there once started
    qint64 runId() const { return m_runId; }
    JobRunner *runner() const { return m_runner; }
    bool isActive() const { return !m_runner->isFinished(); }
    // Both end the run at its next check (at once if it waits): paused keeps it resumable from its
    // last checkpoint, or queued if it never trained; cancelled marks it so in the workspace.
    void pause();
    void cancel();
    // Asks the run to pause and waits for it (closing the window must not lose a run).
    void pauseAndWait();

Q_SIGNALS:
    void created(qint64 runId);
    void metricsArrived(qint64 runId, const dllab::ui::MetricPoints &points);
    // status: finished | failed | cancelled | paused; error when failed.
    void ended(qint64 runId, const QString &status, const QString &error);

private:
    struct Shared {
        std::mutex mutex;
        MetricPoints points;
        std::atomic<bool> pause = false;
    };
    RunJob(std::filesystem::path workspaceDir, nlohmann::json spec, qint64 runId, QObject *parent);
    void onCreated(qint64 runId, const QString &error);
    void endEarly(JobRunner::Work work);
    void drain();
    void onFinished(JobState state, const QString &message);

    std::filesystem::path m_workspaceDir;
    nlohmann::json m_spec; // null when resuming
    qint64 m_runId = 0;
    Stage m_stage = Stage::Creating;
    bool m_cancelWhenCreated = false; // cancel() while the run was being created
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    QTimer m_drain;
    JobRunner *m_runner;
};

} // namespace dllab::ui
