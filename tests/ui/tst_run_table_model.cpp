// RunTableModel under QAbstractItemModelTester: batched inserts, in-place updates, removals; and
// 1,000 real runs written through RunStore showing up in the Runs view of a fresh window.
#include "training/run_spec.h"
#include "training/run_store.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/main_window.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace dllab;
using ui::RunTableModel;

namespace {

training::RunRecord fakeRun(int64_t id, const std::string &status, double valAccuracy = -1)
{
    training::RunRecord r;
    r.id = id;
    r.name = "run-" + std::to_string(id);
    r.kind = "train";
    r.status = training::parseRunStatus(status);
    r.spec = training::defaultRunSpec();
    r.spec["dataset"] = "mnist@v1";
    r.spec["optimizer"]["lr"] = 0.001 * double(id);
    r.spec["model"] = {{"arch", "mlp"}, {"hidden", {256, 128}}};
    r.datasetRef = "mnist@v1";
    if (valAccuracy >= 0)
        r.summary = {{"metrics", {{"val_accuracy", valAccuracy}}}, {"best_metric", "val_loss"}};
    r.startedAt = "2024-05-01T12:00:00Z";
    if (status != "running")
        r.endedAt = "2024-05-01T12:01:05Z";
    return r;
}

} // namespace

class TestRunTableModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mergesListingsWithoutResets()
    {
        RunTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        std::vector<training::RunRecord> runs;
        for (int64_t id = 1; id <= 450; ++id)
            runs.push_back(fakeRun(id, "finished", 0.9));
        model.setRuns(runs);
        // The first batch at once, the rest on later turns of the event loop.
        QCOMPARE(model.rowCount(), RunTableModel::kInsertBatch);
        QVERIFY(model.isInserting());
        QTRY_COMPARE(model.rowCount(), 450);
        QCOMPARE(inserts.count(), 3);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        runs[9] = fakeRun(10, "failed");
        runs.erase(runs.begin() + 100); // run 101 is gone
        runs.push_back(fakeRun(451, "running"));
        model.setRuns(runs);
        QTRY_COMPARE(model.rowCount(), 450);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(model.rowOf(101), -1);
        QVERIFY(changed.count() >= 1);
        const int row = model.rowOf(10);
        QCOMPARE(model.index(row, RunTableModel::StatusColumn).data().toString(),
                 QStringLiteral("failed"));
        QCOMPARE(model.index(model.rowOf(3), RunTableModel::ValAccuracyColumn).data().toString(),
                 QStringLiteral("0.9000"));
        QCOMPARE(model.index(model.rowOf(3), RunTableModel::DurationColumn).data().toString(),
                 QStringLiteral("1:05"));
        QCOMPARE(model.index(model.rowOf(3), RunTableModel::ModelColumn).data().toString(),
                 QStringLiteral("mlp [256,128]"));
        // Every cell's tooltip holds its whole text, for where a narrow column cuts it.
        QCOMPARE(model.index(model.rowOf(3), RunTableModel::LrColumn).data(Qt::ToolTipRole),
                 QVariant(QStringLiteral("0.003")));
        QCOMPARE(model.index(model.rowOf(3), RunTableModel::NameColumn).data(Qt::ToolTipRole),
                 QVariant(QStringLiteral("run-3")));
    }

    void thousandRunsOpenInTheRunsView()
    {
        QTemporaryDir dir;
        {
            workspace::Database::ThreadPermit permit; // as another process would
            workspace::Workspace ws(dir.path().toStdString());
            training::RunStore store(ws);
            nlohmann::json spec = training::defaultRunSpec();
            spec["dataset"] = "fake@v1";
            for (int i = 0; i < 1000; ++i) {
                spec["optimizer"]["lr"] = 1e-4 * (i + 1);
                const int64_t id = store.create(spec, std::nullopt);
                if (i % 3 == 0) {
                    store.start(id, {{"device", "cpu"}});
                    store.end(id, training::RunStatus::Finished,
                              {{"metrics", {{"val_accuracy", i / 1000.0}}}});
                }
            }
        }
        ui::MainWindow window(dir.path().toStdString());
        window.setView(ui::MainWindow::View::Runs);
        window.show();
        ui::RunsView *view = window.runsView();
        QAbstractItemModelTester tester(view->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1000, 30000);
        QTRY_VERIFY(!window.isLoading());
        // Sorted newest first; the filter narrows by any column.
        QCOMPARE(view->proxy()->index(0, 0).data().toString(), QStringLiteral("run-1000"));
        view->filterEdit()->setText(QStringLiteral("finished"));
        QCOMPARE(view->proxy()->rowCount(), 334);
        view->table()->sortByColumn(RunTableModel::ValAccuracyColumn, Qt::DescendingOrder);
        QCOMPARE(view->proxy()->index(0, RunTableModel::ValAccuracyColumn).data().toString(),
                 QStringLiteral("0.9990"));

        // At 1024 × 700 a sweep trial's name is read whole: the name column shares the spare
        // width instead of the model column taking it all.
        window.resize(1024, 700);
        QTRY_COMPARE(window.width(), 1024);
        const QFontMetrics metrics(view->table()->font());
        QVERIFY2(
            view->table()->columnWidth(RunTableModel::NameColumn)
                > metrics.horizontalAdvance(QStringLiteral("iris-lr-batch-t12")) + 8,
            qPrintable(QString::number(view->table()->columnWidth(RunTableModel::NameColumn))));
    }
};

QTEST_MAIN(TestRunTableModel)
#include "tst_run_table_model.moc"
