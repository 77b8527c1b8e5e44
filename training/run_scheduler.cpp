#include "run_scheduler.h"

#include "run_store.h"
#include "trainer.h"
#include "workspace/error.h"
#include "workspace/workspace.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>

namespace dllab::training {

namespace {

using namespace std::chrono_literals;

// How often the workspace's queue is read when adopting: new runs start within this.
constexpr auto kAdoptInterval = 250ms;
// Training yields the CPU to an interactive process (the GUI thread) on a machine with few
// cores; torch's intra-op threads, started from the worker, inherit it. A run alone on the
// machine trains as fast as before.
constexpr int kTrainingNice = 10;

// $DLLAB_TRAINING_NICE (0 to 19) when set. The tests set 0: ctest runs two test processes at
// once, and a niced run beside a busy one gets about a tenth of a core, so timing tests crawled.
int trainingNice()
{
    static const int nice = [] {
        const char *env = std::getenv("DLLAB_TRAINING_NICE");
        char *end = nullptr;
        const long value = env ? std::strtol(env, &end, 10) : -1;
        return env && *env && *end == '\0' && value >= 0 && value <= 19 ? int(value)
                                                                        : kTrainingNice;
    }();
    return nice;
}

RunEnd trainHere(const RunTask &task)
{
    workspace::Workspace ws(task.workspaceDir); // this thread's connection
    TrainOptions options;
    options.pause = &task.pause;
    options.threads = task.threads;
    options.onlyQueued = true; // another process may have claimed it meanwhile
    const TrainOutcome outcome = trainRun(ws, task.runId, task.job, options);
    return {outcome.status, outcome.error};
}

} // namespace

RunScheduler::RunScheduler(std::filesystem::path workspaceDir, RunEvents *events)
    : m_workspaceDir(std::move(workspaceDir)), m_events(events)
{
    m_slots[""] = 1;
    m_coordinator = std::jthread([this](std::stop_token stop) { coordinate(stop); });
}

RunScheduler::~RunScheduler()
{
    pauseAll();
    m_coordinator.request_stop();
    m_wake.notify_all();
}

void RunScheduler::adoptQueued(bool adopt)
{
    std::lock_guard lock(m_mutex);
    m_adopt = adopt;
    m_wake.notify_all();
}

void RunScheduler::setSlots(const std::string &lane, int slots)
{
    std::lock_guard lock(m_mutex);
    m_slots[lane] = std::max(1, slots);
    if (lane.empty()) {
        m_slotsToStore = m_slots[lane];
        ++m_slotsSets;
    }
    m_wake.notify_all();
}

int RunScheduler::slots(const std::string &lane) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_slots.find(lane);
    return it == m_slots.end() ? 1 : it->second;
}

void RunScheduler::submit(int64_t runId, const std::string &lane, RunWork work, RunDone done)
{
    std::lock_guard lock(m_mutex);
    m_pausingAll = false;
    const auto queued = std::find_if(m_queue.begin(), m_queue.end(),
                                     [&](const Entry &e) { return e.runId == runId; });
    if (queued != m_queue.end()) {
        // Adopted from the workspace before its creator submitted it: the creator's work wins.
        queued->lane = lane;
        queued->work = std::move(work);
        queued->done = std::move(done);
    } else if (!m_workers.count(runId)) {
        m_queue.push_back({runId, lane, std::move(work), std::move(done)});
    }
    ++m_queueChanges;
    m_wake.notify_all();
}

bool RunScheduler::pause(int64_t runId)
{
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_workers.find(runId); it != m_workers.end() && !it->second->ended) {
            it->second->pause = true;
            return true;
        }
    }
    return dropQueued(runId, RunControl::Pause);
}

bool RunScheduler::cancel(int64_t runId)
{
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_workers.find(runId); it != m_workers.end() && !it->second->ended) {
            it->second->thread.request_stop();
            return true;
        }
    }
    return dropQueued(runId, RunControl::Cancel);
}

// A queued run leaves the queue and its row says it was paused or cancelled.
bool RunScheduler::dropQueued(int64_t runId, RunControl control)
{
    std::optional<Entry> entry;
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_queue.begin(), m_queue.end(),
                                     [&](const Entry &e) { return e.runId == runId; });
        if (it == m_queue.end())
            return false;
        entry = std::move(*it);
        m_queue.erase(it);
        ++m_queueChanges;
    }
    RunEnd end{endFor(control), {}};
    try {
        workspace::Workspace ws(m_workspaceDir);
        end.status = RunStore(ws).requestControl(runId, control);
    } catch (const Error &e) {
        end.error = e.what(); // its row takes no such request (it ended meanwhile)
    }
    if (entry->done)
        entry->done(runId, end);
    if (m_events)
        m_events->onEnded(runId, end);
    return true;
}

void RunScheduler::pauseAll()
{
    std::vector<Worker *> workers;
    std::deque<Entry> left;
    {
        std::lock_guard lock(m_mutex);
        // Queued runs stay queued in the workspace, for the next scheduler to train.
        left.swap(m_queue);
        ++m_queueChanges;
        m_pausingAll = true;
        for (auto &[id, worker] : m_workers) {
            worker->pause = true;
            workers.push_back(worker.get());
        }
    }
    for (const Entry &entry : left) {
        const RunEnd end{RunStatus::Queued, {}};
        if (entry.done)
            entry.done(entry.runId, end);
        if (m_events)
            m_events->onEnded(entry.runId, end);
    }
    for (Worker *worker : workers)
        while (!worker->ended)
            std::this_thread::sleep_for(5ms);
    std::lock_guard lock(m_mutex);
    reap();
}

std::vector<int64_t> RunScheduler::queued() const
{
    std::lock_guard lock(m_mutex);
    std::vector<int64_t> ids;
    for (const Entry &e : m_queue)
        ids.push_back(e.runId);
    return ids;
}

std::vector<int64_t> RunScheduler::training() const
{
    std::lock_guard lock(m_mutex);
    std::vector<int64_t> ids;
    for (const auto &[id, worker] : m_workers)
        if (!worker->ended)
            ids.push_back(id);
    return ids;
}

void RunScheduler::waitIdle(std::stop_token stop)
{
    std::unique_lock lock(m_mutex);
    // Adopting, the coordinator needs one read of the workspace before "nothing queued" holds.
    auto firstRead = std::chrono::steady_clock::now() + 2 * kAdoptInterval;
    while (!stop.stop_requested()) {
        const bool idle = m_queue.empty()
                          && std::all_of(m_workers.begin(), m_workers.end(),
                                         [](const auto &w) { return w.second->ended.load(); });
        if (idle && (!m_adopt || std::chrono::steady_clock::now() > firstRead))
            return;
        m_wake.wait_for(lock, 50ms);
    }
}

void RunScheduler::coordinate(std::stop_token stop)
{
    auto nextAdopt = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    while (!stop.stop_requested()) {
        reap();
        if (m_adopt && m_slotsToStore) {
            const int slots = *m_slotsToStore;
            lock.unlock();
            bool stored = false;
            try {
                workspace::Workspace ws(m_workspaceDir);
                ws.setSetting(kSlotsSetting, std::to_string(slots));
                stored = true;
            } catch (const std::exception &) {
                // busy or gone: stored on the next turn
            }
            lock.lock();
            if (stored && m_slotsToStore == slots)
                m_slotsToStore.reset();
        }
        if (m_adopt && std::chrono::steady_clock::now() >= nextAdopt) {
            lock.unlock();
            adoptFromWorkspace();
            lock.lock();
            nextAdopt = std::chrono::steady_clock::now() + kAdoptInterval;
        }
        startAdmissible();
        m_wake.wait_for(lock, 50ms); // submit, slots and ends notify; the timeout paces adoption
    }
}

// Reads the workspace's queue (the coordinator's thread, its own connection): new queued runs
// join the default lane in id order; queued entries another process paused or cancelled leave.
void RunScheduler::adoptFromWorkspace()
{
    std::vector<int64_t> waiting;
    std::optional<int> slots;
    uint64_t changesBefore = 0, slotsSetsBefore = 0;
    {
        std::lock_guard lock(m_mutex);
        changesBefore = m_queueChanges;
        slotsSetsBefore = m_slotsSets;
    }
    try {
        workspace::Workspace ws(m_workspaceDir);
        auto st = ws.db().prepare("SELECT id FROM runs WHERE status = 'queued' "
                                  "AND sweep_id IS NULL ORDER BY id");
        while (st.step())
            waiting.push_back(st.columnInt(0));
        if (const auto text = ws.setting(kSlotsSetting))
            slots = std::max(1, std::atoi(text->c_str()));
    } catch (const std::exception &) {
        return; // the workspace is busy or gone; read again next time
    }
    std::vector<Entry> gone;
    {
        std::lock_guard lock(m_mutex);
        if (slots && m_slotsSets == slotsSetsBefore && !m_slotsToStore)
            m_slots[""] = *slots; // as stored, by this scheduler or another process
        if (m_pausingAll || m_queueChanges != changesBefore)
            return; // stale: read again next time
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            const bool left =
                it->lane.empty() && !std::binary_search(waiting.begin(), waiting.end(), it->runId);
            if (left)
                gone.push_back(std::move(*it));
            it = left ? m_queue.erase(it) : std::next(it);
        }
        for (int64_t id : waiting) {
            const bool known = m_workers.count(id)
                               || std::any_of(m_queue.begin(), m_queue.end(),
                                              [&](const Entry &e) { return e.runId == id; });
            if (!known)
                m_queue.push_back({id, {}, {}, {}});
        }
    }
    for (const Entry &entry : gone) {
        // Paused or cancelled from elsewhere: the row already says so; only the entry goes.
        RunEnd end{RunStatus::Cancelled, {}};
        try {
            workspace::Workspace ws(m_workspaceDir);
            end.status = RunStore(ws).status(entry.runId);
        } catch (const std::exception &) {}
        if (entry.done)
            entry.done(entry.runId, end);
        if (m_events)
            m_events->onEnded(entry.runId, end);
    }
}

int RunScheduler::shareOfCores() const
{
    // Each lane wants as many cores' shares as runs it may train and has.
    std::map<std::string, int> demand;
    for (const auto &[id, worker] : m_workers)
        if (!worker->ended)
            ++demand[worker->entry.lane];
    for (const Entry &e : m_queue)
        ++demand[e.lane];
    int shares = 0;
    for (const auto &[lane, n] : demand) {
        const auto it = m_slots.find(lane);
        shares += std::min(n, it == m_slots.end() ? 1 : it->second);
    }
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    return shares <= 1 ? 0 : std::max(1, cores / shares);
}

void RunScheduler::startAdmissible()
{
    std::map<std::string, int> busy;
    for (const auto &[id, worker] : m_workers)
        if (!worker->ended)
            ++busy[worker->entry.lane];
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        const auto slots = m_slots.find(it->lane);
        if (busy[it->lane] >= (slots == m_slots.end() ? 1 : slots->second)) {
            ++it; // first in first out within a lane; other lanes go on
            continue;
        }
        ++busy[it->lane];
        const int threads = shareOfCores();
        auto worker = std::make_unique<Worker>();
        worker->entry = std::move(*it);
        it = m_queue.erase(it);
        Worker &w = *worker;
        m_workers[w.entry.runId] = std::move(worker);
        w.thread = std::jthread(
            [this, &w, threads](std::stop_token stop) { runWorker(w, threads, stop); });
    }
}

void RunScheduler::runWorker(Worker &worker, int threads, std::stop_token stop)
{
    setpriority(PRIO_PROCESS, id_t(gettid()), trainingNice()); // best effort
    const int64_t runId = worker.entry.runId;
    JobContext job{stop, [this, runId](double fraction, const std::string &message) {
                       if (m_events)
                           m_events->onProgress(runId, fraction, message);
                   }};
    const RunTask task{m_workspaceDir, runId, threads, job, worker.pause};
    if (m_events)
        m_events->onStarted(runId, worker.entry.lane);
    RunEnd end;
    try {
        end = worker.entry.work ? worker.entry.work(task) : trainHere(task);
    } catch (const RunTaken &e) {
        // Another process claimed it first (or it left the queue): not this scheduler's run.
        end = {RunStatus::Running, e.what()};
        end.takenElsewhere = true;
    } catch (const std::exception &e) {
        end = {RunStatus::Failed, e.what()};
    }
    if (worker.entry.done)
        worker.entry.done(runId, end);
    if (m_events)
        m_events->onEnded(runId, end);
    worker.ended = true;
    m_wake.notify_all();
}

// Joins the workers that have ended (their threads have only their return left).
void RunScheduler::reap()
{
    for (auto it = m_workers.begin(); it != m_workers.end();)
        it = it->second->ended ? m_workers.erase(it) : std::next(it);
}

} // namespace dllab::training
