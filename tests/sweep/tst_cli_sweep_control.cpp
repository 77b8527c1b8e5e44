// dllab-cli sweep pause, resume, set and stop from a second process while `sweep run` works.
// Seconds of waiting on purpose, so labelled slow; tst_sweep_runner covers the same in-process.
#include "../cli_process.h"
#include "../datasets/test_files.h"
#include "cli_sweep_util.h"
#include "sweep_test_util.h"

using nlohmann::json;
using namespace dllab;
using namespace dllab::test;

// Live control from a second process: pause, resume, a bigger budget, then stop.
TEST(CliSweep, PauseResumeSetAndStop)
{
    ScratchDir dir;
    const auto ws = dir / "ws";
    const auto file =
        writeSpec(dir, shellSweep("live", lossScript("", "0.5"), {1, 2, 3, 4, 5, 6, 7, 8}, 3));
    const pid_t child = startCli(ws, {"sweep", "run", file.string()});
    ASSERT_TRUE(waitFor([&] { return !trialsOf(ws).empty(); }));

    auto r = runCli(ws, {"sweep", "pause", "live", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.document()["status"], "paused");
    ASSERT_TRUE(waitFor(
        [&] {
            return runCli(ws, {"sweep", "show", "live", "--json"}).document()["status"] == "paused";
        },
        10));
    const auto count = trialsOf(ws).size();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(trialsOf(ws).size(), count);

    r = runCli(ws, {"sweep", "set", "live", "--parallel", "2", "--max-trials", "5", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.document()["maxTrialCount"], 5);
    r = runCli(ws, {"sweep", "resume", "live"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(waitFor([&] { return trialsOf(ws).size() >= 4; }, 30));
    r = runCli(ws, {"sweep", "stop", "live", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(waitChild(child), 0);

    const json out = runCli(ws, {"sweep", "show", "live", "--json"}).document();
    EXPECT_EQ(out["status"], "stopped");
    EXPECT_LE(out["trials"].size(), 5u);
    EXPECT_GE(out["trials"].size(), 4u);
    EXPECT_EQ(out["parallelTrialCount"], 2);
    EXPECT_NE(runCli(ws, {"sweep", "resume", "live"}).status, 0); // it has ended
    const auto set = runCli(ws, {"sweep", "set", "live", "--max-trials", "3"});
    EXPECT_NE(set.status, 0);
    EXPECT_NE(set.err.find("has ended: stopped"), std::string::npos) << set.err;
    EXPECT_EQ(runCli(ws, {"sweep", "show", "live", "--json"}).document()["maxTrialCount"], 5);
}
