#include "ui/sweeps/sweep_snapshot.h"

#include "training/hpo/search_space.h"
#include "training/sweep/sweep_report.h"
#include "workspace/workspace.h"

using nlohmann::json;

namespace dllab::ui {

namespace {

std::vector<hpo::Trial> asHpoTrials(const std::vector<sweep::TrialRecord> &trials)
{
    std::vector<hpo::Trial> out;
    for (const auto &t : trials) {
        if (t.state != sweep::TrialState::Complete || !t.objective)
            continue;
        hpo::Trial trial;
        trial.number = t.number;
        trial.params = t.params;
        trial.state = hpo::TrialState::Complete;
        trial.value = t.objective;
        out.push_back(std::move(trial));
    }
    return out;
}

// `row`: the sweep's summary row, which has its objective.
SweepDetail makeDetail(const sweep::SweepRecord &record, const SweepRow &row,
                       std::vector<sweep::TrialRecord> trials)
{
    SweepDetail detail;
    detail.id = record.id;
    detail.spec = record.spec;
    const std::vector<hpo::Trial> complete = asHpoTrials(trials);
    detail.importanceSamples = int(complete.size());
    detail.metric = row.metric;
    detail.maximize = row.maximize;
    try {
        const auto space =
            hpo::SearchSpace::fromJson(record.spec.value("parameters", json::array()));
        detail.params = space.params();
        detail.importance = hpo::parameterImportance(space, complete);
    } catch (const std::exception &) {
        // A stored spec this build cannot read: the trials still show, without importance.
    }
    detail.status = record.status;
    detail.trials = std::move(trials);
    return detail;
}

} // namespace

SweepRow sweepRow(const sweep::SweepRecord &record, const std::vector<sweep::TrialRecord> &trials)
{
    const json summary = sweep::sweepSummaryJson(record, trials);
    SweepRow row;
    row.id = record.id;
    row.name = QString::fromStdString(record.name);
    row.status = record.status;
    row.algorithm = QString::fromStdString(summary.value("algorithm", std::string()));
    const json objective = summary.value("objective", json::object());
    row.metric = QString::fromStdString(objective.value("metric", std::string()));
    row.maximize = objective.value("goal", std::string("maximize")) != "minimize";
    const json counts = summary.value("counts", json::object());
    row.done = counts.value("complete", 0) + counts.value("pruned", 0) + counts.value("failed", 0);
    row.maxTrials = summary.value("maxTrialCount", 0);
    row.parallel = summary.value("parallelTrialCount", 1);
    if (summary.contains("best_objective") && summary["best_objective"].is_number())
        row.best = summary["best_objective"].get<double>();
    row.control = record.control;
    row.created = QDateTime::fromString(QString::fromStdString(record.createdAt), Qt::ISODate);
    return row;
}

SweepSnapshot loadSweepSnapshot(const std::filesystem::path &dir, qint64 detailId)
{
    SweepSnapshot snapshot;
    try {
        workspace::Workspace ws(dir);
        sweep::SweepStore store(ws);
        const std::vector<sweep::SweepRecord> records = store.list();
        const qint64 wanted = detailId > 0 ? detailId : records.empty() ? 0 : records.back().id;
        for (const auto &record : records) {
            std::vector<sweep::TrialRecord> trials = store.trials(record.id);
            snapshot.sweeps.push_back(sweepRow(record, trials));
            if (record.id == wanted)
                snapshot.detail = makeDetail(record, snapshot.sweeps.back(), std::move(trials));
        }
        snapshot.ok = true;
    } catch (const std::exception &) {
        snapshot = {};
    }
    return snapshot;
}

} // namespace dllab::ui
