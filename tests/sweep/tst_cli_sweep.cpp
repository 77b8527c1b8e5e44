// dllab-cli sweep as users script it: a real sweep of run trials on iris, the JSON report, a
// finished sweep reported and not rerun, SIGKILL mid-sweep then resume, and the Katib export.
#include "../cli_process.h"
#include "../datasets/test_files.h"
#include "cli_sweep_util.h"
#include "sweep_test_util.h"
#include "training/run_store.h"
#include "training/sweep/sweep_store.h"
#include "workspace/workspace.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

using nlohmann::json;
using namespace dllab;
using namespace dllab::test;

// A tiny real sweep: run trials (MLP on iris, 2 epochs) with list-index and log parameters.
TEST(CliSweep, IrisRunTrials)
{
    ScratchDir dir;
    const auto ws = dir / "ws";
    ASSERT_NO_FATAL_FAILURE(importIris(ws));
    const json spec = json::parse(R"({"name": "iris-mlp",
      "objective": {"metric": "val_accuracy", "goal": "maximize"},
      "algorithm": {"name": "random", "seed": 1},
      "parameters": [
        {"name": "optimizer.lr", "type": "double", "min": 1e-3, "max": 1e-1, "log": true},
        {"name": "model.hidden.0", "type": "int", "min": 8, "max": 32, "log": true}],
      "maxTrialCount": 3, "parallelTrialCount": 1,
      "trial": {"run": {"dataset": "iris", "model": {"arch": "mlp", "hidden": [16]},
                        "epochs": 2, "batch_size": 16, "device": "cpu"}}})");
    const auto r = runCli(ws, {"sweep", "run", writeSpec(dir, spec).string(), "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const json out = r.document();
    EXPECT_EQ(out["status"], "finished");
    ASSERT_EQ(out["trials"].size(), 3u);
    EXPECT_NE(r.err.find("trial 0 started"), std::string::npos) << r.err;

    workspace::Workspace w(ws);
    training::RunStore runs(w);
    for (const auto &t : out["trials"]) {
        EXPECT_EQ(t["status"], "complete");
        const double objective = t["objective"].get<double>();
        EXPECT_GE(objective, 0.0);
        EXPECT_LE(objective, 1.0);
        const auto run = runs.get(t["run"].get<int64_t>());
        EXPECT_EQ(run.kind, "trial");
        EXPECT_EQ(run.name, "iris-mlp-t" + t["number"].dump()); // its sweep and trial
        EXPECT_EQ(run.status, training::RunStatus::Finished);
        EXPECT_EQ(run.spec["model"]["hidden"][0], t["params"]["model.hidden.0"]);
        EXPECT_EQ(run.spec["optimizer"]["lr"], t["params"]["optimizer.lr"]);
        EXPECT_EQ(run.spec["epochs"], 2);
        // One trial at a time is not given a share: it trains on the automatic count, as a
        // lone `train` does ($DLLAB_THREADS, which ctest sets, else the hardware's).
        const char *pinned = std::getenv("DLLAB_THREADS");
        const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
        EXPECT_EQ(run.env["threads"], pinned && std::atoi(pinned) > 0
                                          ? std::min(std::atoi(pinned), hardware)
                                          : std::min(hardware, 8));
        EXPECT_NEAR(run.summary["metrics"]["val_accuracy"].get<double>(), objective, 1e-12);
    }
    ASSERT_TRUE(out["best"].is_object());
    for (const char *key : {"run", "params", "objective"})
        EXPECT_TRUE(out["best"].contains(key)) << key;
}

// A mistake in the spec is reported with the file's name and the field, and one that would fail
// every trial (an unknown objective, a missing dataset) is refused before any sweep exists.
TEST(CliSweep, BadSpecsAreRefusedBeforeASweepExists)
{
    ScratchDir dir;
    const auto ws = dir / "ws";
    ASSERT_NO_FATAL_FAILURE(importIris(ws));
    const json good = json::parse(R"({"name": "iris-bad",
      "objective": {"metric": "val_accuracy"},
      "parameters": [{"name": "optimizer.lr", "type": "double", "min": 1e-3, "max": 1e-1}],
      "maxTrialCount": 2, "trial": {"run": {"dataset": "iris", "epochs": 1}}})");
    const auto refused = [&](const json &spec, const std::string &what) {
        const auto file = writeSpec(dir, spec);
        const auto r = runCli(ws, {"sweep", "run", file.string()});
        EXPECT_EQ(r.status, 1) << what;
        EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
        return r.err;
    };
    json spec = good;
    spec["objective"]["metric"] = "val_acc";
    const std::string err =
        refused(spec, "objective.metric \"val_acc\" is not a metric a run records");
    EXPECT_NE(err.find(writeSpec(dir, spec).string() + ": sweep spec:"), std::string::npos) << err;
    spec = good;
    spec["trial"]["run"]["optimizer"] = {{"lrr", 0.1}};
    refused(spec, "optimizer.lrr is not a known field");
    spec = good;
    spec["trial"]["run"]["dataset"] = "nope";
    refused(spec, "no dataset named 'nope'");
    EXPECT_EQ(runCli(ws, {"sweep", "list", "--json"}).document(), json::array());
    EXPECT_TRUE(trialsOf(ws).empty());
}

// A sweep whose every trial failed has no result: the report is printed, and the exit status
// says so, so that a script does not read on as if it had a best trial.
TEST(CliSweep, NoCompleteTrialIsAnError)
{
    ScratchDir dir;
    const json spec = json::parse(R"({"name": "typo",
      "objective": {"metric": "loss", "goal": "minimize"}, "algorithm": {"name": "grid"},
      "parameters": [{"name": "x", "type": "int", "min": 1, "max": 2}],
      "trial": {"command": ["/bin/echo", "los=${trialParameters.x}"]}})");
    const auto r = runCli(dir / "ws", {"sweep", "run", writeSpec(dir, spec).string(), "--json"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("sweep typo finished without a complete trial (2 failed, 0 pruned)"),
              std::string::npos)
        << r.err;
    const json out = r.document();
    EXPECT_EQ(out["status"], "finished");
    EXPECT_TRUE(out["best"].is_null());
}

// The JSON report; a finished sweep is reported, not rerun; --new starts another; list/show.
TEST(CliSweep, FinishedSweepIsReportedNotRerun)
{
    ScratchDir dir;
    const auto ws = dir / "ws";
    const auto file = writeSpec(dir, shellSweep("again", lossScript(), {1, 2}, 2));
    const auto first = runCli(ws, {"sweep", "run", file.string(), "--json"});
    ASSERT_EQ(first.status, 0) << first.err;
    const json a = first.document();
    EXPECT_EQ(a["status"], "finished");
    for (const auto &t : a["trials"])
        for (const char *key : {"run", "params", "status", "objective"})
            EXPECT_TRUE(t.contains(key)) << key;

    const auto second = runCli(ws, {"sweep", "run", file.string(), "--json"});
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(second.document()["sweep"], a["sweep"]);
    EXPECT_EQ(second.document()["trials"], a["trials"]);
    EXPECT_NE(second.err.find("already ended"), std::string::npos) << second.err;

    const auto fresh = runCli(ws, {"sweep", "run", file.string(), "--new", "--json"});
    ASSERT_EQ(fresh.status, 0) << fresh.err;
    EXPECT_NE(fresh.document()["sweep"], a["sweep"]);

    const auto list = runCli(ws, {"sweep", "list", "--json"});
    ASSERT_EQ(list.status, 0) << list.err;
    EXPECT_EQ(list.document().size(), 2u);
    // The text list tells the two sweeps of one name apart by when they started.
    const auto listText = runCli(ws, {"sweep", "list"});
    for (const auto &s : list.document())
        EXPECT_NE(listText.out.find(s["created_at"].get<std::string>()), std::string::npos)
            << listText.out;
    const auto show = runCli(ws, {"sweep", "show", "again", "--json"});
    ASSERT_EQ(show.status, 0) << show.err;
    EXPECT_EQ(show.document()["sweep"], fresh.document()["sweep"]); // the newest of that name
    const auto text = runCli(ws, {"sweep", "show", "again"});
    EXPECT_EQ(text.status, 0);
    // lossScript's loss is smallest at x = 2: trial 1; the line names its run.
    const std::string bestLine =
        "best: trial 1 (run " + fresh.document()["best"]["run"].dump() + ") loss ";
    EXPECT_NE(text.out.find(bestLine), std::string::npos) << text.out;

    // The Katib export of a stored sweep parses.
    const auto katib = runCli(ws, {"sweep", "export-katib", a["sweep"].dump(), "--image", "img:1"});
    ASSERT_EQ(katib.status, 0) << katib.err;
    const json doc = yamlAsJson(dir.write("exp.yaml", katib.out));
    ASSERT_TRUE(doc.is_object()) << katib.out;
    EXPECT_EQ(doc["spec"]["maxTrialCount"], 2);
    const auto pytorch = runCli(ws, {"sweep", "export-katib", a["sweep"].dump(), "--image", "img:1",
                                     "--trial-kind", "PyTorchJob"});
    ASSERT_EQ(pytorch.status, 0) << pytorch.err;
    EXPECT_EQ(yamlAsJson(
                  dir.write("exp.yaml", pytorch.out))["spec"]["trialTemplate"]["trialSpec"]["kind"],
              "PyTorchJob");
    EXPECT_NE(runCli(ws, {"sweep", "export-katib", a["sweep"].dump(), "--image", "img:1",
                          "--trial-kind", "tfjob"})
                  .status,
              0);

    const auto bad = runCli(ws, {"sweep", "show", "nope"});
    EXPECT_NE(bad.status, 0);
    EXPECT_NE(bad.err.find("no sweep \"nope\""), std::string::npos) << bad.err;
}

// SIGKILL during a sweep, then the same `sweep run`: it resumes, no
// finished trial is repeated, and the total stays maxTrialCount.
TEST(CliSweep, SigkillThenResume)
{
    ScratchDir dir;
    const auto ws = dir / "ws";
    json spec = shellSweep("killed", lossScript("", "0.15"), {}, 6);
    spec["algorithm"] = {{"name", "random"}, {"seed", 5}};
    spec["parameters"] = {{{"name", "x"}, {"type", "double"}, {"min", 0.0}, {"max", 4.0}}};
    const auto file = writeSpec(dir, spec);

    const pid_t child = startCli(ws, {"sweep", "run", file.string(), "--json"});
    ASSERT_TRUE(waitFor([&] {
        const auto trials = trialsOf(ws);
        return countState(trials, "complete") >= 2 && countState(trials, "running") == 1;
    })) << "two trials never finished";
    ::kill(child, SIGKILL);
    ASSERT_EQ(waitChild(child), -SIGKILL);

    const auto before = trialsOf(ws);
    std::map<int64_t, std::string> startedAt;
    {
        workspace::Workspace w(ws);
        auto check = w.db().prepare("PRAGMA integrity_check");
        ASSERT_TRUE(check.step());
        EXPECT_EQ(check.columnText(0), "ok");
        training::RunStore runs(w);
        for (const auto &t : before)
            startedAt[*t.runId] = runs.get(*t.runId).startedAt;
    }
    const auto shown = runCli(ws, {"sweep", "show", "killed", "--json"});
    ASSERT_EQ(shown.status, 0) << shown.err;
    EXPECT_EQ(shown.document()["status"], "interrupted");
    // The trial the kill cut off says so; nothing runs it until the sweep resumes.
    EXPECT_EQ(shown.document()["counts"]["running"], 0);
    EXPECT_EQ(shown.document()["counts"]["interrupted"], 1);
    for (const auto &t : before) {
        if (t.state == sweep::TrialState::Running) {
            EXPECT_EQ(shown.document()["trials"][size_t(t.number)]["status"], "interrupted");
        }
    }

    const auto resumed = runCli(ws, {"sweep", "run", file.string(), "--json"});
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    const json out = resumed.document();
    EXPECT_EQ(out["status"], "finished");
    ASSERT_EQ(out["trials"].size(), 6u);
    EXPECT_EQ(out["counts"]["complete"], 6);
    workspace::Workspace w(ws);
    training::RunStore runs(w);
    EXPECT_EQ(runs.list().size(), 6u);
    for (const auto &t : before) {
        const json &after = out["trials"][size_t(t.number)];
        EXPECT_EQ(after["run"], *t.runId);
        EXPECT_EQ(after["params"], json(t.params));
        if (t.state == sweep::TrialState::Complete) {
            EXPECT_EQ(after["objective"], *t.objective);
            EXPECT_EQ(runs.get(*t.runId).startedAt, startedAt[*t.runId]); // not run again
            EXPECT_EQ(runs.metrics(*t.runId, "loss").size(), 3u);
        }
    }
    EXPECT_NE(resumed.err.find("resumed"), std::string::npos) << resumed.err;
}
