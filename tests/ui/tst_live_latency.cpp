// Live metrics take one path for every run (DESIGN.md §3): training commits its points to the
// store at most every 250 ms, the WorkspaceMonitor reads what is new every 100 ms while a run is
// live, and the open chart draws it. A run trained by dllab-cli in another process, a sweep
// trial and a run launched from this window all reach the chart within 0.5 s of the training
// step that made the point (its wall_ms).
#include "gui_test_helpers.h"

#include "datasets/dataset_store.h"
#include "plots/metric_chart.h"
#include "training/run_spec.h"
#include "ui/runs/run_charts_panel.h"
#include "ui/runs/run_controller.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/jobs_panel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/workspace_monitor.h"
#include "ui/sweeps/sweep_controller.h"
#include "workspace/workspace.h"

#include <QDateTime>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>

#include <signal.h>

#include <algorithm>

using namespace dllab;
using dllab::test::sharedData;
using nlohmann::json;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr qint64 kLatencyLimitMs = 500;

json irisSpec(int epochs)
{
    json spec = training::defaultRunSpec();
    spec["dataset"] = "iris@v1";
    spec["epochs"] = epochs;
    spec["batch_size"] = 16;
    return spec;
}

} // namespace

class TestLiveLatency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::importData(m_dir.path(), "iris", sharedData(QStringLiteral("iris.csv")));
        m_window = std::make_unique<ui::MainWindow>(m_dir.path().toStdString());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->setView(QStringLiteral("runs")));
    }

    void cleanupTestCase() { m_window.reset(); }

    void aRunTrainedByAnotherProcess()
    {
        QProcess cli;
        cli.start(QStringLiteral(DLLAB_CLI),
                  {QStringLiteral("--workspace"), m_dir.path(), QStringLiteral("train"),
                   QStringLiteral("--dataset"), QStringLiteral("iris@v1"),
                   QStringLiteral("--epochs"), QStringLiteral("100000")});
        QVERIFY(cli.waitForStarted());
        const qint64 id =
            waitForRunningRun([](const training::RunRecord &r) { return !r.sweepId; });
        measure(id, QStringLiteral("dllab-cli train"));
        ::kill(pid_t(cli.processId()), SIGINT); // as Ctrl-C: the run stops at its next batch
        QVERIFY(cli.waitForFinished(kTimeoutMs));
    }

    void aSweepTrial()
    {
        json spec = {{"name", "latency"},
                     {"objective", {{"metric", "val_accuracy"}, {"goal", "maximize"}}},
                     {"algorithm", {{"name", "random"}, {"seed", 1}}},
                     {"parameters", json::parse(R"([{"name": "optimizer.lr", "type": "double",
                                                     "min": 0.001, "max": 0.01}])")},
                     {"maxTrialCount", 1},
                     {"parallelTrialCount", 1},
                     {"trial", {{"run", irisSpec(100000)}}}};
        m_window->sweepController()->launch(spec);
        const qint64 id =
            waitForRunningRun([](const training::RunRecord &r) { return r.sweepId.has_value(); });
        measure(id, QStringLiteral("sweep trial"));
        for (ui::JobRow *row : m_window->jobsPanel()->rows())
            row->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->sweepController()->activeCount() == 0, kTimeoutMs);
    }

    void aRunLaunchedFromThisWindow()
    {
        ui::RunHandle *handle = m_window->runController()->launch(irisSpec(100000));
        QTRY_VERIFY_WITH_TIMEOUT(handle->runId() > 0, kTimeoutMs);
        const qint64 id = handle->runId();
        waitForRunningRun([id](const training::RunRecord &r) { return r.id == id; });
        measure(id, QStringLiteral("GUI run"));
        m_window->runController()->cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(handle->isFinished(), kTimeoutMs);
    }

private:
    template <typename Match> qint64 waitForRunningRun(Match match)
    {
        qint64 found = 0;
        const auto look = [&] {
            for (const auto &r : m_window->monitor()->runs())
                if (r.status == training::RunStatus::Running && match(r))
                    found = r.id;
            return found != 0;
        };
        if (!QTest::qWaitFor(look, kTimeoutMs))
            qFatal("no running run appeared");
        return found;
    }

    // Opens the run's chart, then checks every point that arrives live for 3 s: how long after
    // its training step it reached the chart.
    void measure(qint64 runId, const QString &what)
    {
        ui::RunsView *view = m_window->runsView();
        QTRY_VERIFY_WITH_TIMEOUT(view->selectRuns({QString::number(runId)}), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!view->charts()->isLoading(), kTimeoutMs);
        const QString series = QStringLiteral("%1:train_loss").arg(runId);
        const qsizetype before = view->charts()->lossChart()->pointCount(series);
        std::vector<qint64> latencies;
        QMetaObject::Connection c =
            connect(m_window->monitor(), &ui::WorkspaceMonitor::metricsArrived, this,
                    [&](qint64 id, const ui::MetricPoints &points) {
                        if (id != runId)
                            return;
                        const qint64 now = QDateTime::currentMSecsSinceEpoch();
                        for (const auto &p : points)
                            latencies.push_back(now - p.wallMs);
                    });
        QTest::qWait(3000);
        disconnect(c);
        QVERIFY2(latencies.size() > 10, qPrintable(what));
        QVERIFY(view->charts()->lossChart()->pointCount(series) > before); // drawn, too
        std::sort(latencies.begin(), latencies.end());
        const qint64 median = latencies[latencies.size() / 2], worst = latencies.back();
        qInfo("%s: %zu points, step to chart median %lld ms, max %lld ms", qPrintable(what),
              latencies.size(), static_cast<long long>(median), static_cast<long long>(worst));
        QVERIFY2(worst <= kLatencyLimitMs,
                 qPrintable(QStringLiteral("%1: %2 ms").arg(what).arg(worst)));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ui::MainWindow> m_window;
};

QTEST_MAIN(TestLiveLatency)
#include "tst_live_latency.moc"
