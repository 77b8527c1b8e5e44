// The sweep runner in-process, with command trials (/bin/sh scripts printing loss=...): failed
// trials and maxFailedTrialCount, median stopping, parallel trials, an interrupted sweep resumed
// without repeating a trial and with the parameters an uninterrupted one draws, live control.
#include "../datasets/test_files.h"
#include "sweep_test_util.h"
#include "training/run_store.h"
#include "training/sweep/sweep_control.h"
#include "training/sweep/sweep_report.h"
#include "training/sweep/sweep_runner.h"
#include "training/sweep/sweep_store.h"

using nlohmann::json;
using namespace dllab;
using namespace dllab::sweep;
using dllab::test::lossOf;
using dllab::test::lossScript;
using dllab::test::shellSweep;
using dllab::test::waitFor;

namespace {

struct Ran {
    int64_t id = 0;
    std::string status;
    json doc;
};

Ran runInProcess(const std::filesystem::path &dir, const json &spec, bool fresh = false,
                 std::stop_token stop = {})
{
    workspace::Workspace ws(dir);
    const auto opened = openSweep(ws, spec, fresh);
    const JobContext ctx{stop, {}};
    Ran ran{opened.id, statusName(runSweep(ws, opened.id, ctx)), {}};
    SweepStore store(ws);
    ran.doc = sweepJson(store, store.get(opened.id));
    return ran;
}

int countTrials(const std::filesystem::path &dir, int64_t sweepId, const std::string &state)
{
    workspace::Workspace ws(dir);
    int n = 0;
    for (const auto &t : SweepStore(ws).trials(sweepId))
        n += stateName(t.state) == state ? 1 : 0;
    return n;
}

std::string sweepStatus(const std::filesystem::path &dir, int64_t sweepId)
{
    workspace::Workspace ws(dir);
    return statusName(SweepStore(ws).get(sweepId).status);
}

} // namespace

// A failing trial within maxFailedTrialCount; the sweep finishes.
TEST(SweepRunner, CommandTrialsWithAFailureWithinTheBudget)
{
    test::ScratchDir dir;
    json spec = shellSweep("shell", lossScript("3"), {1, 2, 3, 4}, 4);
    spec["maxFailedTrialCount"] = 1;
    const Ran ran = runInProcess(dir.path(), spec);
    EXPECT_EQ(ran.status, "finished");
    const json &trials = ran.doc["trials"];
    ASSERT_EQ(trials.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(trials[i]["params"]["x"], i + 1);
        if (i == 2) {
            EXPECT_EQ(trials[i]["status"], "failed");
            EXPECT_NE(trials[i]["error"].get<std::string>().find("exit status 2: boom"),
                      std::string::npos)
                << trials[i]["error"];
            EXPECT_TRUE(trials[i]["objective"].is_null());
        } else {
            EXPECT_EQ(trials[i]["status"], "complete");
            EXPECT_NEAR(trials[i]["objective"].get<double>(), lossOf(i + 1), 1e-5);
        }
    }
    EXPECT_EQ(ran.doc["best"]["params"]["x"], 2);
    EXPECT_EQ(ran.doc["best"]["run"], trials[1]["run"]);

    // Each trial is a run of kind trial in the sweep, with its metrics; the failed one failed.
    workspace::Workspace ws(dir.path());
    training::RunStore runs(ws);
    const auto all = runs.list();
    ASSERT_EQ(all.size(), 4u);
    for (const auto &run : all) {
        EXPECT_EQ(run.kind, "trial");
        EXPECT_EQ(run.sweepId, ran.id);
    }
    EXPECT_EQ(runs.get(trials[2]["run"].get<int64_t>()).status, training::RunStatus::Failed);
    const auto loss = runs.metrics(trials[0]["run"].get<int64_t>(), "loss");
    ASSERT_EQ(loss.size(), 3u);
    EXPECT_DOUBLE_EQ(loss[0].value, 2.0);
    EXPECT_EQ(loss[2].step, 3);
    EXPECT_EQ(SweepStore(ws).get(ran.id).bestRunId, trials[1]["run"].get<int64_t>());
}

TEST(SweepRunner, MoreFailuresThanAllowedFailTheSweep)
{
    test::ScratchDir dir;
    json spec = shellSweep("shell", lossScript("2 3"), {1, 2, 3, 4, 5}, 5);
    spec["maxFailedTrialCount"] = 1;
    const Ran ran = runInProcess(dir.path(), spec);
    EXPECT_EQ(ran.status, "failed");
    EXPECT_EQ(ran.doc["trials"].size(), 3u); // no trial starts after the second failure
    EXPECT_EQ(ran.doc["counts"]["failed"], 2);
    EXPECT_EQ(ran.doc["counts"]["complete"], 1);
}

TEST(SweepRunner, MedianStoppingPrunesWorseTrials)
{
    test::ScratchDir dir;
    json spec = shellSweep("median", lossScript("", "0.3"), {2, 5, 1}, 3);
    spec["earlyStopping"] = {{"name", "median"}, {"min_trials_required", 1}, {"start_step", 1}};
    const Ran ran = runInProcess(dir.path(), spec);
    EXPECT_EQ(ran.status, "finished");
    const json &trials = ran.doc["trials"];
    ASSERT_EQ(trials.size(), 3u);
    EXPECT_EQ(trials[0]["status"], "complete");
    workspace::Workspace ws(dir.path());
    training::RunStore runs(ws);
    for (int i : {1, 2}) {
        EXPECT_EQ(trials[i]["status"], "pruned");
        const auto run = runs.get(trials[i]["run"].get<int64_t>());
        EXPECT_EQ(run.status, training::RunStatus::Cancelled);
        EXPECT_TRUE(run.summary.value("pruned", false));
        EXPECT_EQ(run.shownStatus(), "pruned");             // what runs list and the Runs view show
        EXPECT_LT(runs.metrics(run.id, "loss").size(), 3u); // stopped before its end
    }
    EXPECT_EQ(ran.doc["best"]["number"], 0);
    EXPECT_EQ(runs.get(trials[0]["run"].get<int64_t>()).shownStatus(), "finished");
}

TEST(SweepRunner, ParallelTrialsRunAtOnce)
{
    test::ScratchDir dir;
    json spec = shellSweep("parallel", lossScript("", "0.4"), {1, 2, 3, 4}, 4);
    spec["parallelTrialCount"] = 2;
    const auto start = std::chrono::steady_clock::now();
    const Ran ran = runInProcess(dir.path(), spec);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(ran.status, "finished");
    EXPECT_EQ(ran.doc["counts"]["complete"], 4);
    EXPECT_LT(seconds, 4 * 1.2 - 0.5); // one at a time takes at least 4.8 s
}

// In-process: interrupted after two trials, resumed: no finished trial
// runs again, the cut-off one continues under its number, the total stays maxTrialCount, and
// TPE proposes what it proposes in an uninterrupted sweep.
TEST(SweepRunner, InterruptedSweepResumesWithoutRepeatingTrials)
{
    test::ScratchDir dir;
    json spec = shellSweep("tpe", lossScript("", "0.1"), {}, 6);
    spec["algorithm"] = {{"name", "tpe"}, {"seed", 3}, {"settings", {{"n_startup_trials", 2}}}};
    spec["parameters"] = {{{"name", "x"}, {"type", "double"}, {"min", 0.0}, {"max", 4.0}}};

    std::stop_source stop;
    std::jthread watcher([&](std::stop_token done) {
        waitFor([&] {
            workspace::Workspace ws(dir.path());
            const auto sweeps = SweepStore(ws).list();
            return done.stop_requested()
                   || (!sweeps.empty() && countTrials(dir.path(), sweeps[0].id, "complete") >= 2);
        });
        stop.request_stop();
    });
    const Ran first = runInProcess(dir.path(), spec, false, stop.get_token());
    watcher.join();
    ASSERT_EQ(first.status, "interrupted");
    const json before = first.doc["trials"];
    ASSERT_GE(before.size(), 2u);
    ASSERT_LT(before.size(), 6u);

    const Ran resumed = runInProcess(dir.path(), spec);
    EXPECT_EQ(resumed.id, first.id);
    EXPECT_EQ(resumed.status, "finished");
    const json &after = resumed.doc["trials"];
    ASSERT_EQ(after.size(), 6u);
    workspace::Workspace ws(dir.path());
    training::RunStore runs(ws);
    EXPECT_EQ(runs.list().size(), 6u); // one run per trial: nothing was repeated as a new run
    for (size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(after[i]["run"], before[i]["run"]) << i;
        EXPECT_EQ(after[i]["params"], before[i]["params"]) << i;
        if (before[i]["status"] == "complete") {
            EXPECT_EQ(after[i]["objective"], before[i]["objective"]) << i;
        }
    }

    // The same spec uninterrupted, as a new sweep: the same parameters, trial by trial.
    const Ran whole = runInProcess(dir.path(), spec, true);
    EXPECT_NE(whole.id, first.id);
    ASSERT_EQ(whole.doc["trials"].size(), 6u);
    for (size_t i = 0; i < 6; ++i)
        EXPECT_EQ(whole.doc["trials"][i]["params"], after[i]["params"]) << i;

    // A finished sweep is reported, not rerun.
    workspace::Workspace again(dir.path());
    EXPECT_EQ(openSweep(again, spec, false).how, OpenedSweep::How::Done);
}

TEST(SweepRunner, PauseResumeAndStopFromAnotherWorkspace)
{
    test::ScratchDir dir;
    const json spec = shellSweep("control", lossScript("", "0.3"), {1, 2, 3, 4, 5, 6}, 6);
    Ran ran;
    std::jthread runner([&] { ran = runInProcess(dir.path(), spec); });
    workspace::Workspace ws(dir.path());
    SweepStore store(ws);
    training::RunStore runs(ws);
    ASSERT_TRUE(waitFor(
        [&] { return !store.list().empty() && !store.trials(store.list()[0].id).empty(); }));
    const int64_t id = store.list()[0].id;
    EXPECT_THROW(controlSweep(ws, "nope", SweepAction::Pause), Error);
    EXPECT_EQ(controlSweep(ws, std::to_string(id), SweepAction::Pause), SweepStatus::Paused);
    ASSERT_TRUE(waitFor([&] { return store.get(id).status == SweepStatus::Paused; }, 5));
    // Paused: the running command is stopped (no new lines) and no trial starts.
    const auto trials = store.trials(id).size();
    const int64_t runId = *store.trials(id).back().runId;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(800)); // lines read before the stop are in
    const auto points = runs.metrics(runId).size();
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    EXPECT_EQ(store.trials(id).size(), trials);
    EXPECT_EQ(runs.metrics(runId).size(), points);

    EXPECT_EQ(controlSweep(ws, "control", SweepAction::Resume), SweepStatus::Running);
    ASSERT_TRUE(waitFor([&] { return store.trials(id).size() > trials; }, 10));
    EXPECT_EQ(controlSweep(ws, "control", SweepAction::Stop), SweepStatus::Stopped);
    runner.join();
    EXPECT_EQ(ran.status, "stopped");
    EXPECT_LT(ran.doc["trials"].size(), 6u);
    EXPECT_GE(ran.doc["counts"]["stopped"].get<int>(), 1);
    for (const auto &t : ran.doc["trials"]) {
        if (t["status"] == "stopped") {
            EXPECT_EQ(runs.get(t["run"].get<int64_t>()).status, training::RunStatus::Cancelled);
        }
    }
    EXPECT_THROW(controlSweep(ws, "control", SweepAction::Pause), Error); // it has ended
}

TEST(SweepRunner, BudgetChangesWhileRunning)
{
    test::ScratchDir dir;
    const json spec = shellSweep("budget", lossScript("", "0.2"), {1, 2, 3, 4, 5, 6, 7, 8}, 8);
    Ran ran;
    std::jthread runner([&] { ran = runInProcess(dir.path(), spec); });
    {
        workspace::Workspace ws(dir.path());
        SweepStore store(ws);
        ASSERT_TRUE(waitFor(
            [&] { return !store.list().empty() && !store.trials(store.list()[0].id).empty(); }));
        const json out = setSweepBudget(ws, "budget", 2, 3);
        EXPECT_EQ(out["maxTrialCount"], 3);
        EXPECT_EQ(out["parallelTrialCount"], 2);
        EXPECT_THROW(setSweepBudget(ws, "budget", 0, std::nullopt), Error);
    }
    runner.join();
    EXPECT_EQ(ran.status, "finished");
    EXPECT_EQ(ran.doc["trials"].size(), 3u);
    EXPECT_EQ(ran.doc["maxTrialCount"], 3);
}

TEST(SweepRunner, StopWithoutARunnerEndsTheSweep)
{
    test::ScratchDir dir;
    json spec = shellSweep("orphan", lossScript(), {1, 2}, 2);
    workspace::Workspace ws(dir.path());
    const auto opened = openSweep(ws, spec, false);
    EXPECT_THROW(controlSweep(ws, "orphan", SweepAction::Pause), Error); // nobody runs it
    EXPECT_EQ(controlSweep(ws, "orphan", SweepAction::Stop), SweepStatus::Stopped);
    EXPECT_EQ(sweepStatus(dir.path(), opened.id), "stopped");
    EXPECT_EQ(openSweep(ws, spec, false).how, OpenedSweep::How::Done);
}
