// The engine's run queue (training::RunScheduler) with real training on small blobs: first in
// first out within a slot count, pause and cancel of queued runs through the scheduler and
// through the runs row (as another process asks), the cores shared out among runs side by side,
// and pauseAll leaving queued runs queued in the workspace.
#include "../datasets/test_files.h"
#include "training/run_scheduler.h"
#include "training/run_store.h"
#include "training/trainer.h"
#include "training_data.h"
#include "workspace/workspace.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

using nlohmann::json;
using namespace dllab;
using namespace dllab::training;

namespace {

json blobSpec(const std::string &ref, int epochs)
{
    json spec = {{"dataset", ref},   {"model", {{"arch", "mlp"}, {"hidden", {16}}}},
                 {"epochs", epochs}, {"batch_size", 16},
                 {"seed", 3},        {"device", "cpu"}};
    spec["optimizer"]["lr"] = 0.01;
    return spec;
}

template <typename F> bool waitFor(F done, double seconds = 60)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

// Records the order runs start and end in, from the scheduler's threads.
struct Recorder : RunEvents {
    std::mutex mutex;
    std::vector<int64_t> started, ended;
    std::vector<RunStatus> endings;
    void onStarted(int64_t runId, const std::string &) override
    {
        std::lock_guard lock(mutex);
        started.push_back(runId);
    }
    void onEnded(int64_t runId, const RunEnd &end) override
    {
        std::lock_guard lock(mutex);
        ended.push_back(runId);
        endings.push_back(end.status);
    }
    size_t endedCount()
    {
        std::lock_guard lock(mutex);
        return ended.size();
    }
};

} // namespace

TEST(RunScheduler, AdoptsQueuedRunsFirstInFirstOut)
{
    test::ScratchDir dir;
    std::vector<int64_t> ids;
    {
        workspace::Workspace ws(dir / "ws");
        const std::string ref = test::addBlobs(ws);
        for (int i = 0; i < 3; ++i)
            ids.push_back(createRun(ws, blobSpec(ref, 2)));
    }
    Recorder events;
    {
        RunScheduler scheduler(dir / "ws", &events);
        scheduler.adoptQueued(true);
        scheduler.waitIdle();
    }
    EXPECT_EQ(events.started, ids);
    EXPECT_EQ(events.ended, ids); // one slot: each ends before the next starts
    workspace::Workspace ws(dir / "ws");
    RunStore store(ws);
    for (int64_t id : ids)
        EXPECT_EQ(store.get(id).status, RunStatus::Finished);
    EXPECT_GE(store.get(ids[1]).startedAt, store.get(ids[0]).endedAt);
}

TEST(RunScheduler, QueuedRunsPauseAndCancelFromEitherSide)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    const std::string ref = test::addBlobs(ws);
    RunStore store(ws);
    const int64_t first = createRun(ws, blobSpec(ref, 200)); // long enough to hold the slot
    const int64_t paused = createRun(ws, blobSpec(ref, 2));
    const int64_t cancelled = createRun(ws, blobSpec(ref, 2));
    const int64_t elsewhere = createRun(ws, blobSpec(ref, 2));
    const int64_t last = createRun(ws, blobSpec(ref, 2));
    Recorder events;
    RunScheduler scheduler(dir / "ws", &events);
    for (int64_t id : {first, paused, cancelled, elsewhere, last})
        scheduler.submit(id);
    ASSERT_TRUE(waitFor([&] { return store.status(first) == RunStatus::Running; }));
    EXPECT_EQ(scheduler.queued(), (std::vector<int64_t>{paused, cancelled, elsewhere, last}));

    EXPECT_TRUE(scheduler.pause(paused));
    EXPECT_TRUE(scheduler.cancel(cancelled));
    EXPECT_EQ(store.status(paused), RunStatus::Paused);
    EXPECT_EQ(store.status(cancelled), RunStatus::Cancelled);
    // Another process asks through the row; the run never trains here.
    EXPECT_EQ(store.requestControl(elsewhere, RunControl::Cancel), RunStatus::Cancelled);
    EXPECT_EQ(store.status(first), RunStatus::Running);

    EXPECT_TRUE(scheduler.cancel(first));
    scheduler.waitIdle();
    EXPECT_EQ(store.status(first), RunStatus::Cancelled);
    EXPECT_EQ(store.status(last), RunStatus::Finished);
    EXPECT_EQ(store.status(elsewhere), RunStatus::Cancelled);
    EXPECT_TRUE(store.get(elsewhere).startedAt.empty()); // it was refused, never started
    EXPECT_FALSE(scheduler.pause(last));                 // not here any more: ask its row
}

TEST(RunScheduler, RunsSideBySideShareTheCores)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    const std::string ref = test::addBlobs(ws);
    RunStore store(ws);
    const int64_t a = createRun(ws, blobSpec(ref, 3));
    const int64_t b = createRun(ws, blobSpec(ref, 3));
    RunScheduler scheduler(dir / "ws");
    scheduler.setSlots({}, 2);
    scheduler.submit(a);
    scheduler.submit(b);
    scheduler.waitIdle();
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    for (int64_t id : {a, b}) {
        ASSERT_EQ(store.status(id), RunStatus::Finished) << store.get(id).error;
        EXPECT_EQ(store.get(id).env.value("threads", 0), std::max(1, cores / 2));
    }
}

TEST(RunScheduler, PauseAllLeavesQueuedRunsQueued)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    const std::string ref = test::addBlobs(ws);
    RunStore store(ws);
    const int64_t training = createRun(ws, blobSpec(ref, 200));
    const int64_t waiting = createRun(ws, blobSpec(ref, 2));
    Recorder events;
    RunScheduler scheduler(dir / "ws", &events);
    scheduler.submit(training);
    scheduler.submit(waiting);
    ASSERT_TRUE(waitFor([&] { return store.status(training) == RunStatus::Running; }));
    scheduler.pauseAll();
    EXPECT_EQ(store.status(training), RunStatus::Paused);
    EXPECT_EQ(store.status(waiting), RunStatus::Queued);
    ASSERT_TRUE(waitFor([&] { return events.endedCount() == 2; }, 5));
    EXPECT_TRUE(scheduler.queued().empty());
    EXPECT_TRUE(scheduler.training().empty());
}

// "At once" is the workspace's run_slots setting while the scheduler adopts: setSlots stores it,
// no read of the old value undoes it, and another process's change applies.
TEST(RunScheduler, SetSlotsIsStoredAndAnotherProcessesChangeApplies)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    ws.setSetting(RunScheduler::kSlotsSetting, "2");
    RunScheduler scheduler(dir / "ws");
    scheduler.adoptQueued(true);
    ASSERT_TRUE(waitFor([&] { return scheduler.slots({}) == 2; }, 5));
    for (int i = 0; i < 20; ++i) { // back and forth, each against reads of the other value
        scheduler.setSlots({}, 1 + i % 2);
        std::this_thread::sleep_for(std::chrono::milliseconds(i * 20));
        EXPECT_EQ(scheduler.slots({}), 1 + i % 2);
    }
    scheduler.setSlots({}, 1);
    EXPECT_TRUE(waitFor([&] { return ws.setting(RunScheduler::kSlotsSetting) == "1"; }, 5));
    std::this_thread::sleep_for(std::chrono::seconds(1)); // four adoption reads
    EXPECT_EQ(scheduler.slots({}), 1);
    ws.setSetting(RunScheduler::kSlotsSetting, "3"); // as `dllab-cli queue slots 3` does
    EXPECT_TRUE(waitFor([&] { return scheduler.slots({}) == 3; }, 5));
}
