#pragma once
// The inner training loop: one epoch over the training tensors in a seeded order, as few torch
// ops per batch as the model allows (the data is one tensor, shuffled once per epoch and then
// sliced; the optimizer step is one fused pass). Engine code only; the run's thread.
#include "flat_optimizer.h"
#include "run_store.h"
#include "tensor_data.h"

#include <functional>

namespace dllab::training {

struct EpochStats {
    double loss = 0, accuracy = 0; // accuracy: classes only
    double rmse = 0;               // regression only, in the target's units
    int64_t samples = 0;
    double seconds = 0;   // the training loop only, not evaluation or checkpointing
    bool stopped = false; // shouldStop() said so before the epoch ended
};

class EpochRunner {
public:
    EpochRunner(models::ClassifierImpl &model, FlatOptimizer &optimizer, const RunSpec &spec,
                const LossFunction &loss, const SplitTensors &train);

    int64_t stepsPerEpoch() const { return m_stepsPerEpoch; }

    // Trains epoch `epoch` (1-based). `globalStep` counts optimizer steps over the whole run and
    // is advanced; per-step train_loss and lr points are appended to `points`. `onFlush` sees
    // the points after each batch of steps (every ~50) and decides, with shouldStop, whether to
    // continue. Throws dllab::Error "diverged at epoch E, step S" on a NaN or infinite loss.
    EpochStats run(int64_t epoch, int64_t &globalStep, std::vector<MetricPoint> &points,
                   const std::function<bool()> &shouldStop,
                   const std::function<void(int64_t batch)> &onFlush);

private:
    void flushLosses(int64_t epoch, std::vector<MetricPoint> &points, double &lossSum);

    models::ClassifierImpl &m_model;
    FlatOptimizer &m_optimizer;
    const RunSpec &m_spec;
    const LossFunction &m_loss;
    const SplitTensors &m_train;
    int64_t m_stepsPerEpoch = 0, m_totalSteps = 0;
    // Losses of recent steps, read back together: one device sync per flush, not per step.
    std::vector<torch::Tensor> m_pendingLosses;
    std::vector<std::pair<int64_t, double>> m_pendingSteps; // (global step, lr)
};

} // namespace dllab::training
