#include "training/sweep/sweep_runner.h"

#include "datasets/dataset_store.h"
#include "training/hpo/factory.h"
#include "training/run_scheduler.h"
#include "training/run_spec.h"
#include "training/sweep/sweep_control.h"
#include "training/sweep/trial_history.h"
#include "training/trainer.h"
#include "workspace/error.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

using nlohmann::json;

namespace dllab::sweep {

namespace {

using Clock = std::chrono::steady_clock;

int budgetField(const json &spec, const char *key, int fallback)
{
    const json value = spec.value(key, json());
    return value.is_number_integer() && value.get<int64_t>() >= 1 ? int(value.get<int64_t>())
                                                                  : fallback;
}

// Trials are runs in the sweep's own lane of a run scheduler (parallelTrialCount slots); each
// trial's work is runTrial on the scheduler's worker thread, and its result comes back here.
class Runner {
public:
    Runner(workspace::Workspace &ws, int64_t id, const JobContext &ctx, SweepEvents *events,
           training::RunScheduler &scheduler)
        : m_ws(ws), m_store(ws), m_runs(ws), m_id(id), m_ctx(ctx), m_events(events),
          m_scheduler(scheduler), m_lane("sweep:" + std::to_string(id))
    {}
    // The sweep must have been claimed by this process.
    SweepStatus run();
    // After run() threw: stops the trials and waits for them.
    void abort()
    {
        stopAll(Ending::Interrupt);
        while (!m_inFlight.empty())
            collect(true);
    }

private:
    enum class Ending { None, Stop, Fail, Interrupt };

    void recover();
    void poll();
    bool startNext();
    std::optional<int64_t> createRun(int number, const hpo::Params &params);
    void launch(TrialTask task);
    void collect(bool wait = false);
    void stopAll(Ending ending);
    void updateBest();
    bool tooManyFailures() const
    {
        return m_spec.maxFailedTrialCount && m_failed > *m_spec.maxFailedTrialCount;
    }
    void note(const std::string &message)
    {
        if (m_events)
            m_events->onNote(message);
    }
    void status(SweepStatus status)
    {
        if (m_events)
            m_events->onStatus(status);
    }

    workspace::Workspace &m_ws;
    SweepStore m_store;
    training::RunStore m_runs;
    int64_t m_id;
    const JobContext &m_ctx;
    SweepEvents *m_events;
    training::RunScheduler &m_scheduler;
    const std::string m_lane;
    SweepSpec m_spec;
    std::unique_ptr<hpo::Pruner> m_pruner;
    int m_parallel = 1;
    int m_maxTrials = 1;
    int m_created = 0;
    int m_failed = 0;
    bool m_exhausted = false;
    bool m_paused = false;
    Ending m_ending = Ending::None;
    std::deque<TrialTask> m_pending; // cut off by a crash: to run again under the same trial
    TrialSignals m_signals;
    std::mutex m_mutex;
    std::condition_variable m_resultReady;
    std::deque<TrialResult> m_results; // guarded by m_mutex
    std::map<int, int64_t> m_inFlight; // trial number -> run, submitted and not collected
};

SweepStatus Runner::run()
{
    const SweepRecord record = m_store.get(m_id);
    m_spec = SweepSpec::fromJson(record.spec);
    m_pruner = hpo::makePruner(m_spec.earlyStopping, m_spec.goal);
    m_parallel = m_spec.parallelTrialCount;
    m_maxTrials = m_spec.maxTrialCount;
    m_scheduler.setSlots(m_lane, m_parallel);
    recover();
    status(SweepStatus::Running);
    auto nextPoll = Clock::now();
    while (true) {
        if (Clock::now() >= nextPoll) {
            poll();
            nextPoll = Clock::now() + std::chrono::seconds(1);
        }
        if (m_ctx.stop.stop_requested() && m_ending == Ending::None)
            stopAll(Ending::Interrupt);
        collect();
        if (m_ending == Ending::None && tooManyFailures())
            stopAll(Ending::Fail);
        if (m_ending != Ending::None) {
            if (m_inFlight.empty())
                break;
        } else if (!m_paused) {
            while (int(m_inFlight.size()) < m_parallel && !tooManyFailures() && startNext()) {}
            if (m_inFlight.empty() && m_pending.empty() && !tooManyFailures()
                && (m_created >= m_maxTrials || m_exhausted))
                break;
        }
        std::unique_lock lock(m_mutex);
        m_resultReady.wait_for(lock, std::chrono::milliseconds(100),
                               [this] { return !m_results.empty(); });
    }
    // An interrupted sweep keeps its unfinished trials, for `sweep run` to resume.
    if (m_ending != Ending::Interrupt)
        closeLeftovers(m_ws, m_id);
    updateBest();
    const SweepStatus ending = m_ending == Ending::Interrupt ? SweepStatus::Interrupted
                               : m_ending == Ending::Stop    ? SweepStatus::Stopped
                               : m_ending == Ending::Fail    ? SweepStatus::Failed
                                                             : SweepStatus::Finished;
    m_store.release(m_id, ending);
    status(ending);
    return ending;
}

void Runner::recover()
{
    m_runs.recoverInterrupted();
    const auto trials = m_store.trials(m_id);
    m_created = int(trials.size());
    // Runs this sweep created but never tied to a trial (cut off in between) are never trained.
    for (const auto &run : m_runs.list()) {
        if (run.sweepId != m_id || run.status != training::RunStatus::Queued)
            continue;
        const bool used = std::any_of(trials.begin(), trials.end(),
                                      [&](const TrialRecord &t) { return t.runId == run.id; });
        if (!used)
            m_runs.requestControl(run.id, training::RunControl::Cancel);
    }
    for (const auto &trial : trials) {
        if (trial.state == TrialState::Failed)
            ++m_failed;
        if (trial.isDone() || trial.state == TrialState::Stopped)
            continue;
        std::optional<int64_t> runId = trial.runId;
        if (!runId) {
            runId = createRun(trial.number, trial.params);
            if (!runId)
                continue;
        }
        // The run may have ended before its trial's row was written.
        const auto run = m_runs.get(*runId);
        if (run.status == training::RunStatus::Finished) {
            const auto objective = finalObjective(m_runs, run, m_spec.metric);
            m_store.setTrialState(m_id, trial.number,
                                  objective ? TrialState::Complete : TrialState::Failed, objective,
                                  objective ? "" : "the run reported no \"" + m_spec.metric + "\"");
            m_failed += objective ? 0 : 1;
            continue;
        }
        if (run.status == training::RunStatus::Failed) {
            m_store.setTrialState(m_id, trial.number, TrialState::Failed, {}, run.error);
            ++m_failed;
            continue;
        }
        if (run.pruned()) {
            const auto values = intermediateValues(m_runs, run.id, m_spec.metric);
            m_store.setTrialState(m_id, trial.number, TrialState::Pruned,
                                  values.empty() ? std::nullopt
                                                 : std::optional(values.rbegin()->second));
            continue;
        }
        m_pending.push_back({m_ws.dir(), m_id, trial.number, *runId, trial.params, true});
    }
    if (!trials.empty())
        note("resuming: " + std::to_string(trials.size()) + " trials recorded, "
             + std::to_string(m_pending.size()) + " to run again");
    updateBest();
}

void Runner::poll()
{
    const SweepRecord record = m_store.get(m_id);
    const int parallel = budgetField(record.spec, "parallelTrialCount", m_parallel);
    const int maxTrials = budgetField(record.spec, "maxTrialCount", m_maxTrials);
    if (parallel != m_parallel || maxTrials != m_maxTrials)
        note("budget: parallelTrialCount " + std::to_string(parallel) + ", maxTrialCount "
             + std::to_string(maxTrials));
    m_parallel = parallel;
    m_maxTrials = maxTrials;
    m_scheduler.setSlots(m_lane, m_parallel);
    if (record.control == SweepControl::Stop && m_ending == Ending::None) {
        stopAll(Ending::Stop);
    } else if (record.control == SweepControl::Pause && !m_paused && m_ending == Ending::None) {
        m_paused = true;
        m_signals.paused = true;
        m_store.setStatus(m_id, SweepStatus::Paused);
        status(SweepStatus::Paused);
    } else if (record.control == SweepControl::None && m_paused) {
        m_paused = false;
        m_signals.paused = false;
        m_store.setStatus(m_id, SweepStatus::Running);
        status(SweepStatus::Running);
    }
}

bool Runner::startNext()
{
    if (!m_pending.empty()) {
        TrialTask task = m_pending.front();
        m_pending.pop_front();
        launch(std::move(task));
        return true;
    }
    if (m_created >= m_maxTrials || m_exhausted)
        return false;
    const int number = m_created;
    json algorithm = m_spec.algorithm;
    if (algorithm.contains("seed") && algorithm["seed"].is_number_integer())
        algorithm["seed"] = trialSeed(algorithm["seed"].get<uint64_t>(), number);
    auto sampler = hpo::makeSampler(algorithm, m_spec.space, m_spec.goal);
    const auto params = sampler->suggest(loadHistory(m_ws, m_id, m_spec.metric));
    if (!params) {
        m_exhausted = true;
        note("the search space is exhausted after " + std::to_string(number) + " trials");
        return false;
    }
    m_store.addTrial(m_id, number, *params);
    ++m_created;
    const auto runId = createRun(number, *params);
    if (!runId)
        return true; // recorded as failed; the loop checks the failure budget
    launch({m_ws.dir(), m_id, number, *runId, *params, false});
    return true;
}

std::optional<int64_t> Runner::createRun(int number, const hpo::Params &params)
{
    try {
        int64_t runId = 0;
        // Named after its sweep and trial, so that the Runs view and `runs list` say where a
        // trial run came from.
        const std::string name = m_spec.name + "-t" + std::to_string(number);
        if (m_spec.isCommand()) {
            const json spec{{"command", substituteCommand(m_spec.command, params)},
                            {"params", params}};
            runId = training::RunStore(m_ws).create(spec, std::nullopt, "trial", m_id, name);
        } else {
            runId = training::createRun(m_ws, applyParams(m_spec.runTemplate, params), "trial",
                                        m_id, name);
        }
        m_store.setTrialRun(m_id, number, runId);
        return runId;
    } catch (const Error &e) {
        m_store.setTrialState(m_id, number, TrialState::Failed, {}, e.what());
        ++m_failed;
        TrialResult result{number, 0, TrialState::Failed, std::nullopt, e.what()};
        if (m_events)
            m_events->onTrialEnded(result, nullptr);
        return std::nullopt;
    }
}

// A trial's state as a status for its run's end (what the scheduler reports to its events).
training::RunStatus runStatusOf(TrialState state)
{
    switch (state) {
    case TrialState::Complete:
        return training::RunStatus::Finished;
    case TrialState::Failed:
        return training::RunStatus::Failed;
    default:
        return training::RunStatus::Cancelled;
    }
}

void Runner::launch(TrialTask task)
{
    if (m_events)
        m_events->onTrialStarted(task.number, task.runId, task.params, task.resumed);
    const int number = task.number;
    const int64_t runId = task.runId;
    m_inFlight[number] = runId;
    auto result = std::make_shared<std::optional<TrialResult>>();
    auto work = [this, task = std::move(task), result](const training::RunTask &run) {
        TrialTask trial = task;
        trial.threads = run.threads;
        *result = runTrial(trial, m_spec, m_pruner.get(), m_signals, run.job.stop);
        return training::RunEnd{runStatusOf((*result)->state), (*result)->error};
    };
    // Also when the trial left the scheduler's queue before it started (the sweep stopped).
    auto done = [this, number, runId, result](int64_t, const training::RunEnd &) {
        {
            std::lock_guard lock(m_mutex);
            m_results.push_back(result->value_or(
                TrialResult{number, runId, TrialState::Stopped, std::nullopt, {}}));
        }
        m_resultReady.notify_one();
    };
    m_scheduler.submit(runId, m_lane, std::move(work), std::move(done));
}

void Runner::collect(bool wait)
{
    std::deque<TrialResult> results;
    {
        std::unique_lock lock(m_mutex);
        if (wait)
            m_resultReady.wait_for(lock, std::chrono::milliseconds(100),
                                   [this] { return !m_results.empty(); });
        results.swap(m_results);
    }
    for (const auto &result : results) {
        m_inFlight.erase(result.number);
        if (result.state == TrialState::Failed)
            ++m_failed;
        if (result.state == TrialState::Stopped && m_ending != Ending::Interrupt)
            m_store.setTrialState(m_id, result.number, TrialState::Stopped);
        updateBest();
        if (m_events) {
            const auto trials = m_store.trials(m_id);
            m_events->onTrialEnded(result, bestTrial(trials, m_spec.goal));
        }
    }
}

void Runner::stopAll(Ending ending)
{
    m_ending = ending;
    for (const auto &[number, runId] : m_inFlight)
        m_scheduler.cancel(runId); // its trial sees the stop token and ends as stopped
}

void Runner::updateBest()
{
    const auto trials = m_store.trials(m_id);
    const TrialRecord *best = bestTrial(trials, m_spec.goal);
    m_store.setBest(m_id, best ? best->runId : std::nullopt);
}

} // namespace

uint64_t trialSeed(uint64_t sweepSeed, int number)
{
    // splitmix64 of the pair; kept below 2^63 because specs store seeds as signed JSON integers.
    uint64_t z = sweepSeed * 0x9E3779B97F4A7C15ull + uint64_t(number) + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) >> 1;
}

namespace {

// A run template's dataset, unless a parameter chooses it, must exist before the sweep does:
// otherwise every trial would fail on it.
void checkTemplateDataset(workspace::Workspace &ws, const SweepSpec &spec)
{
    if (spec.isCommand() || !spec.runTemplate.value("dataset", json()).is_string())
        return;
    for (const auto &param : spec.space.params())
        if (param.name == "dataset")
            return;
    datasets::DatasetStore(ws).show(spec.runTemplate["dataset"].get<std::string>());
}

} // namespace

OpenedSweep openSweep(workspace::Workspace &ws, const json &spec, bool fresh)
{
    const SweepSpec parsed = SweepSpec::fromJson(spec);
    SweepStore store(ws);
    store.recoverInterrupted();
    const auto existing = store.findByName(parsed.name);
    if (!existing || fresh) {
        checkTemplateDataset(ws, parsed);
        return {store.create(spec, parsed.name), OpenedSweep::How::Created, {}};
    }
    if (isFinal(existing->status))
        return {existing->id, OpenedSweep::How::Done, {}};
    if (existing->ownerAlive)
        throw Error("sweep " + parsed.name + " (" + std::to_string(existing->id)
                    + ") is being run by process " + std::to_string(existing->ownerPid));
    OpenedSweep opened{existing->id, OpenedSweep::How::Resumed, {}};
    // The stored spec is the sweep's truth; only its budget may change (`sweep set`).
    json given = spec, stored = existing->spec;
    for (const char *key : {"maxTrialCount", "parallelTrialCount"}) {
        given.erase(key);
        stored.erase(key);
    }
    if (given != stored)
        opened.note = "the spec differs from the one sweep " + parsed.name
                      + " started with; resuming with the stored one (use --new for a new sweep)";
    return opened;
}

SweepStatus runSweep(workspace::Workspace &ws, int64_t sweepId, const JobContext &ctx,
                     SweepEvents *events, training::RunScheduler *scheduler)
{
    SweepStore(ws).claim(sweepId);
    std::optional<training::RunScheduler> own;
    if (!scheduler)
        scheduler = &own.emplace(ws.dir());
    Runner runner(ws, sweepId, ctx, events, *scheduler);
    try {
        return runner.run();
    } catch (...) {
        // The trials stop with the runner and `sweep run` resumes them; the error goes on.
        runner.abort();
        SweepStore(ws).release(sweepId, SweepStatus::Interrupted);
        throw;
    }
}

} // namespace dllab::sweep
