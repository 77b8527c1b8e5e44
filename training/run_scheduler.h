#pragma once
// The engine's run queue (DESIGN.md §3). Runs train on worker threads, first in first out, at
// most a lane's slot count at once, with the cores shared out among the runs that train, so N
// runs never oversubscribe the machine. The GUI, `dllab-cli queue run` and every sweep start
// their runs here: a sweep's trials are runs in a lane of their own. A queued run lives in the
// workspace; with adoptQueued() the scheduler also trains runs other processes queue (`dllab-cli
// train --queue`), oldest first, in the default lane, whose slot count is then the workspace's
// "run_slots" setting. Pause and cancel reach a run wherever it is: here through its flag or stop
// token, elsewhere through its row (RunStore::requestControl).
// Thread-safe. It owns its threads; destroying it pauses the runs it trains (their checkpoints
// stay) and joins. RunEvents are called on its threads.
#include "run_status.h"
#include "workspace/job_context.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dllab::training {

class TrainObserver;

// How a run's work ended.
struct RunEnd {
    RunStatus status = RunStatus::Failed;
    std::string error;
    bool takenElsewhere = false; // another process claimed the run first; its row is the truth
};

// What a run's work gets on its worker thread.
struct RunTask {
    std::filesystem::path workspaceDir;
    int64_t runId = 0;
    int threads = 0; // this run's share of the cores; 0: all of them (applyThreads decides)
    const JobContext &job;
    const std::atomic<bool> &pause;
};

// Runs on a worker thread; the default is trainRun with the task's stop token and pause flag.
using RunWork = std::function<RunEnd(const RunTask &task)>;
// Called once per submitted run when it ends, or when it leaves the queue before it started.
using RunDone = std::function<void(int64_t runId, const RunEnd &end)>;

class RunEvents {
public:
    virtual ~RunEvents() = default;
    virtual void onStarted(int64_t runId, const std::string &lane) {}
    virtual void onProgress(int64_t runId, double fraction, const std::string &message) {}
    virtual void onEnded(int64_t runId, const RunEnd &end) {}
};

class RunScheduler {
public:
    // The workspace's setting that holds the default lane's slot count.
    static constexpr const char *kSlotsSetting = "run_slots";

    explicit RunScheduler(std::filesystem::path workspaceDir, RunEvents *events = nullptr);
    ~RunScheduler();
    RunScheduler(const RunScheduler &) = delete;
    RunScheduler &operator=(const RunScheduler &) = delete;

    // Also train the workspace's queued runs (not sweep trials), polled every quarter second.
    void adoptQueued(bool adopt);
    // Runs of `lane` that may train at once (at least 1). The default lane is "": adopting, its
    // slots are the workspace's "run_slots" setting, which this stores (another process's change
    // to the setting applies here in turn).
    void setSlots(const std::string &lane, int slots);
    int slots(const std::string &lane = {}) const;

    // Queues run `runId` (created by the caller, usually queued) to train here.
    void submit(int64_t runId, const std::string &lane = {}, RunWork work = {}, RunDone done = {});
    // A run queued or training here: pause keeps it resumable, cancel ends it. A queued one leaves
    // the queue and its row says so (a workspace write: not from a GUI thread). False when the
    // run is not here (ask its row instead: RunStore::requestControl).
    bool pause(int64_t runId);
    bool cancel(int64_t runId);
    // Pauses every run of the scheduler and waits for those training; queued ones leave the
    // queue but stay queued in the workspace (they end here with status Queued).
    void pauseAll();

    std::vector<int64_t> queued() const; // oldest first
    std::vector<int64_t> training() const;
    // Blocks until nothing is queued or training here (and, adopting, nothing queued is left in
    // the workspace), or until `stop`.
    void waitIdle(std::stop_token stop = {});

private:
    struct Entry {
        int64_t runId = 0;
        std::string lane;
        RunWork work;
        RunDone done;
    };
    struct Worker {
        Entry entry;
        std::atomic<bool> pause = false;
        std::atomic<bool> ended = false;
        std::jthread thread;
    };

    void coordinate(std::stop_token stop);
    void adoptFromWorkspace();
    void startAdmissible();
    int shareOfCores() const;
    void runWorker(Worker &worker, int threads, std::stop_token stop);
    bool dropQueued(int64_t runId, RunControl control);
    void reap();

    const std::filesystem::path m_workspaceDir;
    RunEvents *m_events;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::map<std::string, int> m_slots;
    std::deque<Entry> m_queue;
    // Bumped whenever another thread adds to or takes from m_queue: an adoption read of the
    // workspace that overlapped such a change is stale (it may list a run just paused here as
    // queued, or miss one just submitted) and is not applied.
    uint64_t m_queueChanges = 0;
    // setSlots of the default lane, while adopting, is the workspace's "run_slots" setting too:
    // the coordinator stores it before its next read, and a read that overlapped a setSlots
    // (m_slotsSets moved) is not applied, so a stale value never undoes the user's choice.
    std::optional<int> m_slotsToStore;
    uint64_t m_slotsSets = 0;
    std::map<int64_t, std::unique_ptr<Worker>> m_workers;
    bool m_adopt = false;
    bool m_pausingAll = false;
    std::jthread m_coordinator; // last: stopped and joined before the members it uses go
};

} // namespace dllab::training
