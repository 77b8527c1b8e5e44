#pragma once
// One run's training from its first (or last checkpointed) epoch to its end: the model, the
// optimizer, the data, checkpoints, early stopping and the summary. trainRun() wraps it with the
// run's status. Engine code only; the run's thread.
#include "checkpoint.h"
#include "epoch_runner.h"
#include "run_spec.h"
#include "run_store.h"
#include "tensor_data.h"
#include "trainer.h"

#include <functional>
#include <memory>

namespace dllab::training {

struct LoopContext {
    workspace::Workspace &ws;
    int64_t runId;
    const RunSpec &spec;
    nlohmann::json modelSpec;
    models::ModelInput input;
    std::vector<std::string> classNames;
    torch::Device device;
    const JobContext &job;
    TrainObserver *observer;
    std::function<RunControl()> stopReason; // None to go on
};

class TrainingLoop {
public:
    TrainingLoop(LoopContext context, TensorData data);

    // Continues from the run's last checkpoint, if it has one.
    void resumeFromCheckpoint();
    // Returns the final status: Finished, Cancelled or Paused (throws on divergence).
    RunStatus run();
    nlohmann::json summary() const { return m_summary; }

private:
    struct Progress {
        int64_t epoch = 0, step = 0, samples = 0;
        double trainSeconds = 0;
        double trainLoss = 0, trainAccuracy = 0, trainRmse = 0;
        int64_t bestEpoch = 0;
        double bestValue = 0;
        int64_t badEpochs = 0;
        bool stoppedEarly = false;
    };

    bool recordBest(double value);
    nlohmann::json checkpointMeta() const;
    nlohmann::json buildSummary(const Evaluation *val, const Evaluation *test) const;
    void finish();
    std::string bestMetric() const;
    // The epoch's train and val metrics as points: accuracy for classes, errors for regression.
    void addEpochMetrics(const EpochStats &stats, const Evaluation *val,
                         std::vector<MetricPoint> &points) const;

    LoopContext m_ctx;
    TensorData m_data;
    RunStore m_store;
    LossFunction m_loss;
    std::shared_ptr<models::ClassifierImpl> m_model;
    std::unique_ptr<FlatOptimizer> m_optimizer;
    Progress m_progress;
    nlohmann::json m_summary;
};

} // namespace dllab::training
