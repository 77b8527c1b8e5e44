#pragma once
// Runs, their metrics and artifacts in the workspace catalog (DESIGN.md §2). No torch; use from
// one thread (it uses the Workspace's connection). Writes are short transactions, so a GUI may
// read while a run writes.
#include "run_status.h"
#include "workspace/error.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dllab::training {

struct RunRecord {
    int64_t id = 0;
    std::string name, kind;
    RunStatus status = RunStatus::Queued;
    std::optional<int64_t> sweepId;
    nlohmann::json spec, env, summary;
    std::optional<int64_t> datasetVersionId;
    std::string datasetRef; // name@vN, empty when the version is gone
    std::string error, createdAt, startedAt, endedAt;
    RunControl control = RunControl::None; // a pending request from another process

    // A sweep trial stopped by early stopping ends as cancelled (it has no final model); its
    // summary says it was pruned, which is what lists show.
    bool pruned() const { return status == RunStatus::Cancelled && summary.value("pruned", false); }
    std::string shownStatus() const { return pruned() ? "pruned" : statusName(status); }
    bool operator==(const RunRecord &) const = default;
};

// RunStore::start's refusal when another process trains the run, or (onlyQueued) it left the
// queue: a scheduler that lost the race leaves the run to its owner.
class RunTaken : public Error {
public:
    using Error::Error;
};

struct MetricPoint {
    std::string key;
    int64_t step = 0;
    std::optional<int64_t> epoch;
    double value = 0;
    int64_t wallMs = 0; // since the Unix epoch
};

struct ArtifactRecord {
    int64_t id = 0;
    int64_t runId = 0;
    std::string kind, blob;
    nlohmann::json meta;
    std::string createdAt;
};

class RunStore {
public:
    explicit RunStore(workspace::Workspace &workspace) : m_ws(workspace) {}

    // A queued run; returns its id. The name defaults to "run-<id>". `claimed`: running
    // already, owned by this process (trained at once, in the foreground: no scheduler adopts it).
    int64_t create(const nlohmann::json &spec, std::optional<int64_t> datasetVersionId,
                   const std::string &kind = "train", std::optional<int64_t> sweepId = {},
                   const std::string &name = {}, bool claimed = false);
    // Claims the run for this process (status running, owner recorded, env stored), in one
    // write transaction so two processes never both train it. Throws dllab::Error when the
    // run is running elsewhere, finished, or (onlyQueued) no longer queued.
    void start(int64_t id, const nlohmann::json &env, bool onlyQueued = false);
    // Ends the run: finished | failed | cancelled | paused | interrupted.
    void end(int64_t id, RunStatus status, const nlohmann::json &summary,
             const std::string &error = {});
    void setSummary(int64_t id, const nlohmann::json &summary);

    // Runs `running` whose owner process is gone become `interrupted`; returns how many.
    int recoverInterrupted();
    // Asks a running run to stop (pause or cancel), through its row, whichever process trains
    // it; a run nobody trains changes at once (queued -> paused or cancelled; paused or
    // interrupted -> cancelled). Returns the status after the request; throws dllab::Error when
    // the run's status takes no such request.
    RunStatus requestControl(int64_t id, RunControl control);
    // Puts a run that can resume back in the queue (status queued), for a scheduler to train.
    void requeue(int64_t id);
    RunControl control(int64_t id);
    RunStatus status(int64_t id);

    // All points in one transaction.
    void appendMetrics(int64_t runId, const std::vector<MetricPoint> &points);
    // Resume drops what was written after its checkpoint.
    void deleteMetricsAfterEpoch(int64_t runId, int64_t epoch);
    std::vector<MetricPoint> metrics(int64_t runId, const std::string &key = {});
    // The points written after catalog row `afterRow` (0: all of them), in the order they were
    // written, for a reader that follows a live run a little at a time; `afterRow` becomes the
    // newest row read. Rows a resume deleted may be written again under the same row ids, so a
    // reader starts again from 0 when the run's status changes.
    std::vector<MetricPoint> metricsAfter(int64_t runId, int64_t &afterRow);

    // An epoch's end in one transaction: its remaining metric points, its checkpoint artifact
    // and the run's summary so far. A reader sees all of it or none.
    void commitEpoch(int64_t runId, const std::vector<MetricPoint> &points,
                     const std::string &checkpointBlob, const nlohmann::json &checkpointMeta,
                     const nlohmann::json &summary);

    int64_t addArtifact(int64_t runId, const std::string &kind, const std::string &blob,
                        const nlohmann::json &meta);
    std::vector<ArtifactRecord> artifacts(int64_t runId, const std::string &kind = {});

    // By id ("12") or by name; throws dllab::Error when there is no such run.
    RunRecord get(const std::string &idOrName);
    RunRecord get(int64_t id);
    std::vector<RunRecord> list();

private:
    bool ownedHere(int64_t id);

    workspace::Workspace &m_ws;
};

int64_t nowMs();

} // namespace dllab::training
