// The run spec, schedules, splits and class reports: the torch-free parts of training.
#include "training/class_report.h"
#include "training/data_split.h"
#include "training/run_spec.h"
#include "training/schedule.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

using nlohmann::json;
using namespace dllab::training;

namespace {

std::string errorOf(const json &spec)
{
    try {
        parseRunSpec(spec);
    } catch (const dllab::Error &e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(RunSpec, DefaultsMatchTheIssue)
{
    const RunSpec spec = parseRunSpec({{"dataset", "mnist@v1"}});
    EXPECT_EQ(spec.optimizer.name, "adam");
    EXPECT_DOUBLE_EQ(spec.optimizer.lr, 1e-3);
    EXPECT_EQ(spec.batchSize, 128);
    EXPECT_EQ(spec.epochs, 5);
    EXPECT_EQ(spec.device, "auto");
    EXPECT_DOUBLE_EQ(spec.valFraction, 0.1);
    EXPECT_EQ(spec.schedule.name, "constant");
    EXPECT_FALSE(spec.earlyStopping);
    EXPECT_EQ(toJson(spec)["model"]["arch"], "mlp");
}

TEST(RunSpec, IssueExampleParsesAndRoundTrips)
{
    const json example = json::parse(R"({"dataset": "mnist@v1",
        "model": {"arch": "mlp", "hidden": [256, 128], "dropout": 0.0},
        "optimizer": {"name": "adam", "lr": 0.001, "weight_decay": 0.0, "momentum": 0.9},
        "schedule": {"name": "constant"}, "batch_size": 128, "epochs": 5, "seed": 0,
        "device": "auto", "val_fraction": 0.1, "early_stopping": null})");
    const RunSpec spec = parseRunSpec(example);
    EXPECT_EQ(toJson(parseRunSpec(toJson(spec))), toJson(spec));
}

TEST(RunSpec, SetDottedPaths)
{
    json spec = defaultRunSpec();
    setDotted(spec, "model.hidden=[64]");
    setDotted(spec, "optimizer.lr=0.01");
    setDotted(spec, "device=cpu"); // not JSON: taken as a string
    setDotted(spec, "early_stopping.patience=2");
    EXPECT_EQ(spec["model"]["hidden"], json({64}));
    EXPECT_DOUBLE_EQ(spec["optimizer"]["lr"].get<double>(), 0.01);
    EXPECT_EQ(spec["device"], "cpu");
    EXPECT_EQ(spec["early_stopping"]["patience"], 2);
    EXPECT_THROW(setDotted(spec, "novalue"), dllab::Error);
    EXPECT_THROW(setDotted(spec, "optimizer.lr.x=1"), dllab::Error);

    // List indices, as sweep parameters use them: within the list, or one past its end.
    setDotted(spec, "model.hidden.0=128");
    setDotted(spec, "model.hidden.1=32");
    EXPECT_EQ(spec["model"]["hidden"], json({128, 32}));
    try {
        setDotted(spec, "model.hidden.5=8");
        ADD_FAILURE() << "an index past the end was accepted";
    } catch (const dllab::Error &e) {
        EXPECT_NE(std::string(e.what()).find("past the end of model.hidden (2 entries)"),
                  std::string::npos)
            << e.what();
    }
}

TEST(RunSpec, ErrorsNameTheField)
{
    EXPECT_NE(errorOf({{"dataset", ""}}).find("dataset"), std::string::npos);
    EXPECT_NE(errorOf({{"dataset", "d"}, {"epochs", 0}}).find("epochs"), std::string::npos);
    EXPECT_NE(
        errorOf({{"dataset", "d"}, {"optimizer", {{"name", "rmsprop"}}}}).find("optimizer.name"),
        std::string::npos);
    EXPECT_NE(errorOf({{"dataset", "d"}, {"optimizer", {{"lr", "fast"}}}}).find("optimizer.lr"),
              std::string::npos);
    EXPECT_NE(errorOf({{"dataset", "d"}, {"epoch", 3}}).find("epoch is not a known field"),
              std::string::npos);
    EXPECT_NE(errorOf({{"dataset", "d"}, {"schedule", {{"name", "warm"}}}}).find("schedule.name"),
              std::string::npos);
    EXPECT_NE(errorOf({{"dataset", "d"}, {"device", "tpu"}}).find("device"), std::string::npos);
}

TEST(Schedule, Shapes)
{
    ScheduleSpec s;
    EXPECT_DOUBLE_EQ(learningRate(s, 0.1, 57, 10, 100), 0.1);
    s.name = "step";
    s.stepEpochs = 2;
    s.gamma = 0.5;
    EXPECT_DOUBLE_EQ(learningRate(s, 0.1, 19, 10, 100), 0.1);
    EXPECT_DOUBLE_EQ(learningRate(s, 0.1, 20, 10, 100), 0.05);
    EXPECT_DOUBLE_EQ(learningRate(s, 0.1, 45, 10, 100), 0.025);
    s.name = "cosine";
    EXPECT_DOUBLE_EQ(learningRate(s, 0.1, 0, 10, 101), 0.1);
    EXPECT_NEAR(learningRate(s, 0.1, 50, 10, 101), 0.05, 1e-12);
    EXPECT_NEAR(learningRate(s, 0.1, 100, 10, 101), 0.0, 1e-12);
    s.name = "onecycle";
    const double start = learningRate(s, 0.1, 0, 10, 1000);
    EXPECT_NEAR(start, 0.1 / 25, 1e-12);
    double peak = 0;
    for (int64_t step = 0; step < 1000; ++step)
        peak = std::max(peak, learningRate(s, 0.1, step, 10, 1000));
    EXPECT_NEAR(peak, 0.1, 1e-6);
    EXPECT_NEAR(learningRate(s, 0.1, 999, 10, 1000), 0.1 / 25 / 1e4, 1e-12);
}

TEST(DataSplit, StratifiedAndSeeded)
{
    dllab::datasets::DatasetContent content;
    for (int i = 0; i < 300; ++i)
        content.labels.push_back(i < 200 ? 0 : i < 290 ? 1 : 2);
    const RunSplits a = splitForRun(content, 0.1, 7);
    EXPECT_EQ(a.val.size(), 20u + 9u + 1u);
    EXPECT_EQ(a.train.size() + a.val.size(), 300u);
    std::set<int64_t> all(a.train.begin(), a.train.end());
    all.insert(a.val.begin(), a.val.end());
    EXPECT_EQ(all.size(), 300u);
    EXPECT_EQ(splitForRun(content, 0.1, 7).val, a.val);
    EXPECT_NE(splitForRun(content, 0.1, 8).val, a.val);

    content.splits["train"] = {0, 1, 2, 3, 4};
    content.splits["val"] = {5, 6};
    content.splits["test"] = {7};
    const RunSplits b = splitForRun(content, 0.5, 7);
    EXPECT_TRUE(b.valFromVersion);
    EXPECT_EQ(b.train, std::vector<int64_t>({0, 1, 2, 3, 4}));
    EXPECT_EQ(b.val, std::vector<int64_t>({5, 6}));
    EXPECT_EQ(b.test, std::vector<int64_t>({7}));
}

TEST(DataSplit, EpochOrderIsAPermutationPerEpoch)
{
    const auto e1 = epochOrder(1000, 3, 1);
    EXPECT_EQ(std::set<int64_t>(e1.begin(), e1.end()).size(), 1000u);
    EXPECT_EQ(epochOrder(1000, 3, 1), e1);
    EXPECT_NE(epochOrder(1000, 3, 2), e1);
    EXPECT_NE(epochOrder(1000, 4, 1), e1);
}

TEST(ClassReport, PrecisionRecallF1)
{
    Evaluation e;
    e.confusion = {{8, 2}, {1, 9}};
    scoreConfusion(e);
    EXPECT_EQ(e.samples, 20);
    EXPECT_DOUBLE_EQ(e.accuracy, 17.0 / 20.0);
    EXPECT_DOUBLE_EQ(e.perClass[0].precision, 8.0 / 9.0);
    EXPECT_DOUBLE_EQ(e.perClass[0].recall, 0.8);
    EXPECT_NEAR(e.perClass[0].f1, 2 * (8.0 / 9) * 0.8 / (8.0 / 9 + 0.8), 1e-12);
    EXPECT_EQ(e.perClass[1].support, 10);
    const json j = toJson(e, {"cat", "dog"});
    EXPECT_EQ(j["per_class"][1]["class"], "dog");
    EXPECT_EQ(j["confusion_matrix"], json({{8, 2}, {1, 9}}));
}
