// The trainer end to end on a small table dataset: run records, metrics, checkpoints, the model
// artifact, determinism, divergence, cancel, pause + resume, and interrupted-run recovery.
#include "../datasets/test_files.h"
#include "training/process_owner.h"
#include "training/run_spec.h"
#include "training/run_store.h"
#include "training/run_summary.h"
#include "training/trainer.h"
#include "training_data.h"
#include "workspace/error.h"

#include <algorithm>
#include <set>

using nlohmann::json;
using namespace dllab;
using namespace dllab::training;

namespace {

json blobSpec(const std::string &ref, int epochs = 4)
{
    json spec = {{"dataset", ref},   {"model", {{"arch", "mlp"}, {"hidden", {16}}}},
                 {"epochs", epochs}, {"batch_size", 16},
                 {"seed", 3},        {"device", "cpu"},
                 {"threads", 1}};
    spec["optimizer"]["lr"] = 0.01;
    return spec;
}

std::vector<double> values(RunStore &store, int64_t run, const std::string &key)
{
    std::vector<double> out;
    for (const auto &p : store.metrics(run, key))
        out.push_back(p.value);
    return out;
}

// Stops the run (pause) once it has seen `epochs` epochs end.
class PauseAfter : public TrainObserver {
public:
    PauseAfter(int64_t epochs, std::atomic<bool> &pause) : m_epochs(epochs), m_pause(pause) {}
    void onEpoch(int64_t, int64_t epoch, int64_t) override
    {
        if (epoch >= m_epochs)
            m_pause = true;
    }

private:
    int64_t m_epochs;
    std::atomic<bool> &m_pause;
};

} // namespace

TEST(RunSummary, ReadsWhatIsThereAndDefaultsTheRest)
{
    EXPECT_EQ(RunSummary::fromJson(json()).epochs, 0); // a run that never trained
    const RunSummary s = RunSummary::fromJson(
        {{"epochs", 2},
         {"best_metric", "val_loss"},
         {"best_value", nullptr}, // a NaN stored as JSON null
         {"metrics", {{"val_accuracy", 0.5}, {"note", "text"}}},
         {"val", {{"confusion_matrix", {{1, 0}, {2, 3}}}, {"per_class", {{{"recall", 1.0}}}}}}});
    EXPECT_EQ(s.epochs, 2);
    EXPECT_FALSE(s.bestValue);
    EXPECT_EQ(s.valAccuracy(), 0.5); // the last epoch's: val_loss is the monitored metric
    EXPECT_EQ(s.metrics.count("note"), 0u);
    ASSERT_TRUE(s.evaluation("val"));
    EXPECT_FALSE(s.evaluation("test"));
    EXPECT_EQ(s.evaluation("val")->confusion[1][0], 2);
    EXPECT_EQ(s.evaluation("val")->perClass.at(0).recall, 1.0);
    EXPECT_EQ(s.evaluation("val")->perClass.at(0).support, 0);
}

TEST(Trainer, TrainsAndRecordsARun)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    const std::string ref = test::addBlobs(ws);
    const int64_t id = createRun(ws, blobSpec("blobs"));
    RunStore store(ws);
    EXPECT_EQ(store.get(id).status, RunStatus::Queued);
    EXPECT_EQ(store.get(id).spec["dataset"], ref); // pinned to name@vN
    EXPECT_EQ(store.get(id).spec["model"]["activation"], "relu");

    const TrainOutcome outcome = trainRun(ws, id, {});
    ASSERT_EQ(outcome.status, RunStatus::Finished) << outcome.error;
    const RunRecord run = store.get(id);
    EXPECT_EQ(run.status, RunStatus::Finished);
    EXPECT_EQ(run.datasetRef, ref);
    EXPECT_EQ(run.env["device"], "cpu");
    EXPECT_EQ(run.env["threads"], 1);
    EXPECT_FALSE(run.env["dataset_hash"].get<std::string>().empty());
    EXPECT_FALSE(run.env["libtorch"].get<std::string>().empty());
    const json &m = run.summary["metrics"];
    EXPECT_GT(m["test_accuracy"].get<double>(), 0.9);
    EXPECT_GT(m["val_accuracy"].get<double>(), 0.8);
    EXPECT_EQ(run.summary["epochs"], 4);
    EXPECT_EQ(run.summary["test"]["confusion_matrix"].size(), 3u);
    EXPECT_EQ(run.summary["test"]["per_class"][2]["class"], "c");
    // The same summary, typed, as views read it.
    const RunSummary summary = RunSummary::fromJson(run.summary);
    EXPECT_EQ(summary.epochs, 4);
    EXPECT_EQ(summary.classes, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_TRUE(summary.evaluation("test") && summary.evaluation("val"));
    const Evaluation &test = *summary.evaluation("test");
    EXPECT_EQ(test.confusion, run.summary["test"]["confusion_matrix"]);
    ASSERT_EQ(test.perClass.size(), 3u);
    EXPECT_EQ(test.perClass[2].support, run.summary["test"]["per_class"][2]["support"]);
    EXPECT_DOUBLE_EQ(test.accuracy, m["test_accuracy"].get<double>());
    EXPECT_DOUBLE_EQ(summary.metrics.at("val_loss"), m["val_loss"].get<double>());
    EXPECT_EQ(summary.valAccuracy(), summary.bestMetric == "val_accuracy"
                                         ? summary.bestValue
                                         : std::optional(m["val_accuracy"].get<double>()));

    // 240 train samples, 24 validated: 216 / 16 -> 14 steps an epoch.
    EXPECT_EQ(values(store, id, "train_loss").size(), 4u * 14u);
    EXPECT_EQ(values(store, id, "lr").size(), 4u * 14u);
    for (const char *key : {"epoch_train_loss", "train_accuracy", "val_loss", "val_accuracy",
                            "epoch_time", "samples_per_sec"})
        EXPECT_EQ(values(store, id, key).size(), 4u) << key;
    // Sweeps refuse an objective outside runMetricNames(), so every recorded metric is in it.
    const auto &names = runMetricNames();
    for (const auto &point : store.metrics(id))
        EXPECT_NE(std::find(names.begin(), names.end(), point.key), names.end()) << point.key;
    for (const auto &item : m.items())
        EXPECT_NE(std::find(names.begin(), names.end(), item.key()), names.end()) << item.key();
    const auto valLoss = values(store, id, "val_loss");
    EXPECT_LT(valLoss.back(), valLoss.front());
    // Only the newest checkpoint (resume) and the best one (the model) are kept.
    const auto checkpoints = store.artifacts(id, "checkpoint");
    ASSERT_FALSE(checkpoints.empty());
    EXPECT_LE(checkpoints.size(), 2u);
    EXPECT_EQ(checkpoints.back().meta["epoch"], 4);
    ASSERT_EQ(store.artifacts(id, "model").size(), 1u);
    EXPECT_TRUE(ws.blobs().verify(store.artifacts(id, "model")[0].blob));
    EXPECT_THROW(trainRun(ws, id, {}), Error); // finished runs stay finished
}

TEST(Trainer, SameSpecSameMetrics)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    json spec = blobSpec("blobs", 3);
    spec["model"]["dropout"] = 0.2; // dropout masks must be seeded too
    const int64_t a = createRun(ws, spec), b = createRun(ws, spec);
    trainRun(ws, a, {});
    trainRun(ws, b, {});
    RunStore store(ws);
    EXPECT_EQ(values(store, a, "train_loss"), values(store, b, "train_loss"));
    EXPECT_EQ(store.get(a).summary["metrics"], store.get(b).summary["metrics"]);
    spec["seed"] = 4;
    const int64_t c = createRun(ws, spec);
    trainRun(ws, c, {});
    EXPECT_NE(values(store, a, "train_loss"), values(store, c, "train_loss"));
}

TEST(Trainer, OptimizersAndSchedulesTrain)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    RunStore store(ws);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"sgd", "step"}, {"adamw", "cosine"}, {"adam", "onecycle"}};
    for (const auto &[optimizer, schedule] : cases) {
        json spec = blobSpec("blobs", 4);
        spec["optimizer"] = {{"name", optimizer},
                             {"lr", optimizer == "sgd" ? 0.05 : 0.01},
                             {"weight_decay", 1e-4},
                             {"nesterov", optimizer == "sgd"}};
        spec["schedule"] = {{"name", schedule}, {"step_epochs", 2}};
        spec["grad_clip"] = 1.0;
        const auto outcome = trainRun(ws, createRun(ws, spec), {});
        ASSERT_EQ(outcome.status, RunStatus::Finished) << optimizer << " " << outcome.error;
        EXPECT_GT(outcome.summary["metrics"]["test_accuracy"].get<double>(), 0.85)
            << optimizer << " " << schedule;
    }
}

TEST(Trainer, DivergenceFailsTheRun)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    json spec = blobSpec("blobs", 3);
    spec["optimizer"] = {{"name", "sgd"}, {"lr", 1e6}, {"momentum", 0.0}};
    const int64_t id = createRun(ws, spec);
    const TrainOutcome outcome = trainRun(ws, id, {});
    EXPECT_EQ(outcome.status, RunStatus::Failed);
    EXPECT_NE(outcome.error.find("diverged at epoch 1, step "), std::string::npos) << outcome.error;
    EXPECT_EQ(RunStore(ws).get(id).status, RunStatus::Failed);
    EXPECT_EQ(RunStore(ws).get(id).error, outcome.error);
}

TEST(Trainer, BadSpecsAreRefusedBeforeARunExists)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    json spec = blobSpec("blobs");
    spec["model"]["arch"] = "cnn"; // a table dataset
    EXPECT_THROW(createRun(ws, spec), Error);
    EXPECT_THROW(createRun(ws, blobSpec("nosuchdata")), Error);
    EXPECT_TRUE(RunStore(ws).list().empty());
}

TEST(Trainer, PauseThenResumeEndsLikeAnUninterruptedRun)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    json spec = blobSpec("blobs", 5);
    spec["model"]["dropout"] = 0.1;
    spec["schedule"] = {{"name", "cosine"}};
    RunStore store(ws);
    const int64_t whole = createRun(ws, spec);
    trainRun(ws, whole, {});

    const int64_t paused = createRun(ws, spec);
    std::atomic<bool> pause{false};
    PauseAfter observer(2, pause);
    EXPECT_EQ(trainRun(ws, paused, {}, {.observer = &observer, .pause = &pause}).status,
              RunStatus::Paused);
    EXPECT_EQ(store.get(paused).status, RunStatus::Paused);
    EXPECT_EQ(values(store, paused, "val_loss").size(), 2u);
    const TrainOutcome resumed = trainRun(ws, paused, {});
    ASSERT_EQ(resumed.status, RunStatus::Finished) << resumed.error;
    EXPECT_EQ(values(store, paused, "train_loss"), values(store, whole, "train_loss"));
    EXPECT_EQ(values(store, paused, "val_loss"), values(store, whole, "val_loss"));
    EXPECT_EQ(store.get(paused).summary["metrics"], store.get(whole).summary["metrics"]);
}

TEST(Trainer, CancelRequestedByAnotherProcess)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    RunStore store(ws);
    const int64_t queued = createRun(ws, blobSpec("blobs"));
    EXPECT_EQ(store.requestControl(queued, RunControl::Cancel), RunStatus::Cancelled);
    EXPECT_THROW(store.requestControl(queued, RunControl::Pause), Error);

    // A stop token is how the CLI's Ctrl-C and the GUI's Cancel reach a run.
    const int64_t id = createRun(ws, blobSpec("blobs", 50));
    std::stop_source stop;
    stop.request_stop();
    const TrainOutcome outcome = trainRun(ws, id, {stop.get_token(), {}});
    EXPECT_EQ(outcome.status, RunStatus::Cancelled);
    EXPECT_EQ(store.get(id).status, RunStatus::Cancelled);
}

TEST(Trainer, RunsOfDeadOwnersBecomeInterrupted)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    test::addBlobs(ws);
    RunStore store(ws);
    const int64_t mine = createRun(ws, blobSpec("blobs"));
    const int64_t dead = createRun(ws, blobSpec("blobs"));
    store.start(mine, json::object());
    store.start(dead, json::object());
    ProcessOwner ghost = ProcessOwner::current();
    ghost.startTicks += 1; // same pid, different start: a recycled pid, not the owner
    ws.db()
        .prepare("UPDATE runs SET owner_json = ? WHERE id = ?")
        .bind(1, ghost.toJson().dump())
        .bind(2, dead)
        .step();
    EXPECT_EQ(store.recoverInterrupted(), 1);
    EXPECT_EQ(store.get(mine).status, RunStatus::Running);
    EXPECT_EQ(store.get(dead).status, RunStatus::Interrupted);
    // An interrupted run with no checkpoint resumes from the start.
    EXPECT_EQ(trainRun(ws, dead, {}).status, RunStatus::Finished);
}
