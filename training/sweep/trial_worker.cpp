#include "training/sweep/trial_worker.h"

#include "training/sweep/command_process.h"
#include "training/sweep/prune_check.h"
#include "training/sweep/sweep_store.h"
#include "training/sweep/trial_history.h"
#include "training/trainer.h"

#include <chrono>
#include <thread>

using nlohmann::json;

namespace dllab::sweep {

namespace {

TrialResult resultOf(const TrialTask &task, TrialState state, std::optional<double> objective = {},
                     std::string error = {})
{
    return {task.number, task.runId, state, objective, std::move(error)};
}

// Stops the run at the next batch once the pruner says so after an epoch.
class PruningObserver : public training::TrainObserver {
public:
    PruningObserver(PruneCheck &check, const std::string &metric, std::stop_source &stop)
        : m_check(check), m_metric(metric), m_stop(stop)
    {}
    void onMetrics(int64_t, const std::vector<training::MetricPoint> &points) override
    {
        for (const auto &p : points)
            if (p.key == m_metric && p.epoch)
                m_epochValue[*p.epoch] = p.value;
    }
    void onEpoch(int64_t, int64_t epoch, int64_t epochs) override
    {
        const auto it = m_epochValue.find(epoch);
        if (it == m_epochValue.end() || epoch >= epochs)
            return; // nothing to judge, or nothing left to save by stopping
        if (m_check.report(epoch, it->second)) {
            m_prunedAt = epoch;
            m_stop.request_stop();
        }
    }
    std::optional<int64_t> prunedAt() const { return m_prunedAt; }

private:
    PruneCheck &m_check;
    const std::string &m_metric;
    std::stop_source &m_stop;
    std::map<int64_t, double> m_epochValue;
    std::optional<int64_t> m_prunedAt;
};

TrialResult runRunTrial(const TrialTask &task, const SweepSpec &spec, const hpo::Pruner *pruner,
                        const TrialSignals &signals, std::stop_token stop)
{
    workspace::Workspace ws(task.workspaceDir);
    training::RunStore runs(ws);
    SweepStore sweeps(ws);
    sweeps.setTrialState(task.sweepId, task.number, TrialState::Running);
    PruneCheck check(ws, task.sweepId, task.number, task.params, spec.metric, pruner,
                     intermediateValues(runs, task.runId, spec.metric));
    std::stop_source trialStop;
    std::stop_callback link(stop, [&] { trialStop.request_stop(); });
    PruningObserver observer(check, spec.metric, trialStop);
    const JobContext ctx{trialStop.get_token(), {}};
    training::TrainOptions options;
    options.observer = &observer;
    options.pause = &signals.paused;
    options.threads = task.threads;
    while (true) {
        const auto outcome = training::trainRun(ws, task.runId, ctx, options);
        if (outcome.status == training::RunStatus::Paused) {
            while (signals.paused && !stop.stop_requested())
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (stop.stop_requested())
                return resultOf(task, TrialState::Stopped);
            continue; // from its checkpoint
        }
        if (outcome.status == training::RunStatus::Failed)
            return resultOf(task, TrialState::Failed, {}, outcome.error);
        if (outcome.status == training::RunStatus::Cancelled) {
            if (!observer.prunedAt())
                return resultOf(task, TrialState::Stopped);
            json summary = outcome.summary;
            summary["pruned"] = true;
            summary["pruned_at_epoch"] = *observer.prunedAt();
            runs.setSummary(task.runId, summary);
            return resultOf(task, TrialState::Pruned, check.lastValue());
        }
        const auto objective = finalObjective(runs, runs.get(task.runId), spec.metric);
        if (!objective)
            return resultOf(task, TrialState::Failed, {},
                            "the run reported no \"" + spec.metric + "\"");
        return resultOf(task, TrialState::Complete, objective);
    }
}

// The last non-empty lines of a failed command's stderr, for its error message.
std::string stderrSummary(const std::string &tail)
{
    std::string text = tail;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    if (text.size() > 300)
        text = "..." + text.substr(text.size() - 300);
    return text.empty() ? std::string() : ": " + text;
}

TrialResult runCommandTrial(const TrialTask &task, const SweepSpec &spec, const hpo::Pruner *pruner,
                            const TrialSignals &signals, std::stop_token stop)
{
    workspace::Workspace ws(task.workspaceDir);
    training::RunStore runs(ws);
    SweepStore sweeps(ws);
    const auto argv = substituteCommand(spec.command, task.params);
    runs.deleteMetricsAfterEpoch(task.runId, 0); // a command cut off earlier starts over
    runs.start(task.runId, {{"command", argv}});
    sweeps.setTrialState(task.sweepId, task.number, TrialState::Running);
    PruneCheck check(ws, task.sweepId, task.number, task.params, spec.metric, pruner);

    std::map<std::string, int64_t> counts;
    json last = json::object();
    std::vector<training::MetricPoint> pending;
    auto flushed = std::chrono::steady_clock::now();
    const auto flush = [&](bool force) {
        const auto now = std::chrono::steady_clock::now();
        if (!pending.empty()
            && (force || pending.size() >= 200 || now - flushed > std::chrono::milliseconds(250))) {
            runs.appendMetrics(task.runId, pending);
            pending.clear();
            flushed = now;
        }
    };
    bool pruned = false;
    const auto onLine = [&](std::string_view line) {
        for (const auto &[name, value] : parseMetricLine(line)) {
            const int64_t step = ++counts[name];
            last[name] = value;
            pending.push_back({name, step, step, value, training::nowMs()});
            if (name == spec.metric && !pruned && check.report(step, value))
                pruned = true;
        }
    };
    const auto control = [&] {
        flush(false);
        if (pruned || stop.stop_requested())
            return CommandAction::Stop;
        return signals.paused ? CommandAction::Pause : CommandAction::Run;
    };
    const CommandOutcome outcome = runCommand(argv, onLine, control);
    flush(true);

    json summary{{"metrics", last}, {"command", argv}};
    if (outcome.signal == 0)
        summary["exit_code"] = outcome.exitCode;
    const auto end = [&](training::RunStatus runStatus, const std::string &error = {}) {
        runs.end(task.runId, runStatus, summary, error);
    };
    if (!outcome.error.empty()) {
        end(training::RunStatus::Failed, outcome.error);
        return resultOf(task, TrialState::Failed, {}, outcome.error);
    }
    if (outcome.stopped) {
        summary["pruned"] = pruned;
        if (pruned)
            summary["pruned_at_step"] = *check.lastStep();
        end(training::RunStatus::Cancelled);
        return pruned ? resultOf(task, TrialState::Pruned, check.lastValue())
                      : resultOf(task, TrialState::Stopped);
    }
    std::string error;
    if (outcome.signal != 0)
        error = "killed by signal " + std::to_string(outcome.signal);
    else if (outcome.exitCode != 0)
        error = "exit status " + std::to_string(outcome.exitCode);
    else if (!last.contains(spec.metric))
        error = "printed no \"" + spec.metric + "=VALUE\" line";
    if (!error.empty()) {
        error = "command " + argv[0] + " " + error + stderrSummary(outcome.stderrTail);
        end(training::RunStatus::Failed, error);
        return resultOf(task, TrialState::Failed, {}, error);
    }
    end(training::RunStatus::Finished);
    return resultOf(task, TrialState::Complete, last[spec.metric].get<double>());
}

// A trial that could not start leaves its run queued or running otherwise.
void endRunAsFailed(const TrialTask &task, const std::string &error)
{
    try {
        workspace::Workspace ws(task.workspaceDir);
        training::RunStore runs(ws);
        const auto run = runs.get(task.runId);
        if (training::isLive(run.status) || run.status == training::RunStatus::Interrupted)
            runs.end(task.runId, training::RunStatus::Failed, run.summary, error);
    } catch (const std::exception &) {
        // The trial is recorded as failed either way; its run row is only tidier.
    }
}

} // namespace

TrialResult runTrial(const TrialTask &task, const SweepSpec &spec, const hpo::Pruner *pruner,
                     const TrialSignals &signals, std::stop_token stop)
{
    TrialResult result;
    try {
        result = spec.isCommand() ? runCommandTrial(task, spec, pruner, signals, stop)
                                  : runRunTrial(task, spec, pruner, signals, stop);
    } catch (const std::exception &e) {
        result = resultOf(task, TrialState::Failed, {}, e.what());
        endRunAsFailed(task, e.what());
    }
    if (result.state == TrialState::Stopped)
        return result;
    try {
        workspace::Workspace ws(task.workspaceDir);
        SweepStore(ws).setTrialState(task.sweepId, task.number, result.state, result.objective,
                                     result.error);
    } catch (const std::exception &e) {
        result = resultOf(task, TrialState::Failed, {}, e.what());
    }
    return result;
}

} // namespace dllab::sweep
