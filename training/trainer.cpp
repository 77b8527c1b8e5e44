#include "trainer.h"

#include "datasets/dataset_store.h"
#include "input_fit.h"
#include "models/model_spec.h"
#include "run_spec.h"
#include "torch_support.h"
#include "training_loop.h"
#include "workspace/error.h"

#include <algorithm>
#include <chrono>

using nlohmann::json;

namespace dllab::training {

namespace {

std::optional<int64_t> versionId(workspace::Workspace &ws, const datasets::VersionInfo &version)
{
    auto st = ws.db().prepare("SELECT v.id FROM dataset_versions v JOIN datasets d "
                              "ON d.id = v.dataset_id WHERE d.name = ? AND v.number = ?");
    st.bind(1, version.dataset).bind(2, int64_t(version.number));
    return st.step() ? std::optional<int64_t>(st.columnInt(0)) : std::nullopt;
}

// Polls the run's control column about once a second: cheap next to a batch, quick for a user.
class StopWatcher {
public:
    StopWatcher(RunStore &store, int64_t runId, const JobContext &job,
                const std::atomic<bool> *pause)
        : m_store(store), m_runId(runId), m_job(job), m_pause(pause)
    {}
    RunControl operator()()
    {
        if (m_job.stop.stop_requested())
            return RunControl::Cancel;
        if (m_pause && m_pause->load())
            return RunControl::Pause;
        const auto now = std::chrono::steady_clock::now();
        if (now - m_lastPoll < std::chrono::seconds(1))
            return RunControl::None;
        m_lastPoll = now;
        return m_store.control(m_runId);
    }

private:
    RunStore &m_store;
    int64_t m_runId;
    const JobContext &m_job;
    const std::atomic<bool> *m_pause;
    std::chrono::steady_clock::time_point m_lastPoll = std::chrono::steady_clock::now();
};

// A table run whose spec names no epoch count trains for about 400 optimizer steps (5 to 100
// epochs): the images' default of 5 epochs is 20 steps on a 500-row table, far from converged.
int64_t defaultTableEpochs(const datasets::VersionInfo &version, int64_t batchSize)
{
    const auto train = version.splits.count("train") ? version.splits.at("train") : version.samples;
    const int64_t steps = std::max<int64_t>(1, (train + batchSize - 1) / batchSize);
    return std::clamp<int64_t>((400 + steps - 1) / steps, 5, 100);
}

} // namespace

int64_t createRun(workspace::Workspace &ws, const json &spec, const std::string &kind,
                  std::optional<int64_t> sweepId, const std::string &name, bool claimed)
{
    RunSpec parsed = parseRunSpec(spec);
    const auto version = datasets::DatasetStore(ws).show(parsed.dataset);
    parsed.dataset = version.ref();
    if (version.kind == datasets::DatasetKind::Table && !spec.contains("epochs"))
        parsed.epochs = defaultTableEpochs(version, parsed.batchSize);
    parsed.model = models::completeModelSpec(parsed.model, models::modelInputFor(version));
    checkLoss(parsed.loss, version.task == datasets::Task::Regression);
    checkAugment(parsed, version);
    return RunStore(ws).create(toJson(parsed), versionId(ws, version), kind, sweepId, name,
                               claimed);
}

TrainOutcome trainRun(workspace::Workspace &ws, int64_t runId, const JobContext &ctx,
                      const TrainOptions &options)
{
    RunStore store(ws);
    store.recoverInterrupted();
    const RunRecord run = store.get(runId);
    const RunSpec spec = parseRunSpec(run.spec);
    datasets::DatasetStore datasets(ws);
    const auto version = datasets.show(run.datasetRef.empty() ? spec.dataset : run.datasetRef);
    models::ModelInput input = models::modelInputFor(version);
    const json modelSpec = models::completeModelSpec(spec.model, input);
    const int threads = applyThreads(spec.threads > 0 ? spec.threads : options.threads);
    const torch::Device device = pickDevice(spec.device);
    json env = torchEnvironment(device, threads);
    env["dataset"] = version.ref();
    env["dataset_hash"] = version.hash;

    store.start(runId, env, options.onlyQueued);
    if (options.observer)
        options.observer->onStarted(runId, env);
    TrainOutcome outcome;
    outcome.runId = runId;
    std::unique_ptr<TrainingLoop> loop;
    try {
        ctx.progress(0.0, "loading " + version.ref());
        const auto content = datasets.load(version);
        const RunSplits splits = splitForRun(content, spec.valFraction, spec.seed);
        if (needsColumnEncoding(content))
            input = fitColumnEncoding(input, content, splits.train);
        if (input.regression)
            input = fitTarget(input, content, splits.train);
        TensorData data = toTensors(content, splits, device);
        LoopContext loopContext{ws,
                                runId,
                                spec,
                                modelSpec,
                                input,
                                version.classes,
                                device,
                                ctx,
                                options.observer,
                                StopWatcher(store, runId, ctx, options.pause)};
        loop = std::make_unique<TrainingLoop>(std::move(loopContext), std::move(data));
        loop->resumeFromCheckpoint();
        outcome.status = loop->run();
    } catch (const Error &e) {
        outcome.status = RunStatus::Failed;
        outcome.error = e.what();
    } catch (const c10::Error &e) {
        outcome.status = RunStatus::Failed;
        outcome.error = std::string("torch: ") + e.what_without_backtrace();
    } catch (const std::exception &e) {
        outcome.status = RunStatus::Failed;
        outcome.error = e.what();
    }
    outcome.summary = loop ? loop->summary() : run.summary;
    if (!outcome.summary.is_object())
        outcome.summary = json::object();
    store.end(runId, outcome.status, outcome.summary, outcome.error);
    return outcome;
}

} // namespace dllab::training
