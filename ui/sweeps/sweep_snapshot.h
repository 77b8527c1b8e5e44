#pragma once
// What the Sweeps page shows, read in one go on a pool thread with that thread's own Workspace:
// every sweep's summary row, and one sweep's spec, trials and parameter importance. Plain values;
// built on any thread, then moved to the GUI thread.
#include "training/hpo/importance.h"
#include "training/sweep/sweep_store.h"

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QString>

#include <filesystem>
#include <optional>
#include <vector>

namespace dllab::ui {

struct SweepRow {
    qint64 id = 0;
    QString name, algorithm, metric;
    sweep::SweepStatus status = sweep::SweepStatus::Running;
    bool maximize = true;
    int done = 0; // complete, pruned or failed
    int maxTrials = 0, parallel = 1;
    std::optional<double> best;
    sweep::SweepControl control = sweep::SweepControl::None; // a pause or stop asked for
    QDateTime created; // UTC; tells apart sweeps of one name (`sweep run --new`)
};

struct SweepDetail {
    qint64 id = 0;
    nlohmann::json spec;
    // From its spec: the parameters (none when this build cannot read them) and the objective.
    std::vector<hpo::ParamSpec> params;
    QString metric;
    bool maximize = true;
    sweep::SweepStatus status =
        sweep::SweepStatus::Running; // its trials show cut off when interrupted
    std::vector<sweep::TrialRecord> trials;
    std::vector<hpo::ParamImportance> importance;
    int importanceSamples = 0;
};

struct SweepSnapshot {
    bool ok = false;
    std::vector<SweepRow> sweeps; // by id, oldest first
    std::optional<SweepDetail> detail;
};

// detailId 0: the newest sweep's detail. Never throws: a busy or vanished workspace gives
// ok = false and the caller tries again later. (The WorkspaceMonitor's first read of a
// workspace marks sweeps whose runner died interrupted.)
SweepSnapshot loadSweepSnapshot(const std::filesystem::path &dir, qint64 detailId);

// A summary row from a sweep's record and trials (what `sweep list` reports).
SweepRow sweepRow(const sweep::SweepRecord &record, const std::vector<sweep::TrialRecord> &trials);

} // namespace dllab::ui
