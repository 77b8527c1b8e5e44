#pragma once
// Loss and accuracy of one or more runs, overlaid in two MetricCharts with shared controls
// (x axis, smoothing, log y). A run's stored metrics are read once on a pool thread (LatestRead);
// from the row that read ended at, the WorkspaceMonitor delivers the points written since, for
// every run alike, whoever trains it (DESIGN.md §3: one live path, the store).
// GUI thread only; owns its charts and the points it shows.
#include "ui/shell/latest_read.h"
#include "ui/shell/workspace_monitor.h"

#include "plots/chart_controls.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QWidget>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace dllab::plots {
class MetricChart;
}

namespace dllab::ui {

struct ChartRun {
    qint64 id = 0;
    QString name;
};

class RunChartsPanel : public QWidget {
    Q_OBJECT
public:
    // Without a monitor the stored points show, and nothing arrives live.
    explicit RunChartsPanel(WorkspaceMonitor *monitor = nullptr, QWidget *parent = nullptr);

    void setWorkspaceDir(const std::filesystem::path &dir);
    // The runs to overlay; runs already shown keep their points.
    void setRuns(const QList<ChartRun> &runs);
    // New points of a shown run (from the monitor); ignored for runs not shown or still loading.
    // A point at or before its key's last step means the run was resumed from a checkpoint:
    // what followed is replaced.
    void addPoints(qint64 runId, const MetricPoints &points);
    // All the points of a shown run, in place of those it has (some were deleted: a resume).
    void replacePoints(qint64 runId, const MetricPoints &points);
    bool isLoading() const;

    plots::MetricChart *lossChart() const { return m_loss; }
    plots::MetricChart *accuracyChart() const { return m_accuracy; }

private:
    struct RunData {
        ChartRun run;
        std::map<std::string, std::vector<training::MetricPoint>> byKey;
        int64_t stepsPerEpoch = 0; // from the first epoch-level point; 0 until then
        int64_t maxStep = 0;
        int64_t startWallMs = 0;
        std::shared_ptr<LatestRead<MetricPoints>> read; // the first read of its points
        MetricPoints pending; // arrived from the monitor before that read's answer
    };

    void load(qint64 runId);
    void addSeriesFor(const RunData &data);
    void removeSeriesFor(qint64 runId);
    void merge(RunData &data, const MetricPoints &points, bool feedCharts);
    void feedAll(qint64 runId);
    QPointF toXY(const RunData &data, const training::MetricPoint &point) const;

    WorkspaceMonitor *m_monitor;
    std::filesystem::path m_workspaceDir;
    QHash<qint64, RunData> m_runs;
    plots::ChartControls *m_controls;
    plots::MetricChart *m_loss;
    plots::MetricChart *m_accuracy;
};

} // namespace dllab::ui
