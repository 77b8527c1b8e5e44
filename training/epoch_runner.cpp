#include "epoch_runner.h"

#include "augment.h"
#include "schedule.h"
#include "workspace/error.h"

#include <chrono>
#include <cmath>

namespace dllab::training {

namespace {

constexpr size_t kFlushSteps = 50;

} // namespace

EpochRunner::EpochRunner(models::ClassifierImpl &model, FlatOptimizer &optimizer,
                         const RunSpec &spec, const LossFunction &loss, const SplitTensors &train)
    : m_model(model), m_optimizer(optimizer), m_spec(spec), m_loss(loss), m_train(train)
{
    m_stepsPerEpoch = (train.size() + spec.batchSize - 1) / spec.batchSize;
    m_totalSteps = m_stepsPerEpoch * spec.epochs;
}

EpochStats EpochRunner::run(int64_t epoch, int64_t &globalStep, std::vector<MetricPoint> &points,
                            const std::function<bool()> &shouldStop,
                            const std::function<void(int64_t)> &onFlush)
{
    EpochStats stats;
    const auto start = std::chrono::steady_clock::now();
    m_model.train();
    const int64_t n = m_train.size();
    const auto device = m_train.x.device();
    std::vector<int64_t> order = epochOrder(n, m_spec.seed, epoch);
    const torch::Tensor perm =
        torch::tensor(torch::ArrayRef<int64_t>(order), torch::kLong).to(device);
    // One gather per epoch; every batch is then a slice, with no copy.
    const torch::Tensor x = m_train.x.index_select(0, perm);
    const torch::Tensor y = m_train.y.index_select(0, perm);
    // Correct answers (classes) or the sum of squared errors in the target's units (regression).
    torch::Tensor correct = torch::zeros(
        {},
        torch::TensorOptions(m_loss.regression() ? torch::kDouble : torch::kLong).device(device));
    double lossSum = 0;
    for (int64_t b = 0; b < m_stepsPerEpoch; ++b) {
        if (shouldStop()) {
            stats.stopped = true;
            break;
        }
        const int64_t begin = b * m_spec.batchSize;
        const int64_t len = std::min(m_spec.batchSize, n - begin);
        const torch::Tensor xb = m_spec.augment
                                     ? augmentBatch(x.narrow(0, begin, len), *m_spec.augment,
                                                    batchSeed(m_spec.seed, epoch, b))
                                     : x.narrow(0, begin, len);
        const torch::Tensor yb = y.narrow(0, begin, len);
        const double lr = learningRate(m_spec.schedule, m_spec.optimizer.lr, globalStep,
                                       m_stepsPerEpoch, m_totalSteps);
        const torch::Tensor logits = m_model.forward(xb);
        const torch::Tensor loss = m_loss(logits, yb);
        m_optimizer.zeroGrad();
        loss.backward();
        if (m_spec.gradClip > 0)
            m_optimizer.clipGradNorm(m_spec.gradClip);
        m_optimizer.step(lr);
        ++globalStep;
        {
            torch::NoGradGuard noGrad;
            if (m_loss.regression())
                correct += (logits.reshape({-1}) - yb).square().sum().to(torch::kDouble);
            else
                correct += logits.argmax(1).eq(yb).sum();
            m_pendingLosses.push_back(loss.detach());
        }
        m_pendingSteps.emplace_back(globalStep, lr);
        stats.samples += len;
        if (m_pendingLosses.size() >= kFlushSteps || b + 1 == m_stepsPerEpoch) {
            flushLosses(epoch, points, lossSum);
            if (onFlush)
                onFlush(b + 1);
        }
    }
    if (!m_pendingLosses.empty())
        flushLosses(epoch, points, lossSum);
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (stats.samples > 0) {
        stats.loss = lossSum / double(stats.samples);
        if (m_loss.regression())
            stats.rmse = std::sqrt(correct.item<double>() / double(stats.samples));
        else
            stats.accuracy = double(correct.item<int64_t>()) / double(stats.samples);
    }
    return stats;
}

void EpochRunner::flushLosses(int64_t epoch, std::vector<MetricPoint> &points, double &lossSum)
{
    const torch::Tensor losses = torch::stack(m_pendingLosses).to(torch::kCPU, torch::kDouble);
    const double *batchLoss = losses.data_ptr<double>();
    const int64_t wall = nowMs();
    const int64_t n = m_train.size();
    for (size_t i = 0; i < m_pendingSteps.size(); ++i) {
        const auto [step, lr] = m_pendingSteps[i];
        const int64_t inEpoch = (step - 1) % m_stepsPerEpoch;
        const int64_t len = std::min(m_spec.batchSize, n - inEpoch * m_spec.batchSize);
        const double loss = batchLoss[i];
        if (!std::isfinite(loss))
            throw Error("diverged at epoch " + std::to_string(epoch) + ", step "
                        + std::to_string(step) + " (loss " + std::to_string(loss)
                        + "); try a lower learning rate or --set grad_clip=1");
        lossSum +=
            loss * double(len); // weighted by batch size: the epoch loss is a mean over samples
        points.push_back({"train_loss", step, epoch, loss, wall});
        points.push_back({"lr", step, epoch, lr, wall});
    }
    m_pendingLosses.clear();
    m_pendingSteps.clear();
}

} // namespace dllab::training
