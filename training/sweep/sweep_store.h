#pragma once
// Sweeps and their trials in the workspace catalog: the `sweeps` row (spec, status, owner,
// control, best run) and one `sweep_trials` row per trial (number, run, parameters, state,
// objective). Everything a resumed sweep needs is here. Use from one thread (it uses the
// Workspace's connection); every write is one short transaction.
#include "training/hpo/trial.h"
#include "training/sweep/sweep_status.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dllab::sweep {

struct SweepRecord {
    int64_t id = 0;
    std::string name;
    SweepStatus status = SweepStatus::Interrupted;
    nlohmann::json spec;
    std::optional<int64_t> bestRunId;
    SweepControl control = SweepControl::None; // pending request to the runner
    bool ownerAlive = false;
    int64_t ownerPid = 0;
    std::string createdAt, endedAt;
};

// A trial as stored (see shownTrialState for what users see).
struct TrialRecord {
    int number = 0;
    std::optional<int64_t> runId;
    hpo::Params params;
    TrialState state = TrialState::Queued;
    std::optional<double> objective;
    std::string error;

    bool isDone() const { return sweep::isDone(state); }
    bool operator==(const TrialRecord &) const = default;
};

class SweepStore {
public:
    explicit SweepStore(workspace::Workspace &ws) : m_ws(ws) {}

    int64_t create(const nlohmann::json &spec, const std::string &name);
    // The newest sweep of that name.
    std::optional<SweepRecord> findByName(const std::string &name);
    // By id ("3") or by name (the newest); throws dllab::Error when there is none.
    SweepRecord get(const std::string &idOrName);
    SweepRecord get(int64_t id);
    std::vector<SweepRecord> list();

    // Sweeps running or paused under a dead owner become interrupted; returns how many.
    int recoverInterrupted();
    // This process becomes the sweep's runner (status running, control cleared); throws
    // dllab::Error when a live process holds it.
    void claim(int64_t id);
    // The runner's state, while it holds the sweep.
    void setStatus(int64_t id, SweepStatus status);
    // Releases the sweep with a final status (or interrupted).
    void release(int64_t id, SweepStatus status);
    void setBest(int64_t id, std::optional<int64_t> runId);
    void setControl(int64_t id, SweepControl control);
    void setSpec(int64_t id, const nlohmann::json &spec);

    void addTrial(int64_t sweepId, int number, const hpo::Params &params);
    void setTrialRun(int64_t sweepId, int number, int64_t runId);
    void setTrialState(int64_t sweepId, int number, TrialState state,
                       std::optional<double> objective = {}, const std::string &error = {});
    std::vector<TrialRecord> trials(int64_t sweepId);

    workspace::Workspace &workspace() { return m_ws; }

private:
    workspace::Workspace &m_ws;
};

} // namespace dllab::sweep
