#include "training_loop.h"

#include "checkpoint_pruning.h"
#include "epoch_runner.h"
#include "workspace/error.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using nlohmann::json;

namespace dllab::training {

namespace {

// Points reach the catalog, and so every open chart, within a quarter second (DESIGN.md §3).
// DLLAB_METRICS_FLUSH_MS changes the interval for bench/train/bench_train.py --flush-compare,
// which measures what the short interval costs.
constexpr size_t kFlushPoints = 500;

std::chrono::milliseconds flushInterval()
{
    static const auto interval = [] {
        const char *text = std::getenv("DLLAB_METRICS_FLUSH_MS");
        const long ms = text ? std::strtol(text, nullptr, 10) : 0;
        return std::chrono::milliseconds(ms > 0 && ms <= 60000 ? ms : 250);
    }();
    return interval;
}

} // namespace

TrainingLoop::TrainingLoop(LoopContext context, TensorData data)
    : m_ctx(std::move(context)), m_data(std::move(data)), m_store(m_ctx.ws),
      m_loss(m_ctx.input, m_ctx.spec.loss)
{
    m_model = models::buildModel(m_ctx.modelSpec, m_ctx.input, m_ctx.spec.seed);
}

void TrainingLoop::resumeFromCheckpoint()
{
    const auto checkpoints = m_store.artifacts(m_ctx.runId, "checkpoint");
    if (!checkpoints.empty()) {
        CheckpointReader reader(m_ctx.ws.blobs().pathOf(checkpoints.back().blob));
        const json meta = reader.meta();
        reader.loadModel(*m_model);
        m_model->to(m_ctx.device);
        m_optimizer = std::make_unique<FlatOptimizer>(m_model->parameters(), m_ctx.spec.optimizer);
        reader.loadOptimizer(*m_optimizer);
        const json &p = meta.at("progress");
        m_progress.epoch = p.at("epoch");
        m_progress.step = p.at("step");
        m_progress.samples = p.at("samples");
        m_progress.trainSeconds = p.at("train_seconds");
        m_progress.trainLoss = p.at("train_loss");
        m_progress.trainAccuracy = p.at("train_accuracy");
        m_progress.trainRmse = p.value("train_rmse", 0.0);
        m_progress.bestEpoch = p.at("best_epoch");
        m_progress.bestValue = p.at("best_value");
        m_progress.badEpochs = p.at("bad_epochs");
        m_progress.stoppedEarly = p.at("stopped_early");
    }
    // Points written after that checkpoint belong to an epoch that will be trained again.
    m_store.deleteMetricsAfterEpoch(m_ctx.runId, m_progress.epoch);
}

std::string TrainingLoop::bestMetric() const
{
    if (m_ctx.spec.earlyStopping)
        return m_ctx.spec.earlyStopping->metric;
    return m_data.val.size() > 0 ? "val_loss" : "epoch_train_loss";
}

bool TrainingLoop::recordBest(double value)
{
    const bool higherIsBetter = bestMetric() == "val_accuracy" || bestMetric() == "val_r2";
    const double minDelta = m_ctx.spec.earlyStopping ? m_ctx.spec.earlyStopping->minDelta : 0.0;
    const bool improved = m_progress.bestEpoch == 0
                          || (higherIsBetter ? value > m_progress.bestValue + minDelta
                                             : value < m_progress.bestValue - minDelta);
    if (improved) {
        m_progress.bestEpoch = m_progress.epoch;
        m_progress.bestValue = value;
        m_progress.badEpochs = 0;
    } else {
        ++m_progress.badEpochs;
    }
    return improved;
}

json TrainingLoop::checkpointMeta() const
{
    const auto &p = m_progress;
    return {{"epoch", p.epoch},
            {"step", p.step},
            {"progress",
             {{"epoch", p.epoch},
              {"step", p.step},
              {"samples", p.samples},
              {"train_seconds", p.trainSeconds},
              {"train_loss", p.trainLoss},
              {"train_accuracy", p.trainAccuracy},
              {"train_rmse", p.trainRmse},
              {"best_epoch", p.bestEpoch},
              {"best_value", p.bestValue},
              {"bad_epochs", p.badEpochs},
              {"stopped_early", p.stoppedEarly}}},
            {"model", m_ctx.modelSpec},
            {"input", models::modelInputJson(m_ctx.input)},
            {"class_names", m_ctx.classNames}};
}

json TrainingLoop::buildSummary(const Evaluation *val, const Evaluation *test) const
{
    const auto &p = m_progress;
    json metrics{{"train_loss", p.trainLoss}};
    if (m_loss.regression())
        metrics["train_rmse"] = p.trainRmse;
    else
        metrics["train_accuracy"] = p.trainAccuracy;
    json out{{"epochs", p.epoch},
             {"steps", p.step},
             {"samples_per_sec", p.trainSeconds > 0 ? double(p.samples) / p.trainSeconds : 0.0},
             {"train_seconds", p.trainSeconds},
             {"best_epoch", p.bestEpoch},
             {"best_metric", bestMetric()},
             {"best_value", p.bestValue},
             {"stopped_early", p.stoppedEarly},
             {"classes", m_ctx.classNames}};
    if (m_loss.regression()) {
        out["task"] = "regression";
        out["target"] = m_ctx.input.target;
    }
    const auto addSplit = [&](const std::string &split, const Evaluation &e) {
        metrics[split + "_loss"] = e.loss;
        if (e.regression) {
            metrics[split + "_rmse"] = e.rmse;
            metrics[split + "_mae"] = e.mae;
            metrics[split + "_r2"] = e.r2;
        } else {
            metrics[split + "_accuracy"] = e.accuracy;
        }
        out[split] = toJson(e, m_ctx.classNames);
    };
    if (val)
        addSplit("val", *val);
    if (test)
        addSplit("test", *test);
    out["metrics"] = metrics;
    return out;
}

void TrainingLoop::addEpochMetrics(const EpochStats &stats, const Evaluation *val,
                                   std::vector<MetricPoint> &points) const
{
    const int64_t wall = nowMs();
    const auto add = [&](const char *key, double value) {
        points.push_back({key, m_progress.step, m_progress.epoch, value, wall});
    };
    add("epoch_train_loss", stats.loss);
    if (m_loss.regression())
        add("train_rmse", stats.rmse);
    else
        add("train_accuracy", stats.accuracy);
    add("epoch_time", stats.seconds);
    add("samples_per_sec", stats.seconds > 0 ? double(stats.samples) / stats.seconds : 0.0);
    if (!val)
        return;
    add("val_loss", val->loss);
    if (val->regression) {
        add("val_rmse", val->rmse);
        add("val_mae", val->mae);
        add("val_r2", val->r2);
    } else {
        add("val_accuracy", val->accuracy);
    }
}

RunStatus TrainingLoop::run()
{
    if (!m_optimizer) {
        m_model->to(m_ctx.device);
        m_optimizer = std::make_unique<FlatOptimizer>(m_model->parameters(), m_ctx.spec.optimizer);
    }
    const auto &spec = m_ctx.spec;
    EpochRunner runner(*m_model, *m_optimizer, spec, m_loss, m_data.train);
    const int64_t classes = m_ctx.input.classes;
    RunControl stopped = RunControl::None;
    while (m_progress.epoch < spec.epochs && !m_progress.stoppedEarly) {
        const int64_t epoch = m_progress.epoch + 1;
        std::vector<MetricPoint> points;
        auto lastWrite = std::chrono::steady_clock::now();
        const auto onFlush = [&](int64_t batch) {
            const double done = double(epoch - 1) + double(batch) / double(runner.stepsPerEpoch());
            char line[160];
            std::snprintf(line, sizeof line, "epoch %lld/%lld  step %lld/%lld  loss %.4f",
                          static_cast<long long>(epoch), static_cast<long long>(spec.epochs),
                          static_cast<long long>(batch),
                          static_cast<long long>(runner.stepsPerEpoch()),
                          points.size() >= 2 ? points[points.size() - 2].value : 0.0);
            m_ctx.job.progress(done / double(spec.epochs), line);
            // Long epochs still show live points: a transaction at most every 250 ms.
            const auto now = std::chrono::steady_clock::now();
            if (points.size() >= kFlushPoints || now - lastWrite > flushInterval()) {
                m_store.appendMetrics(m_ctx.runId, points);
                if (m_ctx.observer)
                    m_ctx.observer->onMetrics(m_ctx.runId, points);
                points.clear();
                lastWrite = now;
            }
        };
        const auto shouldStop = [&] {
            stopped = m_ctx.stopReason();
            return stopped != RunControl::None;
        };
        int64_t step = m_progress.step;
        const EpochStats stats = runner.run(epoch, step, points, shouldStop, onFlush);
        if (stats.stopped) {
            m_store.deleteMetricsAfterEpoch(m_ctx.runId, m_progress.epoch);
            return endFor(stopped);
        }
        m_progress.epoch = epoch;
        m_progress.step = step;
        m_progress.samples += stats.samples;
        m_progress.trainSeconds += stats.seconds;
        m_progress.trainLoss = stats.loss;
        m_progress.trainAccuracy = stats.accuracy;
        m_progress.trainRmse = stats.rmse;
        std::optional<Evaluation> val;
        if (m_data.val.size() > 0)
            val = evaluate(*m_model, m_data.val, m_loss, classes);
        addEpochMetrics(stats, val ? &*val : nullptr, points);
        double monitored = stats.loss;
        for (const auto &point : points)
            if (point.epoch == epoch && point.key == bestMetric())
                monitored = point.value;
        // A loss can stay finite on the training batches and still overflow on validation.
        for (const auto &p : points)
            if (p.epoch == epoch && p.step == step && !std::isfinite(p.value))
                throw Error("diverged at epoch " + std::to_string(epoch) + ", step "
                            + std::to_string(step) + " (" + p.key + " " + std::to_string(p.value)
                            + "); try a lower learning rate or --set grad_clip=1");
        recordBest(monitored);
        if (spec.earlyStopping && m_progress.badEpochs >= spec.earlyStopping->patience)
            m_progress.stoppedEarly = true;
        const json meta = checkpointMeta();
        const std::string blob = saveCheckpoint(m_ctx.ws.blobs(), *m_model, *m_optimizer, meta);
        m_summary = buildSummary(val ? &*val : nullptr, nullptr);
        m_store.commitEpoch(m_ctx.runId, points, blob, meta, m_summary);
        pruneCheckpoints(m_ctx.ws, m_ctx.runId, spec.keepCheckpoints, m_progress.bestEpoch);
        if (m_ctx.observer) {
            m_ctx.observer->onMetrics(m_ctx.runId, points);
            m_ctx.observer->onEpoch(m_ctx.runId, epoch, spec.epochs);
        }
    }
    finish();
    return RunStatus::Finished;
}

void TrainingLoop::finish()
{
    // Evaluated again here rather than kept from the last epoch, so a run resumed from its last
    // checkpoint reports exactly what an uninterrupted one does.
    const int64_t classes = m_ctx.input.classes;
    std::optional<Evaluation> val, test;
    if (m_data.val.size() > 0)
        val = evaluate(*m_model, m_data.val, m_loss, classes);
    if (m_data.test.size() > 0)
        test = evaluate(*m_model, m_data.test, m_loss, classes);
    m_summary = buildSummary(val ? &*val : nullptr, test ? &*test : nullptr);
    if (!m_store.artifacts(m_ctx.runId, "model").empty())
        return; // a resumed run that had got this far before
    for (const auto &artifact : m_store.artifacts(m_ctx.runId, "checkpoint")) {
        if (artifact.meta.value("epoch", int64_t(-1)) != m_progress.bestEpoch)
            continue;
        json meta = artifact.meta;
        meta["best_metric"] = bestMetric();
        meta["best_value"] = m_progress.bestValue;
        m_store.addArtifact(m_ctx.runId, "model", artifact.blob, meta);
        break;
    }
}

} // namespace dllab::training
