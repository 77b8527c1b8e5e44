// dllab-cli train and runs as users script them: iris end to end, --set, errors, runs
// list/show/metrics/cancel, and a training process killed with SIGKILL then resumed.
#include "../cli_process.h"
#include "../datasets/test_files.h"
#include "training/blas_kernels.h"
#include "training/run_store.h"
#include "workspace/workspace.h"

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <thread>

using nlohmann::json;
using namespace dllab::test;

namespace {

void importData(const std::filesystem::path &ws, const std::string &what, const std::string &name)
{
    const auto r =
        runCli(ws, {"dataset", "import", (sharedData() / what).string(), "--name", name});
    ASSERT_EQ(r.status, 0) << r.err;
}

} // namespace

TEST(CliTrain, IrisMlpReachesTheIssueTarget)
{
    ScratchDir dir;
    importData(dir / "ws", "iris.csv", "iris");
    const auto r =
        runCli(dir / "ws", {"train", "--dataset", "iris", "--model", "mlp", "--epochs", "30",
                            "--batch-size", "16", "--lr", "0.01", "--seed", "0", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const json out = r.document();
    EXPECT_EQ(out["status"], "finished");
    EXPECT_EQ(out["epochs"], 30);
    EXPECT_GT(out["samples_per_sec"].get<double>(), 0.0);
    for (const char *key : {"train_loss", "val_loss", "val_accuracy"})
        EXPECT_TRUE(out["metrics"].contains(key)) << key;
    // iris has no test split; validation is a stratified 10% of its 150 rows.
    EXPECT_GE(out["metrics"]["val_accuracy"].get<double>(), 0.9) << out.dump();
    EXPECT_NE(r.err.find("epoch 30/30"), std::string::npos); // the progress line

    const auto again =
        runCli(dir / "ws", {"train", "--dataset", "iris", "--model", "mlp", "--epochs", "30",
                            "--batch-size", "16", "--lr", "0.01", "--seed", "0", "--json"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.document()["metrics"], out["metrics"]);
}

TEST(CliTrain, RunsListShowMetrics)
{
    ScratchDir dir;
    importData(dir / "ws", "iris.csv", "iris");
    const auto r = runCli(dir / "ws", {"train", "--dataset", "iris@v1", "--model", "mlp", "--set",
                                       "model.hidden=[8]", "--set", "optimizer.name=\"sgd\"",
                                       "--set", "schedule.name=cosine", "--epochs", "3", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const int64_t id = r.document()["run"];

    const auto list = runCli(dir / "ws", {"runs", "list", "--json"});
    ASSERT_EQ(list.status, 0) << list.err;
    ASSERT_EQ(list.document().size(), 1u);
    EXPECT_EQ(list.document()[0]["status"], "finished");
    EXPECT_EQ(list.document()[0]["dataset_version"], "iris@v1");

    const auto show = runCli(dir / "ws", {"runs", "show", std::to_string(id), "--json"});
    ASSERT_EQ(show.status, 0) << show.err;
    const json s = show.document();
    EXPECT_EQ(s["status"], "finished");
    EXPECT_EQ(s["spec"]["model"]["hidden"], json({8}));
    EXPECT_EQ(s["spec"]["optimizer"]["name"], "sgd");
    EXPECT_EQ(s["spec"]["schedule"]["name"], "cosine");
    EXPECT_EQ(s["dataset_version"], "iris@v1");
    EXPECT_TRUE(s["env"].contains("libtorch"));
    EXPECT_TRUE(s["env"].contains("dataset_hash"));
    EXPECT_EQ(s["confusion_matrix"].size(), 3u);
    EXPECT_EQ(s["per_class"].size(), 3u);
    EXPECT_TRUE(s["metrics"].contains("val_accuracy"));

    const auto metrics = runCli(
        dir / "ws", {"runs", "metrics", std::to_string(id), "--key", "val_accuracy", "--json"});
    ASSERT_EQ(metrics.status, 0) << metrics.err;
    EXPECT_EQ(metrics.document().size(), 3u);
    EXPECT_EQ(metrics.document()[2]["epoch"], 3);

    const auto cancel = runCli(dir / "ws", {"runs", "cancel", std::to_string(id)});
    EXPECT_NE(cancel.status, 0); // a finished run cannot be cancelled
    EXPECT_NE(cancel.err.find("finished"), std::string::npos) << cancel.err;
}

// The run records the OpenBLAS kernels it trained with; dllab-cli picks the CPU's own where
// OpenBLAS fell back to Prescott (training/blas_kernels.h), and keeps a user's OPENBLAS_CORETYPE.
TEST(CliTrain, RecordsTheBlasKernels)
{
#if !defined(__x86_64__) && !defined(__i386__)
    GTEST_SKIP() << "the kernel names checked here are x86's";
#else
    if (dllab::training::blasKernels().empty())
        GTEST_SKIP() << "LibTorch here does not use OpenBLAS";
    if (std::getenv("OPENBLAS_CORETYPE"))
        GTEST_SKIP() << "OPENBLAS_CORETYPE is set for the whole test run";
    ScratchDir dir;
    importData(dir / "ws", "iris.csv", "iris");
    const auto blasOf = [&](const std::string &environment) {
        const auto r = runShell(environment + shellQuote(DLLAB_CLI) + " --workspace "
                                + shellQuote((dir / "ws").string())
                                + " train --dataset iris --model mlp --epochs 1 --json");
        EXPECT_EQ(r.status, 0) << r.err;
        const auto show =
            runCli(dir / "ws", {"runs", "show", r.document()["run"].dump(), "--json"});
        return show.document()["env"]["blas"].get<std::string>();
    };
    // Prescott runs on every x86 CPU; a user who asks for it gets it.
    EXPECT_EQ(blasOf("OPENBLAS_CORETYPE=Prescott "), "Prescott");
    const std::string chosen = blasOf("");
    EXPECT_FALSE(chosen.empty());
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        EXPECT_NE(chosen, "Prescott") << "the fallback kernels, 5x slower GEMM than the CPU's";
    }
#endif
}

TEST(CliTrain, ErrorsAreClear)
{
    ScratchDir dir;
    importData(dir / "ws", "iris.csv", "iris");
    auto r = runCli(dir / "ws", {"train", "--dataset", "iris", "--model", "cnn"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("error: model.arch"), std::string::npos) << r.err;
    r = runCli(dir / "ws", {"train", "--dataset", "iris", "--set", "optimizer.lr=-1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("optimizer.lr"), std::string::npos) << r.err;
    r = runCli(dir / "ws", {"train", "--dataset", "nope"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("no dataset named 'nope'"), std::string::npos) << r.err;
    const auto spec = dir.write("run.json", R"({"dataset": "iris", "optimizer": {"lrr": 0.1}})");
    r = runCli(dir / "ws", {"train", "--spec", spec.string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(spec.string() + ": run spec: optimizer.lrr is not a known field"),
              std::string::npos)
        << r.err;
    r = runCli(dir / "ws", {"train", "--dataset", "iris", "--set", "optimizer.lr=1e9", "--set",
                            "optimizer.name=sgd", "--epochs", "2"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("diverged at epoch 1, step"), std::string::npos) << r.err;
    r = runCli(dir / "ws", {"runs", "show", "999"});
    EXPECT_EQ(r.status, 1);
}

// SIGKILL mid-run, then the workspace is intact, the run interrupted, and
// resume ends with the metrics of an uninterrupted run.
TEST(CliTrain, SigkillThenResume)
{
    ScratchDir dir;
    const auto ws = dir / "ws";
    importData(ws, "mnist-10k", "mnist");
    const std::vector<std::string> trainArgs{
        "train",    "--dataset", "mnist",  "--model", "mlp",       "--set", "model.hidden=[32]",
        "--epochs", "4",         "--seed", "1",       "--threads", "1",     "--json"};
    const auto whole = runCli(ws, trainArgs);
    ASSERT_EQ(whole.status, 0) << whole.err;

    const pid_t child = dllab::test::startCli(ws, trainArgs);
    int64_t runId = 0;
    {
        dllab::workspace::Workspace w(ws);
        dllab::training::RunStore store(w);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (std::chrono::steady_clock::now() < deadline) {
            const auto runs = store.list();
            if (runs.size() == 2 && !store.artifacts(runs[1].id, "checkpoint").empty()) {
                runId = runs[1].id;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    ASSERT_NE(runId, 0) << "the second run never wrote a checkpoint";
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));

    {
        dllab::workspace::Workspace w(ws);
        auto check = w.db().prepare("PRAGMA integrity_check");
        ASSERT_TRUE(check.step());
        EXPECT_EQ(check.columnText(0), "ok");
    }
    const auto list = runCli(ws, {"runs", "list", "--json"});
    ASSERT_EQ(list.status, 0) << list.err;
    EXPECT_EQ(list.document()[1]["status"], "interrupted");

    const auto resumed = runCli(ws, {"train", "--resume", std::to_string(runId), "--json"});
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    EXPECT_EQ(resumed.document()["status"], "finished");
    EXPECT_EQ(resumed.document()["metrics"], whole.document()["metrics"]);
    EXPECT_EQ(resumed.document()["epochs"], 4);

    const auto a =
        runCli(ws, {"runs", "metrics", std::to_string(whole.document()["run"].get<int64_t>()),
                    "--key", "train_loss", "--json"});
    const auto b =
        runCli(ws, {"runs", "metrics", std::to_string(runId), "--key", "train_loss", "--json"});
    ASSERT_EQ(a.document().size(), b.document().size());
    for (size_t i = 0; i < a.document().size(); ++i)
        EXPECT_EQ(a.document()[i]["value"], b.document()[i]["value"]) << i;
}

// The workspace's run queue from the CLI: `train --queue` only queues; `queue run` trains the
// queue oldest first, one at a time with the default "at once" of 1; a queued run cancelled or
// paused from another command never trains; `queue slots` is the setting the GUI shares.
TEST(CliTrain, QueuedRunsTrainInOrderThroughQueueRun)
{
    ScratchDir dir;
    importData(dir / "ws", "iris.csv", "iris");
    const std::vector<std::string> train = {"train", "--dataset", "iris",  "--epochs",
                                            "3",     "--queue",   "--json"};
    std::vector<int64_t> ids;
    for (int i = 0; i < 4; ++i) {
        const auto queued = runCli(dir / "ws", train);
        ASSERT_EQ(queued.status, 0) << queued.err;
        EXPECT_EQ(queued.document()["status"], "queued");
        ids.push_back(queued.document()["run"].get<int64_t>());
    }
    ASSERT_EQ(runCli(dir / "ws", {"runs", "pause", std::to_string(ids[1])}).status, 0);
    ASSERT_EQ(runCli(dir / "ws", {"runs", "cancel", std::to_string(ids[2])}).status, 0);
    const auto slots = runCli(dir / "ws", {"queue", "slots", "--json"});
    ASSERT_EQ(slots.status, 0) << slots.err;
    EXPECT_EQ(slots.document()["slots"], 1);
    EXPECT_NE(runCli(dir / "ws", {"queue", "slots", "0"}).status, 0);

    const auto ran = runCli(dir / "ws", {"queue", "run"});
    ASSERT_EQ(ran.status, 0) << ran.err;
    dllab::workspace::Workspace ws(dir / "ws");
    dllab::training::RunStore runs(ws);
    using dllab::training::RunStatus;
    EXPECT_EQ(runs.get(ids[0]).status, RunStatus::Finished);
    EXPECT_EQ(runs.get(ids[1]).status, RunStatus::Paused);
    EXPECT_EQ(runs.get(ids[2]).status, RunStatus::Cancelled);
    EXPECT_EQ(runs.get(ids[3]).status, RunStatus::Finished);
    // One at a time, first in first out: the last started after the first ended.
    EXPECT_GE(runs.get(ids[3]).startedAt, runs.get(ids[0]).endedAt);

    // Resume puts a paused run back in the queue; the next `queue run` trains it.
    const auto resumed =
        runCli(dir / "ws", {"train", "--resume", std::to_string(ids[1]), "--queue", "--json"});
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    EXPECT_EQ(runs.get(ids[1]).status, RunStatus::Queued);
    ASSERT_EQ(runCli(dir / "ws", {"queue", "run", "--slots", "2"}).status, 0);
    EXPECT_EQ(runs.get(ids[1]).status, RunStatus::Finished);
    EXPECT_EQ(runCli(dir / "ws", {"queue", "slots", "--json"}).document()["slots"], 2);
}
