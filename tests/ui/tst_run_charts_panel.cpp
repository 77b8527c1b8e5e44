// The run charts following a run that another process trains: its points are read on from the
// catalog as they are written (a little at a time, not the whole history every 2 s), and read
// again from the start when the run's status changes, so a resume that rewrote points shows
// what the store holds. Real RunStore writes into a real workspace, a real RunChartsPanel.
#include "ui/runs/run_charts_panel.h"
#include "ui/shell/workspace_monitor.h"

#include "plots/metric_chart.h"
#include "training/run_store.h"
#include "workspace/workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace dllab;

namespace {

constexpr int kTimeoutMs = 10000; // the panel reads a live run every 2 s

// val_loss at `steps`, in epoch `epoch`, value = offset + step.
std::vector<training::MetricPoint> valLoss(int64_t from, int64_t to, int64_t epoch, double offset)
{
    std::vector<training::MetricPoint> points;
    for (int64_t step = from; step <= to; ++step)
        points.push_back({"val_loss", step, epoch, offset + double(step), 1000 * step});
    return points;
}

// The last drawn point's value; NaN while the series is empty (a re-read clears it first).
double lastY(plots::MetricChart *chart, const QString &series)
{
    const auto points = chart->drawnPoints(series);
    return points.isEmpty() ? std::nan("") : points.last().y();
}

} // namespace

class TestRunChartsPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The points of any run reach the chart through the store and the monitor, whoever writes
    // them (here: this test, as another process would).
    void followsARunTrainedElsewhere()
    {
        QTemporaryDir dir;
        // This test writes the points as a training process would; the GUI thread may not.
        const auto write = [&](auto change) {
            workspace::Database::ThreadPermit permit;
            workspace::Workspace ws(dir.path().toStdString());
            training::RunStore runs(ws);
            change(runs);
        };
        int64_t id = 0;
        write([&](training::RunStore &runs) {
            id = runs.create({{"command", {"train.py"}}}, std::nullopt);
            runs.appendMetrics(id, valLoss(1, 5, 1, 0.0));
            runs.appendMetrics(id, valLoss(6, 10, 2, 0.0));
        });

        ui::WorkspaceMonitor monitor;
        monitor.setWorkspaceDir(dir.path().toStdString());
        ui::RunChartsPanel panel(&monitor);
        panel.setWorkspaceDir(dir.path().toStdString());
        plots::MetricChart *chart = panel.lossChart();
        // No run chosen: the empty plot says what to do instead of showing bare 0-1 axes.
        panel.setRuns({});
        chart->rebuildNow();
        QVERIFY(chart->showsEmptyText());
        QVERIFY(chart->emptyText().startsWith(QStringLiteral("Select runs")));
        panel.setRuns({ui::ChartRun{id, QStringLiteral("elsewhere")}});
        const QString series = QStringLiteral("%1:val_loss").arg(id);
        QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(series), qsizetype(10), kTimeoutMs);
        chart->rebuildNow();
        QVERIFY(!chart->showsEmptyText());

        // Written while it is shown: read on from where the last read ended.
        write([&](training::RunStore &runs) { runs.appendMetrics(id, valLoss(11, 13, 3, 0.0)); });
        QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(series), qsizetype(13), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(lastY(chart, series), 13.0, kTimeoutMs);

        // The run is resumed from its epoch-2 checkpoint and writes epoch 3 anew: the resume
        // deletes the old epoch 3, and its new rows may reuse the deleted rows' ids.
        write([&](training::RunStore &runs) {
            runs.deleteMetricsAfterEpoch(id, 2);
            runs.appendMetrics(id, valLoss(11, 12, 3, 100.0));
        });
        QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(series), qsizetype(12), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(lastY(chart, series), 112.0, kTimeoutMs);

        // And on from there.
        write([&](training::RunStore &runs) { runs.appendMetrics(id, valLoss(13, 14, 3, 100.0)); });
        QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(series), qsizetype(14), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(lastY(chart, series), 114.0, kTimeoutMs);
    }
};

QTEST_MAIN(TestRunChartsPanel)
#include "tst_run_charts_panel.moc"
