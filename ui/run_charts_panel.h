#pragma once
// Loss and accuracy of one or more runs, overlaid in two MetricCharts with shared controls
// (x axis, smoothing, log y). A run's stored metrics are read on a pool thread with that thread's
// own Workspace; live points of runs this process trains come in through addPoints() (already
// drained from the run's buffer at ~30 Hz); runs another process trains are read again every
// couple of seconds. GUI thread only; owns its charts and the points it shows.
#include "run_job.h"

#include "plots/chart_controls.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <filesystem>
#include <map>
#include <string>

namespace dllab::plots {
class MetricChart;
}

namespace dllab::ui {

struct ChartRun {
    qint64 id = 0;
    QString name;
    bool reloadPeriodically = false; // running in another process
};

class RunChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunChartsPanel(QWidget *parent = nullptr);

    void setWorkspaceDir(const std::filesystem::path &dir);
    // The runs to overlay; runs already shown keep their points.
    void setRuns(const QList<ChartRun> &runs);
    QList<qint64> runIds() const { return m_runs.keys(); }
    // Live points of a run this process trains; ignored for runs not shown. A point at or before
    // its key's last step means the run was resumed from a checkpoint: what followed is replaced.
    void addPoints(qint64 runId, const MetricPoints &points);
    // Reads the run's points again (after a resume dropped the unfinished epoch's points).
    void reload(qint64 runId);
    bool isLoading() const;

    plots::MetricChart *lossChart() const { return m_loss; }
    plots::MetricChart *accuracyChart() const { return m_accuracy; }
    plots::ChartControls *controls() const { return m_controls; }

    // The colour a run is drawn in everywhere (stable per run id).
    static QColor runColor(qint64 runId);

Q_SIGNALS:
    void loaded(qint64 runId);

private:
    struct RunData {
        ChartRun run;
        std::map<std::string, std::vector<training::MetricPoint>> byKey;
        int64_t stepsPerEpoch = 0; // from the first epoch-level point; 0 until then
        int64_t maxStep = 0;
        int64_t startWallMs = 0;
        bool loading = false;
        quint64 generation = 0;
        int64_t lastRow = 0; // the newest catalog row read: a live run is read on from there
        MetricPoints pendingLive; // arrived while the store was being read
    };

    void addSeriesFor(const RunData &data);
    void removeSeriesFor(qint64 runId);
    void merge(RunData &data, const MetricPoints &points, bool feedCharts);
    void feedAll(qint64 runId);
    QPointF toXY(const RunData &data, const training::MetricPoint &point) const;
    void reloadLive();

    std::filesystem::path m_workspaceDir;
    QHash<qint64, RunData> m_runs;
    quint64 m_generation = 0;
    plots::ChartControls *m_controls;
    plots::MetricChart *m_loss;
    plots::MetricChart *m_accuracy;
    QTimer m_liveTimer;
};

} // namespace dllab::ui
