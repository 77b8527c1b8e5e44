#pragma once
// One training run that this process trains: training::createRun (for a new spec) and
// training::trainRun on a JobRunner's std::jthread, with that thread's own Workspace. The run's
// TrainObserver only appends metric points to a locked buffer; a ~30 Hz QTimer on the GUI thread
// moves them out as metricsArrived(), so the training rate never drives the GUI. Cancel is the
// job's stop token; pause is the flag trainRun polls. With a RunGate the run waits, queued, for a
// slot before it trains. GUI thread only; owns its JobRunner.
#include "job_runner.h"
#include "run_gate.h"
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
    // A new run from `spec`; its id is known once created() has been emitted.
    RunJob(std::filesystem::path workspaceDir, nlohmann::json spec, QObject *parent = nullptr);
    // Continues run `runId` from its last checkpoint (paused, interrupted, cancelled, failed).
    RunJob(std::filesystem::path workspaceDir, qint64 runId, QObject *parent = nullptr);
    ~RunJob() override;

    // Trains once `gate` gives the run a slot (the run is created first, queued); null: at once.
    void setGate(std::shared_ptr<RunGate> gate) { m_gate = std::move(gate); }
    void start();
    qint64 runId() const { return m_runId; }
    JobRunner *runner() const { return m_runner; }
    bool isActive() const { return !m_runner->isFinished(); }
    // Both end the run at its next check: paused keeps it resumable from its last checkpoint.
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
        int64_t runId = 0;
        std::atomic<bool> pause = false;
    };
    RunJob(std::filesystem::path workspaceDir, nlohmann::json spec, qint64 runId, QObject *parent);
    void drain();
    void onFinished(JobState state, const QString &message);

    std::filesystem::path m_workspaceDir;
    nlohmann::json m_spec; // null when resuming
    qint64 m_runId = 0;
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    std::shared_ptr<RunGate> m_gate;
    QTimer m_drain;
    JobRunner *m_runner;
};

} // namespace dllab::ui
